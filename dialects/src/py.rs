//! The `py` dialect: Python semantics, close to the source. Values start as `!py.object` and
//! are given concrete types by `py-infer-types`. Control flow is structured (regions), loops
//! carry values through block arguments as in the `loop` dialect, and every op carries the
//! `file:line:col` of the Python expression it came from.

use crate::ir::Arity::{AtLeast, Exactly};
use crate::ir::{OpDef, Trait};

crate::attr_enum! {
    /// Python's binary operators (`py.binop`).
    pub enum BinOpKind {
        Add = "add",
        Sub = "sub",
        Mul = "mul",
        TrueDiv = "truediv",
        FloorDiv = "floordiv",
        Mod = "mod",
        Pow = "pow",
        MatMul = "matmul",
        LShift = "lshift",
        RShift = "rshift",
        BitAnd = "bitand",
        BitOr = "bitor",
        BitXor = "bitxor",
    }
}
crate::attr_enum! {
    /// Python's unary operators (`py.unaryop`).
    pub enum UnaryOpKind {
        Neg = "neg",
        Pos = "pos",
        Not = "not",
        Invert = "invert",
    }
}
/// Ops that may end a region of `py.if`, `py.for` or a `py.while` body.
const REGION_ENDS: &[&str] = &[
    "py.yield",
    "py.break",
    "py.continue",
    "py.return",
    "py.raise",
    "py.unreachable",
];

crate::attr_enum! {
    /// Python's comparison operators (`py.compare`).
    pub enum CompareKind {
        Eq = "eq",
        Ne = "ne",
        Lt = "lt",
        Le = "le",
        Gt = "gt",
        Ge = "ge",
        Is = "is",
        IsNot = "is_not",
        In = "in",
        NotIn = "not_in",
    }
}

/// A Python function (`def`). Entry block arguments are the parameters; `arg_names` keeps their
/// Python names; every block ends with `py.return`.
pub const FUNC: OpDef = OpDef {
    name: "py.func",
    summary: "a Python function",
    example: "py.func {arg_names = [\"x\"], function_type = (!py.object) -> !py.object, sym_name = \"f\"} {\n^bb0(%arg0: !py.object):\n  py.return %arg0 : !py.object\n}",
    regions: 1,
    attrs: &[func::SYM_NAME.required(), func::FUNCTION_TYPE.required(), func::ARG_NAMES.optional(), func::DECORATOR.optional(), func::SIGNATURES.optional(), func::NOPYTHON.optional(), func::PARALLEL.optional(), func::FASTMATH.optional(), func::CACHE.optional(), func::BOUNDSCHECK.optional(), func::TARGET.optional(), func::LAYOUT.optional()],
    traits: &[
        Trait::IsolatedFromAbove,
        Trait::SingleBlockRegions,
        Trait::RegionTerminator(&["py.return", "py.raise", "py.unreachable"]),
        Trait::HasParent(&["builtin.module"]),
    ],
    verify: Some(crate::func::verify_function_like),
    ..OpDef::DEFAULT
};

/// The attributes of `py.func`.
pub mod func {
    use crate::ir::{AttrKey, AttrKind, FunctionType};

    pub const SYM_NAME: AttrKey<String> = AttrKey::new("sym_name");
    pub const FUNCTION_TYPE: AttrKey<FunctionType> = AttrKey::new("function_type");
    pub const ARG_NAMES: AttrKey<Vec<String>> = AttrKey::new("arg_names");
    pub const DECORATOR: AttrKey<String> = AttrKey::new("decorator");
    pub const SIGNATURES: AttrKey<AttrKind> = AttrKey::new("signatures");
    pub const NOPYTHON: AttrKey<bool> = AttrKey::new("nopython");
    pub const PARALLEL: AttrKey<bool> = AttrKey::new("parallel");
    pub const FASTMATH: AttrKey<bool> = AttrKey::new("fastmath");
    pub const CACHE: AttrKey<bool> = AttrKey::new("cache");
    pub const BOUNDSCHECK: AttrKey<bool> = AttrKey::new("boundscheck");
    pub const TARGET: AttrKey<String> = AttrKey::new("target");
    pub const LAYOUT: AttrKey<String> = AttrKey::new("layout");
}

/// `return value` (or a bare `return`). It may end a nested region (an early return from
/// inside `py.if`, `py.for` or `py.while`); it always leaves the enclosing `py.func`.
pub const RETURN: OpDef = OpDef {
    name: "py.return",
    summary: "return from a Python function",
    example: FUNC.example,
    operands: AtLeast(0),
    traits: &[Trait::Terminator],
    verify: Some(verify_return),
    ..OpDef::DEFAULT
};

/// `raise Kind("message")` (or `raise Kind`): raise the builtin exception `kind` with `message`
/// (empty: none). Like `py.return` it may end a nested region and leaves the enclosing
/// `py.func`: control does not go on after it.
pub const RAISE: OpDef = OpDef {
    name: "py.raise",
    summary: "raise a builtin Python exception",
    example: "py.func {function_type = (i1) -> (), sym_name = \"f\"} {\n^bb0(%arg0: i1):\n  py.if %arg0 : i1 {\n    py.raise {kind = \"ValueError\", message = \"bad\"}\n  } {\n    py.yield\n  }\n  py.return\n}",
    attrs: &[
        raise::KIND.required(),
        raise::MESSAGE.required(),
        raise::PENDING.optional(),
    ],
    traits: &[Trait::Terminator],
    ..OpDef::DEFAULT
};

/// The attributes of `py.raise`.
pub mod raise {
    use crate::ir::AttrKey;

    /// The builtin exception class (`ValueError`).
    pub const KIND: AttrKey<String> = AttrKey::new("kind");
    /// The message (empty for `raise ValueError` or `raise ValueError()`).
    pub const MESSAGE: AttrKey<String> = AttrKey::new("message");
    /// Set by `py-propagate-raises`: leave the function because a function it called raised
    /// (that exception, already recorded, is the one the caller sees; `kind` and `message` are
    /// empty).
    pub const PENDING: AttrKey<bool> = AttrKey::new("pending");
}

/// Whether a function called since the current call into compiled code began raised an
/// exception (see `py-propagate-raises`).
pub const RAISED: OpDef = OpDef {
    name: "py.raised",
    summary: "whether a called function raised an exception",
    example: "%0 = py.raised : i1",
    results: Exactly(1),
    traits: &[Trait::ReadOnly],
    ..OpDef::DEFAULT
};

/// `raise Kind("message")` inside a `try` body: record the exception (as `py.raise` does) and
/// go on; the frontend follows it with a `py.break` out of the body (see `py.catch`).
pub const THROW: OpDef = OpDef {
    name: "py.throw",
    summary: "record a builtin Python exception without leaving",
    example: "py.throw {kind = \"ValueError\", message = \"bad\"}",
    attrs: &[raise::KIND.required(), raise::MESSAGE.required()],
    ..OpDef::DEFAULT
};

/// After a `try` body: the site of the exception recorded during the current call (an `i64`,
/// -1 when none), which is cleared, so that the handlers (and `finally`) run as if nothing was
/// raised; `py.rethrow` records it again.
pub const CATCH: OpDef = OpDef {
    name: "py.catch",
    summary: "take the pending exception",
    example: "%0 = py.catch : i64",
    results: Exactly(1),
    ..OpDef::DEFAULT
};

/// Whether the exception taken by `py.catch` (its site, not -1) is of one of `classes` or a
/// subclass (see `blackbird_dialects::exceptions`).
pub const EXCEPTION_IS: OpDef = OpDef {
    name: "py.exception_is",
    summary: "whether a caught exception matches an except clause",
    example:
        "%0 = py.catch : i64\n%1 = py.exception_is %0 {classes = [\"ValueError\"]} : (i64) -> i1",
    operands: Exactly(1),
    results: Exactly(1),
    attrs: &[exception_is::CLASSES.required()],
    traits: &[Trait::Pure],
    ..OpDef::DEFAULT
};

/// The attributes of `py.exception_is`.
pub mod exception_is {
    use crate::ir::AttrKey;

    /// The classes of the `except` clause (`BaseException` for a bare `except:`).
    pub const CLASSES: AttrKey<Vec<String>> = AttrKey::new("classes");
}

/// Record again the exception `py.catch` took (its site): no handler matched, or a handler
/// re-raised it with a bare `raise`.
pub const RETHROW: OpDef = OpDef {
    name: "py.rethrow",
    summary: "record a caught exception again",
    example: "%0 = py.catch : i64\npy.rethrow %0 : (i64) -> ()",
    operands: Exactly(1),
    ..OpDef::DEFAULT
};

/// Ends a block that control never reaches (after an `if` whose branches all return).
pub const UNREACHABLE: OpDef = OpDef {
    name: "py.unreachable",
    summary: "end of a block control never reaches",
    example: "py.func {function_type = (i1) -> i64, sym_name = \"f\"} {\n^bb0(%arg0: i1):\n  py.if %arg0 : i1 {\n    %0 = py.constant {value = 1 : i64} : i64\n    py.return %0 : i64\n  } {\n    %1 = py.constant {value = 2 : i64} : i64\n    py.return %1 : i64\n  }\n  py.unreachable\n}",
    traits: &[Trait::Terminator],
    ..OpDef::DEFAULT
};

/// The value of a variable not assigned yet on this path (one first assigned inside a loop, a
/// `try` body or some branches of an `if`, and used after it): it passes into the loop or
/// `if` and is typed as what the variable is assigned there; the frontend's hidden flag
/// says whether it was (a use while it was not raises `UnboundLocalError`).
pub const UNDEF: OpDef = OpDef {
    name: "py.undef",
    summary: "a variable's value before its first assignment",
    example: "%0 = py.undef : !py.object\n%1 = py.undef : f64",
    results: Exactly(1),
    traits: &[Trait::Pure],
    ..OpDef::DEFAULT
};

/// A literal: int, float, bool, complex parts, or `None` (unit value).
pub const CONSTANT: OpDef = OpDef {
    name: "py.constant",
    summary: "a Python literal",
    example: "%0 = py.constant {value = 3 : i64} : !py.object\n%1 = py.constant {value = 2.5 : f64} : f64",
    results: Exactly(1),
    attrs: &[constant::VALUE.required()],
    traits: &[Trait::Pure, Trait::ConstantLike],
    ..OpDef::DEFAULT
};

/// The attributes of `py.constant`.
pub mod constant {
    use crate::ir::{AttrKey, AttrKind};

    pub const VALUE: AttrKey<AttrKind> = AttrKey::new("value");
}

/// A binary operator with Python semantics (`op` names it: `add`, `floordiv`, `matmul`, …).
pub const BINOP: OpDef = OpDef {
    name: "py.binop",
    summary: "Python binary operator",
    example: "%a = py.constant {value = 3 : i64} : !py.object\n%0 = py.binop %a, %a {op = \"floordiv\"} : !py.object",
    operands: Exactly(2),
    results: Exactly(1),
    attrs: &[binop::OP.required(), binop::INPLACE.optional()],
    ..OpDef::DEFAULT
};

/// The attributes of `py.binop`.
pub mod binop {
    use super::BinOpKind;
    use crate::ir::{AttrKey, AttrKind};

    pub const OP: AttrKey<BinOpKind> = AttrKey::new("op");
    /// Present on an augmented assignment (`a += b`).
    pub const INPLACE: AttrKey<AttrKind> = AttrKey::new("inplace");
}

/// A unary operator (`-x`, `+x`, `not x`, `~x`).
pub const UNARYOP: OpDef = OpDef {
    name: "py.unaryop",
    summary: "Python unary operator",
    example: "%a = py.constant {value = 3 : i64} : !py.object\n%0 = py.unaryop %a {op = \"neg\"} : !py.object",
    operands: Exactly(1),
    results: Exactly(1),
    attrs: &[unaryop::OP.required()],
    ..OpDef::DEFAULT
};

/// The attributes of `py.unaryop`.
pub mod unaryop {
    use super::UnaryOpKind;
    use crate::ir::AttrKey;

    pub const OP: AttrKey<UnaryOpKind> = AttrKey::new("op");
}

/// One comparison (chained comparisons become several joined by short-circuit `py.if`).
pub const COMPARE: OpDef = OpDef {
    name: "py.compare",
    summary: "Python comparison",
    example: "%a = py.constant {value = 3 : i64} : !py.object\n%0 = py.compare %a, %a {op = \"lt\"} : !py.object",
    operands: Exactly(2),
    results: Exactly(1),
    attrs: &[compare::OP.required()],
    ..OpDef::DEFAULT
};

/// The attributes of `py.compare`.
pub mod compare {
    use super::CompareKind;
    use crate::ir::AttrKey;

    pub const OP: AttrKey<CompareKind> = AttrKey::new("op");
}

/// Call a function of the same module.
pub const CALL: OpDef = OpDef {
    name: "py.call",
    summary: "call a function of the module",
    example: "py.func {function_type = (!py.object) -> !py.object, sym_name = \"g\"} {\n^bb0(%arg0: !py.object):\n  %0 = py.call %arg0 {callee = @g} : !py.object\n  py.return %0 : !py.object\n}",
    operands: AtLeast(0),
    results: AtLeast(0),
    attrs: &[call::CALLEE.required()],
    verify: Some(verify_call),
    ..OpDef::DEFAULT
};

/// The attributes of `py.call`.
pub mod call {
    use crate::ir::{AttrKey, Symbol};

    pub const CALLEE: AttrKey<Symbol> = AttrKey::new("callee");
}

/// Call a builtin, `math.*` or NumPy function by its qualified name (`len`, `math.sqrt`, `np.zeros`).
pub const CALL_BUILTIN: OpDef = OpDef {
    name: "py.call_builtin",
    summary: "call a builtin, math or NumPy function",
    example: "%a = py.constant {value = 2.0 : f64} : !py.object\n%0 = py.call_builtin %a {name = \"math.sqrt\"} : !py.object",
    operands: AtLeast(0),
    results: AtLeast(0),
    attrs: &[call_builtin::NAME.required(), call_builtin::KWARGS.optional(), call_builtin::FORMAT.optional(), call_builtin::CLASSES.optional()],
    ..OpDef::DEFAULT
};

/// The attributes of `py.call_builtin`.
pub mod call_builtin {
    use crate::ir::AttrKey;

    pub const NAME: AttrKey<String> = AttrKey::new("name");
    /// The names of the trailing keyword operands.
    pub const KWARGS: AttrKey<Vec<String>> = AttrKey::new("kwargs");
    /// `print`: its text, string literals folded in (see `loop.print`).
    pub const FORMAT: AttrKey<String> = AttrKey::new("format");
    /// `isinstance`: the class names of its second argument (`int`, `float`, `bool`,
    /// `complex`).
    pub const CLASSES: AttrKey<Vec<String>> = AttrKey::new("classes");
}

/// `obj.name` (`A.shape`, `A.T`, …).
pub const GETATTR: OpDef = OpDef {
    name: "py.getattr",
    summary: "attribute access",
    example: "%a = py.constant {value = 2.0 : f64} : !py.object\n%0 = py.getattr %a {name = \"shape\"} : !py.object",
    operands: Exactly(1),
    results: Exactly(1),
    attrs: &[getattr::NAME.required()],
    ..OpDef::DEFAULT
};

/// The attributes of `py.getattr`.
pub mod getattr {
    use crate::ir::AttrKey;

    pub const NAME: AttrKey<String> = AttrKey::new("name");
}

/// `obj[i, j, …]`: the object, then one operand per index (ints, slices, `None`).
pub const GETITEM: OpDef = OpDef {
    name: "py.getitem",
    summary: "subscript read",
    example:
        "%a = py.constant {value = 2.0 : f64} : !py.object\n%0 = py.getitem %a, %a : !py.object",
    operands: AtLeast(2),
    results: Exactly(1),
    ..OpDef::DEFAULT
};

/// `obj[i, j, …] = value`: the value, the object, then the indices.
pub const SETITEM: OpDef = OpDef {
    name: "py.setitem",
    summary: "subscript write",
    example:
        "%a = py.constant {value = 2.0 : f64} : !py.object\npy.setitem %a, %a, %a : !py.object",
    operands: AtLeast(3),
    ..OpDef::DEFAULT
};

/// `slice(start, stop, step)`; absent parts are `None` constants.
pub const SLICE: OpDef = OpDef {
    name: "py.slice",
    summary: "a slice object",
    example:
        "%a = py.constant {value = 1 : i64} : !py.object\n%0 = py.slice %a, %a, %a : !py.object",
    operands: Exactly(3),
    results: Exactly(1),
    traits: &[Trait::Pure],
    ..OpDef::DEFAULT
};

/// A tuple of the operands.
pub const TUPLE: OpDef = OpDef {
    name: "py.tuple",
    summary: "build a tuple",
    example: "%a = py.constant {value = 1 : i64} : i64\n%0 = py.tuple %a, %a : (i64, i64) -> tuple<i64, i64>",
    operands: AtLeast(0),
    results: Exactly(1),
    traits: &[Trait::Pure],
    ..OpDef::DEFAULT
};

/// A list of the operands.
pub const LIST: OpDef = OpDef {
    name: "py.list",
    summary: "build a list",
    example: "%a = py.constant {value = 1.0 : f64} : f64\n%0 = py.list %a : (f64) -> !py.list<f64>",
    operands: AtLeast(0),
    results: Exactly(1),
    ..OpDef::DEFAULT
};

/// A dict of the operands, keys and values alternating (`{k0: v0, k1: v1}`; none for `{}`
/// and `dict()`, typed from the first item stored into it).
pub const DICT: OpDef = OpDef {
    name: "py.dict",
    summary: "build a dict",
    example: "%k = py.constant {value = 1 : i64} : i64\n%v = py.constant {value = 1.0 : f64} : f64\n%0 = py.dict %k, %v : (i64, f64) -> !py.dict<i64, f64>",
    operands: AtLeast(0),
    results: Exactly(1),
    ..OpDef::DEFAULT
};

/// A set of the operands (none for `set()`, typed from the first item added to it).
pub const SET: OpDef = OpDef {
    name: "py.set",
    summary: "build a set",
    example: "%k = py.constant {value = 1 : i64} : i64\n%0 = py.set %k : (i64) -> !py.set<i64>",
    operands: AtLeast(0),
    results: Exactly(1),
    ..OpDef::DEFAULT
};

/// `a, b = t`: the elements of a tuple (or sequence of known length).
pub const UNPACK: OpDef = OpDef {
    name: "py.unpack",
    summary: "unpack a tuple",
    example: "%a = py.constant {value = 1 : i64} : i64\n%t = py.tuple %a, %a : (i64, i64) -> tuple<i64, i64>\n%0:2 = py.unpack %t : (tuple<i64, i64>) -> (i64, i64)",
    operands: Exactly(1),
    results: AtLeast(1),
    traits: &[Trait::Pure],
    ..OpDef::DEFAULT
};

/// Convert a value to another type (`int(x)`, `float(x)`, implicit promotions after typing).
pub const CAST: OpDef = OpDef {
    name: "py.cast",
    summary: "type conversion",
    example: "%a = py.constant {value = 1 : i64} : i64\n%0 = py.cast %a : (i64) -> f64",
    operands: Exactly(1),
    results: Exactly(1),
    traits: &[Trait::Pure],
    ..OpDef::DEFAULT
};

/// `if cond:` with then/else regions yielding the variables assigned in them.
pub const IF: OpDef = OpDef {
    name: "py.if",
    summary: "Python if statement",
    example: "%c = py.constant {value = true} : i1\n%0 = py.if %c : (i1) -> !py.object {\n  %1 = py.constant {value = 1 : i64} : !py.object\n  py.yield %1 : !py.object\n} {\n  %2 = py.constant {value = 2 : i64} : !py.object\n  py.yield %2 : !py.object\n}",
    operands: Exactly(1),
    results: AtLeast(0),
    attrs: &[if_::NAMES.optional(), if_::TRY_CHECK.optional()],
    regions: 2,
    traits: &[Trait::SingleBlockRegions, Trait::RegionTerminator(REGION_ENDS)],
    ..OpDef::DEFAULT
};

/// The attributes of `py.if`.
pub mod if_ {
    use crate::ir::AttrKey;

    pub const NAMES: AttrKey<Vec<String>> = AttrKey::new("names");
    /// Set by the frontend on `if py.raised { break(...) }` inside a `try` body: where an
    /// exception raised so far would leave (with the variables' values there);
    /// `py-propagate-raises` keeps the ones needed and copies them after raising ops.
    pub const TRY_CHECK: AttrKey<bool> = AttrKey::new("try_check");
}

/// `while cond:` with a condition region ending in `py.condition` and a body ending in `py.yield`.
pub const WHILE: OpDef = OpDef {
    name: "py.while",
    summary: "Python while loop",
    example: "%i = py.constant {value = 0 : i64} : !py.object\n%0 = py.while %i : !py.object {\n^bb0(%x: !py.object):\n  %n = py.constant {value = 10 : i64} : !py.object\n  %c = py.compare %x, %n {op = \"lt\"} : !py.object\n  py.condition %c, %x : !py.object\n} {\n^bb0(%y: !py.object):\n  py.yield %y : !py.object\n}",
    operands: AtLeast(0),
    results: AtLeast(0),
    attrs: &[while_::NAMES.optional()],
    regions: 2,
    traits: &[Trait::SingleBlockRegions],
    ..OpDef::DEFAULT
};

/// The attributes of `py.while`.
pub mod while_ {
    use crate::ir::AttrKey;

    pub const NAMES: AttrKey<Vec<String>> = AttrKey::new("names");
}

/// `for target in iterable:`; the body's arguments are the target and the carried variables.
pub const FOR: OpDef = OpDef {
    name: "py.for",
    summary: "Python for loop",
    example: "%n = py.constant {value = 10 : i64} : !py.object\n%r = py.call_builtin %n {name = \"range\"} : !py.object\n%s = py.constant {value = 0 : i64} : !py.object\n%0 = py.for %r, %s : !py.object {\n^bb0(%i: !py.object, %acc: !py.object):\n  %1 = py.binop %acc, %i {op = \"add\"} : !py.object\n  py.yield %1 : !py.object\n}",
    operands: AtLeast(1),
    results: AtLeast(0),
    attrs: &[for_::NAMES.optional(), for_::PARALLEL.optional(), for_::TRY_BODY.optional()],
    regions: 1,
    traits: &[Trait::SingleBlockRegions, Trait::RegionTerminator(REGION_ENDS)],
    ..OpDef::DEFAULT
};

/// The attributes of `py.for`.
pub mod for_ {
    use crate::ir::AttrKey;

    pub const NAMES: AttrKey<Vec<String>> = AttrKey::new("names");
    /// The loop is the one-trip body of a `try` statement: an exception raised in it breaks
    /// out of it (`py-propagate-raises`) to the handlers.
    pub const TRY_BODY: AttrKey<bool> = AttrKey::new("try_body");
    /// What each carried variable of a parallel `prange` loop is (`py-parallelize-prange`).
    pub const PARALLEL: AttrKey<Vec<String>> = AttrKey::new("parallel");
}

/// Ends a region of `py.if`, `py.for` or `py.while`.
pub const YIELD: OpDef = OpDef {
    name: "py.yield",
    summary: "yield values from a region",
    example: IF.example,
    operands: AtLeast(0),
    traits: &[
        Trait::Terminator,
        Trait::HasParent(&["py.if", "py.for", "py.while"]),
    ],
    ..OpDef::DEFAULT
};

/// Ends the condition region of `py.while`.
pub const CONDITION: OpDef = OpDef {
    name: "py.condition",
    summary: "loop condition of py.while",
    example: WHILE.example,
    operands: AtLeast(1),
    traits: &[Trait::Terminator, Trait::HasParent(&["py.while"])],
    ..OpDef::DEFAULT
};

/// `break` out of the innermost loop, passing the carried variables.
pub const BREAK: OpDef = OpDef {
    name: "py.break",
    summary: "Python break",
    example: "%n = py.constant {value = 10 : i64} : !py.object\n%r = py.call_builtin %n {name = \"range\"} : !py.object\npy.for %r : !py.object {\n^bb0(%i: !py.object):\n  py.break\n}",
    operands: AtLeast(0),
    traits: &[Trait::Terminator, Trait::HasParent(&["py.for", "py.while", "py.if"])],
    ..OpDef::DEFAULT
};

/// `continue` with the innermost loop, passing the carried variables.
pub const CONTINUE: OpDef = OpDef {
    name: "py.continue",
    summary: "Python continue",
    example: "%n = py.constant {value = 10 : i64} : !py.object\n%r = py.call_builtin %n {name = \"range\"} : !py.object\npy.for %r : !py.object {\n^bb0(%i: !py.object):\n  py.continue\n}",
    operands: AtLeast(0),
    traits: &[Trait::Terminator, Trait::HasParent(&["py.for", "py.while", "py.if"])],
    ..OpDef::DEFAULT
};

pub const OPS: &[&OpDef] = &[
    &FUNC,
    &RETURN,
    &RAISE,
    &RAISED,
    &THROW,
    &CATCH,
    &EXCEPTION_IS,
    &RETHROW,
    &CONSTANT,
    &BINOP,
    &UNARYOP,
    &COMPARE,
    &CALL,
    &CALL_BUILTIN,
    &GETATTR,
    &GETITEM,
    &SETITEM,
    &SLICE,
    &TUPLE,
    &LIST,
    &DICT,
    &SET,
    &UNPACK,
    &CAST,
    &IF,
    &WHILE,
    &FOR,
    &YIELD,
    &CONDITION,
    &BREAK,
    &CONTINUE,
    &UNREACHABLE,
    &UNDEF,
];

fn verify_return(
    ctx: &crate::ir::Context,
    op: crate::ir::OpId,
) -> Result<(), crate::ir::VerifyErrorKind> {
    let mut parent = ctx.parent_op(op);
    while let Some(p) = parent {
        if ctx.op_name(p) == FUNC.name {
            let (_, results) = crate::func::function_signature(ctx, p).ok_or(
                crate::ir::VerifyErrorKind::Function("enclosing py.func has no function type"),
            )?;
            return crate::ir::check_types_match(ctx, ctx.operands(op), &results, "returned value");
        }
        parent = ctx.parent_op(p);
    }
    Err(crate::ir::VerifyErrorKind::Function(
        "must be inside a py.func",
    ))
}

/// Like `func.call`, except that a call of a function returning nothing may still have one
/// result: Python's `None`.
fn verify_call(
    ctx: &crate::ir::Context,
    op: crate::ir::OpId,
) -> Result<(), crate::ir::VerifyErrorKind> {
    crate::func::check_call(ctx, op, true)
}

/// The integer a `py` value holds when it is a literal (`3`) or a negated one (`-1`).
pub fn int_constant(ctx: &crate::ir::Context, v: crate::ir::Value) -> Option<i64> {
    let op = ctx.defining_op(v)?;
    match ctx.op_name(op) {
        "py.constant" => ctx.attr_data(op, "value")?.as_int(),
        "py.unaryop" if unaryop::OP.get(ctx, op) == Some(UnaryOpKind::Neg) => {
            int_constant(ctx, ctx.operand(op, 0)).map(|x| -x)
        }
        _ => None,
    }
}
