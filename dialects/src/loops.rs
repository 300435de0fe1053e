//! The `loop` dialect: explicit structured control flow and buffers. Loops and conditionals
//! carry values through region arguments and `loop.yield` (as MLIR's `scf`); buffers are
//! `memref`s read and written with `loop.load` / `loop.store` (as MLIR's `memref`).

use crate::ir::Arity::{AtLeast, Exactly};
use crate::ir::{
    check_types_match, check_value_type, BlockId, Builder, Context, MemLayout, OpDef, OpId, Trait,
    Type, TypeKind, Value, VerifyErrorKind,
};

mod dicts;
mod lists;
pub use dicts::{dict, DICT_CALL, DICT_MAKE};
pub use lists::{LIST_DATA, LIST_LEN, LIST_NEW, LIST_RESIZE};

const LOOP_PARENTS: &[&str] = &[
    "loop.for",
    "loop.parallel",
    "loop.while",
    "loop.if",
    "loop.alloca_scope",
];

/// `for iv in range(lb, ub, step)` with loop-carried values. The body's arguments are the
/// induction variable and the carried values; `loop.yield` passes the next carried values; the
/// results are the final ones. `step` must be positive.
pub const FOR: OpDef = OpDef {
    name: "loop.for",
    summary: "counted loop with loop-carried values",
    example: "%lb = arith.constant {value = 0 : index} : index\n%ub = arith.constant {value = 10 : index} : index\n%s = arith.constant {value = 1 : index} : index\n%init = arith.constant {value = 0.0 : f64} : f64\n%0 = loop.for %lb, %ub, %s, %init : (index, index, index, f64) -> f64 {\n^bb0(%i: index, %acc: f64):\n  %1 = arith.addf %acc, %acc : f64\n  loop.yield %1 : f64\n}",
    operands: AtLeast(3),
    results: AtLeast(0),
    regions: 1,
    traits: &[Trait::SingleBlockRegions, Trait::RegionTerminator(&["loop.yield"]), Trait::RecursiveEffects],
    verify: Some(verify_for),
    ..OpDef::DEFAULT
};

/// A loop whose iterations are independent and may run in parallel (`prange`). Each init
/// starts a reduction: the body receives only the induction variable and `loop.yield`s one
/// contribution per reduction; the result is the init combined with every contribution by the
/// associative operation its `reductions` entry names (`addf`, `mulf`, `addi`, `muli`, `andi`,
/// `ori`, `xori`), in an unspecified order. `step` must be positive.
pub const PARALLEL: OpDef = OpDef {
    name: "loop.parallel",
    summary: "counted loop with independent iterations and reductions",
    example: "%lb = arith.constant {value = 0 : index} : index\n%ub = arith.constant {value = 10 : index} : index\n%s = arith.constant {value = 1 : index} : index\n%init = arith.constant {value = 0.0 : f64} : f64\n%0 = loop.parallel %lb, %ub, %s, %init {reductions = [\"addf\"]} : (index, index, index, f64) -> f64 {\n^bb0(%i: index):\n  %1 = arith.constant {value = 1.0 : f64} : f64\n  loop.yield %1 : f64\n}",
    operands: AtLeast(3),
    results: AtLeast(0),
    attrs: &[parallel::REDUCTIONS.optional()],
    regions: 1,
    traits: &[Trait::SingleBlockRegions, Trait::RegionTerminator(&["loop.yield"]), Trait::RecursiveEffects],
    verify: Some(verify_parallel),
    ..OpDef::DEFAULT
};

/// The attributes of `loop.parallel`.
pub mod parallel {
    use crate::ir::AttrKey;

    /// The combining operation of each carried value (see [`FLOAT_REDUCTIONS`](super::FLOAT_REDUCTIONS), [`INT_REDUCTIONS`](super::INT_REDUCTIONS)).
    pub const REDUCTIONS: AttrKey<Vec<String>> = AttrKey::new("reductions");
}

/// The combining operations `loop.parallel` reductions may name: float ones, then integer ones.
pub const FLOAT_REDUCTIONS: &[&str] = &["addf", "mulf"];
/// `minsi`/`maxsi` (signed) and `minui`/`maxui` (unsigned) are integer minimum and maximum.
pub const INT_REDUCTIONS: &[&str] = &[
    "addi", "muli", "andi", "ori", "xori", "minsi", "maxsi", "minui", "maxui",
];

/// The `reductions` of a `loop.parallel`, one per init (empty without inits).
pub fn parallel_reductions(ctx: &Context, op: OpId) -> Vec<String> {
    parallel::REDUCTIONS.get(ctx, op).unwrap_or_default()
}

/// `while` loop: the `before` region computes the condition with `loop.condition %c, %vals`;
/// when true, `%vals` enter the `after` region, whose `loop.yield` feeds `before` again;
/// when false, `%vals` are the results.
pub const WHILE: OpDef = OpDef {
    name: "loop.while",
    summary: "while loop with loop-carried values",
    example: "%init = arith.constant {value = 0 : i64} : i64\n%0 = loop.while %init : i64 {\n^bb0(%x: i64):\n  %c = arith.constant {value = 10 : i64} : i64\n  %lt = arith.cmpi %x, %c {predicate = \"slt\"} : (i64, i64) -> i1\n  loop.condition %lt, %x : (i1, i64) -> ()\n} {\n^bb0(%y: i64):\n  %one = arith.constant {value = 1 : i64} : i64\n  %n = arith.addi %y, %one : i64\n  loop.yield %n : i64\n}",
    operands: AtLeast(0),
    results: AtLeast(0),
    regions: 2,
    traits: &[Trait::SingleBlockRegions],
    verify: Some(verify_while),
    ..OpDef::DEFAULT
};

/// `if cond` with a then and an else region, each ending in `loop.yield` of the results.
pub const IF: OpDef = OpDef {
    name: "loop.if",
    summary: "conditional with results",
    example: "%c = arith.constant {value = true} : i1\n%0 = loop.if %c : (i1) -> i64 {\n  %1 = arith.constant {value = 1 : i64} : i64\n  loop.yield %1 : i64\n} {\n  %2 = arith.constant {value = 2 : i64} : i64\n  loop.yield %2 : i64\n}",
    operands: Exactly(1),
    results: AtLeast(0),
    regions: 2,
    traits: &[Trait::SingleBlockRegions, Trait::RegionTerminator(&["loop.yield"]), Trait::RecursiveEffects],
    verify: Some(verify_if),
    ..OpDef::DEFAULT
};

/// A region whose stack buffers (`loop.alloca`s inside it) are freed when it ends, as
/// `memref.alloca_scope` (lowered to the stack pointer's save and restore around it): a loop
/// whose body needs a stack buffer does not grow the stack by one buffer per iteration. Its
/// `loop.yield` gives the results.
pub const ALLOCA_SCOPE: OpDef = OpDef {
    name: "loop.alloca_scope",
    summary: "scope of the stack buffers made inside it",
    example: "%0 = loop.alloca_scope : () -> f64 {\n  %1 = loop.alloca : () -> memref<2xf64>\n  %2 = arith.constant {value = 1.0 : f64} : f64\n  loop.yield %2 : f64\n}",
    operands: Exactly(0),
    results: AtLeast(0),
    regions: 1,
    traits: &[
        Trait::SingleBlockRegions,
        Trait::RegionTerminator(&["loop.yield"]),
        Trait::RecursiveEffects,
    ],
    verify: Some(verify_alloca_scope),
    ..OpDef::DEFAULT
};

/// Ends a region of `loop.for`, `loop.parallel`, `loop.while` (after region), `loop.if` or
/// `loop.alloca_scope`.
pub const YIELD: OpDef = OpDef {
    name: "loop.yield",
    summary: "yield values from a loop or conditional region",
    example: "%c = arith.constant {value = true} : i1\nloop.if %c : i1 {\n  loop.yield\n} {\n  loop.yield\n}",
    operands: AtLeast(0),
    traits: &[Trait::Terminator, Trait::HasParent(LOOP_PARENTS)],
    ..OpDef::DEFAULT
};

/// Ends the `before` region of `loop.while`: continue with `%vals` while `%cond` holds.
pub const CONDITION: OpDef = OpDef {
    name: "loop.condition",
    summary: "loop condition of loop.while",
    example: WHILE.example,
    operands: AtLeast(1),
    traits: &[Trait::Terminator, Trait::HasParent(&["loop.while"])],
    ..OpDef::DEFAULT
};

/// Allocate a buffer; one `index` operand per dynamic dimension. When the memory cannot be
/// allocated, a buffer whose dimensions are all dynamic raises MemoryError and is empty (every
/// size 0), so that code running on after the raise touches nothing.
pub const ALLOC: OpDef = OpDef {
    name: "loop.alloc",
    summary: "allocate a buffer",
    example: "%n = arith.constant {value = 8 : index} : index\n%0 = loop.alloc %n : (index) -> memref<?x4xf64>",
    operands: AtLeast(0),
    results: Exactly(1),
    verify: Some(verify_alloc),
    ..OpDef::DEFAULT
};

/// Allocate a small buffer on the stack (freed when the function returns); static shape.
pub const ALLOCA: OpDef = OpDef {
    name: "loop.alloca",
    summary: "allocate a small buffer on the stack",
    example: "%0 = loop.alloca : () -> memref<1xf64>",
    results: Exactly(1),
    verify: Some(verify_alloc),
    ..OpDef::DEFAULT
};

/// The number of threads parallel loops run on (OpenMP's `omp_get_max_threads`).
pub const NUM_THREADS: OpDef = OpDef {
    name: "loop.num_threads",
    summary: "the number of threads parallel loops run on",
    example: "%0 = loop.num_threads : () -> i64",
    results: Exactly(1),
    verify: Some(verify_num_threads),
    ..OpDef::DEFAULT
};

fn verify_num_threads(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(ctx, ctx.result(op, 0), "result", "i64", |k| {
        matches!(k, TypeKind::Int { width: 64, .. })
    })
}

/// Free a buffer made by `loop.alloc`.
pub const DEALLOC: OpDef = OpDef {
    name: "loop.dealloc",
    summary: "free a buffer",
    example: "%0 = loop.alloc : () -> memref<4xf64>\nloop.dealloc %0 : memref<4xf64>",
    operands: Exactly(1),
    verify: Some(|c, o| check_value_type(c, c.operand(o, 0), "operand", "a memref", is_memref)),
    ..OpDef::DEFAULT
};

/// Read one element: `%x = loop.load %buf, %i, %j`.
pub const LOAD: OpDef = OpDef {
    name: "loop.load",
    summary: "read one element of a buffer",
    example: "%0 = loop.alloc : () -> memref<4xf64>\n%i = arith.constant {value = 1 : index} : index\n%1 = loop.load %0, %i : (memref<4xf64>, index) -> f64",
    operands: AtLeast(1),
    results: Exactly(1),
    traits: &[],
    verify: Some(verify_load),
    ..OpDef::DEFAULT
};

/// Write one element: `loop.store %x, %buf, %i, %j`.
pub const STORE: OpDef = OpDef {
    name: "loop.store",
    summary: "write one element of a buffer",
    example: "%0 = loop.alloc : () -> memref<4xf64>\n%i = arith.constant {value = 1 : index} : index\n%x = arith.constant {value = 2.0 : f64} : f64\nloop.store %x, %0, %i : (f64, memref<4xf64>, index) -> ()",
    operands: AtLeast(2),
    verify: Some(verify_store),
    ..OpDef::DEFAULT
};

/// Hint that one element of a buffer will be read soon, so that its cache line is fetched
/// ahead of the loads (`memref.prefetch read, locality<3>, data`); no effect on results.
/// `loop.prefetch %buf, %i, %j`.
pub const PREFETCH: OpDef = OpDef {
    name: "loop.prefetch",
    summary: "fetch the cache line of one element ahead of its loads",
    example: "%0 = loop.alloc : () -> memref<4xf64>\n%i = arith.constant {value = 1 : index} : index\nloop.prefetch %0, %i : (memref<4xf64>, index) -> ()",
    operands: AtLeast(1),
    verify: Some(verify_prefetch),
    ..OpDef::DEFAULT
};

crate::attr_enum! {
    /// The kinds of read-modify-write `loop.atomic_rmw` performs (as `memref.atomic_rmw`): float
    /// and integer addition, signed (`maxs`/`mins`) and unsigned (`maxu`/`minu`) integer and
    /// float maximum and minimum.
    pub enum AtomicKind {
        Addf = "addf",
        Addi = "addi",
        Maxs = "maxs",
        Mins = "mins",
        Maxu = "maxu",
        Minu = "minu",
        Maximumf = "maximumf",
        Minimumf = "minimumf",
    }
}

/// Atomically combine one element of a buffer with a value and return the element's previous
/// value: `%old = loop.atomic_rmw %x, %buf, %i {kind = "addf"}` (`cuda.atomic.add`).
pub const ATOMIC_RMW: OpDef = OpDef {
    name: "loop.atomic_rmw",
    summary: "atomic read-modify-write of one element",
    example: "%0 = loop.alloc : () -> memref<4xf32>\n%i = arith.constant {value = 1 : index} : index\n%x = arith.constant {value = 2.0 : f32} : f32\n%1 = loop.atomic_rmw %x, %0, %i {kind = \"addf\"} : (f32, memref<4xf32>, index) -> f32",
    operands: AtLeast(2),
    results: Exactly(1),
    attrs: &[atomic_rmw::KIND.required()],
    verify: Some(verify_atomic_rmw),
    ..OpDef::DEFAULT
};

/// The attributes of `loop.atomic_rmw`.
pub mod atomic_rmw {
    use super::AtomicKind;
    use crate::ir::AttrKey;

    pub const KIND: AttrKey<AtomicKind> = AttrKey::new("kind");
}

/// The size of dimension `dim` of a buffer.
pub const DIM: OpDef = OpDef {
    name: "loop.dim",
    summary: "size of one dimension of a buffer",
    example: "%0 = loop.alloc : () -> memref<4xf64>\n%1 = loop.dim %0 {dim = 0 : i64} : (memref<4xf64>) -> index",
    operands: Exactly(1),
    results: Exactly(1),
    attrs: &[dim::DIM.required()],
    traits: &[Trait::Pure],
    verify: Some(verify_dim),
    ..OpDef::DEFAULT
};

/// The attributes of `loop.dim`.
pub mod dim {
    use crate::ir::AttrKey;

    pub const DIM: AttrKey<i64> = AttrKey::new("dim");
}

/// A strided view of a buffer: operands are the source, then per dimension an offset, a size
/// and a stride (in elements of the source dimension). No data moves.
pub const SUBVIEW: OpDef = OpDef {
    name: "loop.subview",
    summary: "strided view of a buffer",
    example: "%0 = loop.alloc : () -> memref<8xf64>\n%o = arith.constant {value = 1 : index} : index\n%n = arith.constant {value = 3 : index} : index\n%s = arith.constant {value = 2 : index} : index\n%1 = loop.subview %0, %o, %n, %s : (memref<8xf64>, index, index, index) -> memref<?xf64, strided<[?], offset: ?>>",
    operands: AtLeast(1),
    results: Exactly(1),
    traits: &[Trait::Pure],
    verify: Some(verify_subview),
    ..OpDef::DEFAULT
};

/// A view of a buffer's memory: operands are the source, the offset (in elements, from the
/// start of the underlying allocation), then the sizes and the strides of the result, whose
/// rank may differ from the source's (`A[j]` of a matrix is a row). No data moves.
pub const VIEW: OpDef = OpDef {
    name: "loop.view",
    summary: "strided view of a buffer's memory",
    example: "%0 = loop.alloc : () -> memref<4x4xf64>\n%o = arith.constant {value = 4 : index} : index\n%n = arith.constant {value = 4 : index} : index\n%s = arith.constant {value = 1 : index} : index\n%1 = loop.view %0, %o, %n, %s : (memref<4x4xf64>, index, index, index) -> memref<?xf64, strided<[?], offset: ?>>",
    operands: AtLeast(2),
    results: Exactly(1),
    traits: &[Trait::Pure],
    verify: Some(verify_view),
    ..OpDef::DEFAULT
};

/// The offset, sizes and strides of a buffer (in elements): `offset, size0…, stride0…`.
pub const METADATA: OpDef = OpDef {
    name: "loop.metadata",
    summary: "offset, sizes and strides of a buffer",
    example: "%0 = loop.alloc : () -> memref<4x4xf64>\n%1:5 = loop.metadata %0 : (memref<4x4xf64>) -> (index, index, index, index, index)",
    operands: Exactly(1),
    results: AtLeast(1),
    traits: &[Trait::Pure],
    verify: Some(verify_metadata),
    ..OpDef::DEFAULT
};

/// Change a buffer's static layout information (identity → strided), as `memref.cast`.
pub const CAST: OpDef = OpDef {
    name: "loop.cast",
    summary: "view a buffer with a more general layout type",
    example: "%0 = loop.alloc : () -> memref<4xf64>\n%1 = loop.cast %0 : (memref<4xf64>) -> memref<?xf64, strided<[?], offset: ?>>",
    operands: Exactly(1),
    results: Exactly(1),
    traits: &[Trait::Pure],
    verify: Some(verify_cast),
    ..OpDef::DEFAULT
};

/// Raise a Python exception: the runtime records the first one raised (its kind, message and
/// the op's location) and returns it to the caller once the call returns. Execution continues
/// meanwhile with safe values chosen by the code that raised.
pub const RAISE: OpDef = OpDef {
    name: "loop.raise",
    summary: "raise a Python exception",
    example: "loop.raise {kind = \"ZeroDivisionError\", message = \"integer division or modulo by zero\"}",
    attrs: &[raise::KIND.required(), raise::MESSAGE.required()],
    ..OpDef::DEFAULT
};

/// The attributes of `loop.raise`.
pub mod raise {
    use crate::ir::AttrKey;

    /// The exception class (`ZeroDivisionError`).
    pub const KIND: AttrKey<String> = AttrKey::new("kind");
    pub const MESSAGE: AttrKey<String> = AttrKey::new("message");
}

/// Whether an exception was raised since the current call into compiled code began, on this
/// thread (the runtime's record that `loop.raise` fills): after a call to a function that may
/// raise, the caller reads it to leave too, as Python's exceptions propagate.
pub const RAISED: OpDef = OpDef {
    name: "loop.raised",
    summary: "whether an exception was raised during the current call",
    example: "%0 = loop.raised : () -> i1",
    results: Exactly(1),
    traits: &[Trait::ReadOnly],
    verify: Some(verify_raised),
    ..OpDef::DEFAULT
};

fn verify_raised(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(ctx, ctx.result(op, 0), "result", "i1", |k| {
        matches!(k, TypeKind::Int { width: 1, .. })
    })
}

/// The site of the exception recorded during the current call on this thread (-1: none),
/// clearing the record (`try`: the handlers run as if nothing was raised).
pub const CATCH: OpDef = OpDef {
    name: "loop.catch",
    summary: "take the pending exception",
    example: "%0 = loop.catch : () -> i64",
    results: Exactly(1),
    ..OpDef::DEFAULT
};

/// Whether the exception of site `%site` (from `loop.catch`) is of one of `classes` or a
/// subclass (`blackbird_dialects::exceptions`).
pub const EXCEPTION_IS: OpDef = OpDef {
    name: "loop.exception_is",
    summary: "whether a caught exception matches classes",
    example: "%0 = loop.catch : () -> i64\n%1 = loop.exception_is %0 {classes = [\"ValueError\"]} : (i64) -> i1",
    operands: Exactly(1),
    results: Exactly(1),
    attrs: &[crate::py::exception_is::CLASSES.required()],
    traits: &[Trait::Pure],
    ..OpDef::DEFAULT
};

/// Record again the exception of site `%site` (from `loop.catch`).
pub const RETHROW: OpDef = OpDef {
    name: "loop.rethrow",
    summary: "record a caught exception again",
    example: "%0 = loop.catch : () -> i64\nloop.rethrow %0 : (i64) -> ()",
    operands: Exactly(1),
    ..OpDef::DEFAULT
};

/// Print scalars to standard output, as Python's `print`: `format` is `str.format` text whose
/// `{}` take the operands in order (ints and bools as Python shows them, floats as `repr`).
pub const PRINT: OpDef = OpDef {
    name: "loop.print",
    summary: "print scalars to standard output",
    example: "%x = arith.constant {value = 2.5 : f64} : f64\nloop.print %x {format = \"x = {}\\n\"} : (f64) -> ()",
    operands: AtLeast(0),
    attrs: &[print::FORMAT.required()],
    verify: Some(verify_print),
    ..OpDef::DEFAULT
};

/// The attributes of `loop.print`.
pub mod print {
    use crate::ir::AttrKey;

    pub const FORMAT: AttrKey<String> = AttrKey::new("format");
}

fn verify_print(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    for v in ctx.operands(op) {
        if !matches!(
            ctx.type_kind(ctx.value_type(*v)),
            TypeKind::Int { .. } | TypeKind::Float(_)
        ) {
            return Err(VerifyErrorKind::OperandTypes("prints integers and floats"));
        }
    }
    let mut holes = 0;
    let well_formed = replace_format_holes(&print::FORMAT.get(ctx, op).unwrap_or_default(), |_| {
        holes += 1;
        String::new()
    });
    if well_formed.is_none() || holes != ctx.operands(op).len() {
        return Err(VerifyErrorKind::AttrValue(
            "the format has one `{}` per operand (braces doubled elsewhere)",
        ));
    }
    Ok(())
}

/// A `str.format` text (`{}` holes, other braces doubled) with hole `k` replaced by
/// `hole(k)`; the doubled braces stay doubled. `None` if a brace is unmatched.
pub fn replace_format_holes(format: &str, mut hole: impl FnMut(usize) -> String) -> Option<String> {
    let mut out = String::new();
    let mut holes = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('{', Some('{')) | ('}', Some('}')) => {
                chars.next();
                out.push(c);
                out.push(c);
            }
            ('{', Some('}')) => {
                chars.next();
                out.push_str(&hole(holes));
                holes += 1;
            }
            ('{' | '}', _) => return None,
            _ => out.push(c),
        }
    }
    Some(out)
}

/// A draw from (or `seed` of) the calling thread's random state, NumPy's legacy
/// `RandomState` streams: the kind names the runtime function, [`RANDOM_KINDS`] its operand
/// and result types. Not pure: each op draws anew.
pub const RANDOM: OpDef = OpDef {
    name: "loop.random",
    summary: "draw from the thread's random state (NumPy's legacy streams)",
    example: "%0 = loop.random {kind = \"double\"} : () -> f64",
    operands: AtLeast(0),
    results: AtLeast(0),
    attrs: &[random::KIND.required()],
    verify: Some(verify_random),
    ..OpDef::DEFAULT
};

/// The attributes of `loop.random`.
pub mod random {
    use crate::ir::AttrKey;

    /// A kind of [`super::RANDOM_KINDS`].
    pub const KIND: AttrKey<String> = AttrKey::new("kind");
}

/// Each kind of `loop.random`: its name, operand types and result types (MLIR's spelling).
/// `seed` seeds the state (`0 <= seed < 2**32`, checked before); `double` is a float in
/// `[0, 1)`; `gauss` a standard normal (the legacy polar method); `exponential` a standard
/// exponential; `interval(max)` an integer uniform on `[0, max]` (`max` read as unsigned);
/// `poisson(lam)` and `binomial(n, p)` NumPy's legacy samplers. The `generator_*` kinds are
/// NumPy's `Generator` over PCG64 (`np.random.default_rng`): `generator_new(seed)` makes one
/// (from the OS's entropy for a negative seed) and returns its handle, which the others take
/// first: `double`, `normal` and `exponential` (ziggurat) draws, `poisson(lam)` and
/// `binomial(n, p)` (NumPy's `random_poisson`/`random_binomial`), `gamma(shape)` (a standard
/// gamma) and `beta(a, b)`, NumPy's formulas for `lognormal`, `laplace`, `gumbel`, `logistic`,
/// `rayleigh`, `pareto`, `weibull`, `power` and `geometric` (their parameters after the
/// handle), `bounded(rng)` uniform on
/// `[0, rng]` (Lemire's method) and `interval(max)` uniform on `[0, max]` (masked rejection).
pub const RANDOM_KINDS: &[(&str, &[&str], &[&str])] = &[
    ("seed", &["i64"], &[]),
    ("double", &[], &["f64"]),
    ("gauss", &[], &["f64"]),
    ("exponential", &[], &["f64"]),
    ("interval", &["i64"], &["i64"]),
    ("poisson", &["f64"], &["i64"]),
    ("binomial", &["i64", "f64"], &["i64"]),
    ("generator_new", &["i64"], &["i64"]),
    ("generator_double", &["i64"], &["f64"]),
    ("generator_normal", &["i64"], &["f64"]),
    ("generator_exponential", &["i64"], &["f64"]),
    ("generator_poisson", &["i64", "f64"], &["i64"]),
    ("generator_binomial", &["i64", "i64", "f64"], &["i64"]),
    ("generator_gamma", &["i64", "f64"], &["f64"]),
    ("generator_beta", &["i64", "f64", "f64"], &["f64"]),
    ("generator_lognormal", &["i64", "f64", "f64"], &["f64"]),
    ("generator_laplace", &["i64", "f64", "f64"], &["f64"]),
    ("generator_gumbel", &["i64", "f64", "f64"], &["f64"]),
    ("generator_logistic", &["i64", "f64", "f64"], &["f64"]),
    ("generator_rayleigh", &["i64", "f64"], &["f64"]),
    ("generator_pareto", &["i64", "f64"], &["f64"]),
    ("generator_weibull", &["i64", "f64"], &["f64"]),
    ("generator_power", &["i64", "f64"], &["f64"]),
    ("generator_geometric", &["i64", "f64"], &["i64"]),
    ("generator_bounded", &["i64", "i64"], &["i64"]),
    ("generator_interval", &["i64", "i64"], &["i64"]),
];

fn verify_random(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let kind = random::KIND.get(ctx, op).unwrap_or_default();
    let Some((_, operands, results)) = RANDOM_KINDS.iter().find(|(k, _, _)| *k == kind) else {
        return Err(VerifyErrorKind::AttrValue("a kind of RANDOM_KINDS"));
    };
    let types = |values: &[Value]| -> Vec<String> {
        values
            .iter()
            .map(|v| crate::ir::type_to_string(ctx, ctx.value_type(*v)))
            .collect()
    };
    if types(ctx.operands(op)) != *operands {
        return Err(VerifyErrorKind::OperandTypes(
            "the operand types of its kind",
        ));
    }
    if types(ctx.results(op)) != *results {
        return Err(VerifyErrorKind::OperandTypes(
            "the result types of its kind",
        ));
    }
    Ok(())
}

/// Call the runtime's linear-algebra routine `routine` (LAPACK, reached through the runtime) or
/// its sorting routine (`sort.f64`, `argsort.i64`: the runtime's `sort` module): it reads and
/// writes the operand buffers (any strides: each is passed with its metadata);
/// the result is its status (0: success; otherwise a routine-specific failure, such as a
/// singular matrix, that the caller raises).
pub const LINALG: OpDef = OpDef {
    name: "loop.linalg",
    summary: "call a linear-algebra routine of the runtime",
    example: "%0 = loop.alloc : () -> memref<4x4xf64>\n%1 = loop.alloc : () -> memref<4xf64>\n%2 = loop.linalg %0, %1 {routine = \"solve.f64\"} : (memref<4x4xf64>, memref<4xf64>) -> i64",
    operands: AtLeast(0),
    results: Exactly(1),
    attrs: &[linalg::ROUTINE.required()],
    verify: Some(verify_linalg),
    ..OpDef::DEFAULT
};

/// The attributes of `loop.linalg`.
pub mod linalg {
    use crate::ir::AttrKey;

    /// The routine (`solve.f64`): see the runtime's `lapack` module.
    pub const ROUTINE: AttrKey<String> = AttrKey::new("routine");
}

fn verify_linalg(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    for v in ctx.operands(op) {
        check_value_type(ctx, *v, "operand", "a memref", is_memref)?;
    }
    check_value_type(ctx, ctx.result(op, 0), "result", "i64", |k| {
        matches!(k, TypeKind::Int { width: 64, .. })
    })
}

/// The address of a buffer's first element at offset 0 (its aligned base pointer), as
/// `memref.extract_aligned_pointer_as_index`: compared to decide whether two views overlap.
pub const ADDRESS: OpDef = OpDef {
    name: "loop.address",
    summary: "base address of a buffer",
    example:
        "%0 = loop.alloc : () -> memref<4xf64>\n%1 = loop.address %0 : (memref<4xf64>) -> index",
    operands: Exactly(1),
    results: Exactly(1),
    traits: &[Trait::Pure],
    verify: Some(|c, o| check_value_type(c, c.operand(o, 0), "operand", "a memref", is_memref)),
    ..OpDef::DEFAULT
};

pub const OPS: &[&OpDef] = &[
    &FOR,
    &PARALLEL,
    &WHILE,
    &IF,
    &ALLOCA_SCOPE,
    &YIELD,
    &CONDITION,
    &ALLOC,
    &ALLOCA,
    &NUM_THREADS,
    &DEALLOC,
    &LOAD,
    &STORE,
    &PREFETCH,
    &DIM,
    &SUBVIEW,
    &VIEW,
    &METADATA,
    &CAST,
    &ADDRESS,
    &LINALG,
    &RAISE,
    &RAISED,
    &CATCH,
    &EXCEPTION_IS,
    &RETHROW,
    &PRINT,
    &RANDOM,
    &ATOMIC_RMW,
    &LIST_NEW,
    &LIST_LEN,
    &LIST_DATA,
    &LIST_RESIZE,
    &DICT_MAKE,
    &DICT_CALL,
];

fn is_memref(k: &TypeKind) -> bool {
    matches!(k, TypeKind::MemRef { .. })
}

fn types_of(ctx: &Context, values: &[Value]) -> Vec<Type> {
    values.iter().map(|v| ctx.value_type(*v)).collect()
}

fn body(ctx: &Context, op: OpId, region: usize) -> BlockId {
    ctx.entry_block(ctx.region(op, region))
}

fn terminator_operands(ctx: &Context, block: BlockId) -> Vec<Value> {
    ctx.block_ops(block)
        .last()
        .map(|t| ctx.operands(*t).to_vec())
        .unwrap_or_default()
}

/// The checks `loop.for` and `loop.parallel` share: bounds and step of one integer type,
/// results typed as the inits. Returns the bounds' type and the inits' types.
fn verify_counted_loop(ctx: &Context, op: OpId) -> Result<(Type, Vec<Type>), VerifyErrorKind> {
    let ops = ctx.operands(op);
    let bound_ty = ctx.value_type(ops[0]);
    if !ctx.type_kind(bound_ty).is_integer_like() {
        return Err(VerifyErrorKind::OperandTypes(
            "bounds and step must be integers or index",
        ));
    }
    if ctx.value_type(ops[1]) != bound_ty || ctx.value_type(ops[2]) != bound_ty {
        return Err(VerifyErrorKind::OperandTypes(
            "bounds and step must have one type",
        ));
    }
    let inits = types_of(ctx, &ops[3..]);
    check_types_match(ctx, ctx.results(op), &inits, "result")?;
    Ok((bound_ty, inits))
}

fn verify_for(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (bound_ty, inits) = verify_counted_loop(ctx, op)?;
    let block = body(ctx, op, 0);
    let mut expected = vec![bound_ty];
    expected.extend(&inits);
    check_types_match(ctx, ctx.block_args(block), &expected, "body argument")?;
    check_types_match(
        ctx,
        &terminator_operands(ctx, block),
        &inits,
        "yielded value",
    )
}

fn verify_parallel(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (bound_ty, inits) = verify_counted_loop(ctx, op)?;
    let block = body(ctx, op, 0);
    check_types_match(ctx, ctx.block_args(block), &[bound_ty], "body argument")?;
    check_types_match(
        ctx,
        &terminator_operands(ctx, block),
        &inits,
        "yielded value",
    )?;
    let reductions = parallel_reductions(ctx, op);
    if reductions.len() != inits.len() {
        return Err(VerifyErrorKind::ReductionCount {
            inits: inits.len(),
            found: reductions.len(),
        });
    }
    for (kind, t) in reductions.iter().zip(&inits) {
        let allowed = match ctx.type_kind(*t) {
            TypeKind::Float(_) => FLOAT_REDUCTIONS,
            TypeKind::Int { .. } => INT_REDUCTIONS,
            _ => &[],
        };
        if !allowed.contains(&kind.as_str()) {
            return Err(VerifyErrorKind::NotAReduction {
                kind: kind.clone(),
                ty: crate::ir::type_to_string(ctx, *t),
            });
        }
    }
    Ok(())
}

fn verify_while(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let inits = types_of(ctx, ctx.operands(op));
    let results = types_of(ctx, ctx.results(op));
    let before = body(ctx, op, 0);
    let after = body(ctx, op, 1);
    check_types_match(
        ctx,
        ctx.block_args(before),
        &inits,
        "before-region argument",
    )?;
    let cond = ctx.block_ops(before).last().copied();
    if cond.is_none_or(|c| ctx.op_name(c) != CONDITION.name) {
        return Err(VerifyErrorKind::Region(
            "the before region must end with 'loop.condition'",
        ));
    }
    let cond_ops = ctx.operands(cond.unwrap());
    let Some(&flag) = cond_ops.first() else {
        return Err(VerifyErrorKind::Region(
            "'loop.condition' takes the condition first",
        ));
    };
    check_value_type(ctx, flag, "condition", "i1", |k| {
        matches!(k, TypeKind::Int { width: 1, .. })
    })?;
    check_types_match(
        ctx,
        &cond_ops[1..],
        &results,
        "value passed by loop.condition",
    )?;
    check_types_match(
        ctx,
        ctx.block_args(after),
        &results,
        "after-region argument",
    )?;
    let last = ctx.block_ops(after).last().copied();
    if last.is_none_or(|c| ctx.op_name(c) != YIELD.name) {
        return Err(VerifyErrorKind::Region(
            "the after region must end with 'loop.yield'",
        ));
    }
    check_types_match(
        ctx,
        &terminator_operands(ctx, after),
        &inits,
        "yielded value",
    )
}

fn verify_if(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_value_type(ctx, ctx.operand(op, 0), "condition", "i1", |k| {
        matches!(k, TypeKind::Int { width: 1, .. })
    })?;
    let results = types_of(ctx, ctx.results(op));
    for r in 0..2 {
        let block = body(ctx, op, r);
        if !ctx.block_args(block).is_empty() {
            return Err(VerifyErrorKind::Region(
                "regions of loop.if take no arguments",
            ));
        }
        check_types_match(
            ctx,
            &terminator_operands(ctx, block),
            &results,
            "yielded value",
        )?;
    }
    Ok(())
}

fn verify_alloca_scope(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let block = body(ctx, op, 0);
    if !ctx.block_args(block).is_empty() {
        return Err(VerifyErrorKind::Region(
            "the region of loop.alloca_scope takes no arguments",
        ));
    }
    let results = types_of(ctx, ctx.results(op));
    check_types_match(
        ctx,
        &terminator_operands(ctx, block),
        &results,
        "yielded value",
    )
}

fn memref_parts(
    ctx: &Context,
    v: Value,
) -> Result<(Vec<Option<u64>>, Type, MemLayout), VerifyErrorKind> {
    match ctx.type_kind(ctx.value_type(v)) {
        TypeKind::MemRef {
            shape,
            elem,
            layout,
        } => Ok((shape.clone(), *elem, *layout)),
        _ => Err(VerifyErrorKind::ExpectedType {
            expected: "a memref".to_string(),
            found: crate::ir::type_to_string(ctx, ctx.value_type(v)),
        }),
    }
}

fn check_indices(ctx: &Context, indices: &[Value], rank: usize) -> Result<(), VerifyErrorKind> {
    if indices.len() != rank {
        return Err(VerifyErrorKind::IndexCount {
            expected: rank,
            found: indices.len(),
        });
    }
    for v in indices {
        check_value_type(ctx, *v, "index", "index", TypeKind::is_index)?;
    }
    Ok(())
}

fn verify_alloc(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, _, layout) = memref_parts(ctx, ctx.result(op, 0))?;
    if layout != MemLayout::Identity {
        return Err(VerifyErrorKind::OperandTypes(
            "allocates identity-layout buffers only",
        ));
    }
    let dynamic = shape.iter().filter(|d| d.is_none()).count();
    if ctx.operands(op).len() != dynamic {
        return Err(VerifyErrorKind::SizeCount {
            dynamic,
            found: ctx.operands(op).len(),
        });
    }
    check_indices(ctx, ctx.operands(op), dynamic)
}

fn verify_load(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, elem, _) = memref_parts(ctx, ctx.operand(op, 0))?;
    check_indices(ctx, &ctx.operands(op)[1..], shape.len())?;
    check_types_match(ctx, ctx.results(op), &[elem], "result")
}

fn verify_prefetch(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, _, _) = memref_parts(ctx, ctx.operand(op, 0))?;
    check_indices(ctx, &ctx.operands(op)[1..], shape.len())
}

fn verify_store(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, elem, _) = memref_parts(ctx, ctx.operand(op, 1))?;
    check_types_match(ctx, &ctx.operands(op)[..1], &[elem], "stored value")?;
    check_indices(ctx, &ctx.operands(op)[2..], shape.len())
}

fn verify_atomic_rmw(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    verify_store(ctx, op)?;
    let value_type = ctx.value_type(ctx.operand(op, 0));
    check_types_match(ctx, ctx.results(op), &[value_type], "result")?;
    let float = ctx.type_kind(ctx.value_type(ctx.operand(op, 0))).is_float();
    let kind = atomic_rmw::KIND.get(ctx, op).map_or("", AtomicKind::as_str);
    if float != (kind.ends_with('f')) {
        return Err(VerifyErrorKind::KindDoesNotApply {
            kind: kind.to_string(),
            ty: crate::ir::type_to_string(ctx, ctx.value_type(ctx.operand(op, 0))),
        });
    }
    Ok(())
}

fn verify_dim(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, _, _) = memref_parts(ctx, ctx.operand(op, 0))?;
    check_dim_op(ctx, op, shape.len())
}

/// A `dim` op of a value of `rank` dimensions (`loop.dim`): its `dim` attribute names an
/// existing dimension and it produces an `index`.
fn check_dim_op(ctx: &Context, op: OpId, rank: usize) -> Result<(), VerifyErrorKind> {
    check_dim_attr(ctx, op, rank)?;
    check_value_type(
        ctx,
        ctx.result(op, 0),
        "result",
        "index",
        TypeKind::is_index,
    )
}

/// The `dim` attribute names an existing dimension.
pub(crate) fn check_dim_attr(ctx: &Context, op: OpId, rank: usize) -> Result<(), VerifyErrorKind> {
    // `loop.dim` and `tensor.iota` name their dimension `dim`.
    let dim = dim::DIM.get(ctx, op).unwrap_or(-1);
    if dim < 0 || dim as usize >= rank {
        return Err(VerifyErrorKind::DimensionOutOfRange { dim, rank });
    }
    Ok(())
}

fn verify_subview(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, elem, _) = memref_parts(ctx, ctx.operand(op, 0))?;
    check_indices(ctx, &ctx.operands(op)[1..], 3 * shape.len())?;
    let (rshape, relem, rlayout) = memref_parts(ctx, ctx.result(op, 0))?;
    if rshape.len() != shape.len() || relem != elem || rlayout != MemLayout::Strided {
        return Err(VerifyErrorKind::OperandTypes(
            "result must be a strided memref of the source's rank and element type",
        ));
    }
    Ok(())
}

fn verify_view(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (_, elem, _) = memref_parts(ctx, ctx.operand(op, 0))?;
    let (shape, relem, layout) = memref_parts(ctx, ctx.result(op, 0))?;
    check_indices(ctx, &ctx.operands(op)[1..], 1 + 2 * shape.len())?;
    if relem != elem || layout != MemLayout::Strided {
        return Err(VerifyErrorKind::OperandTypes(
            "result must be a strided memref of the source's element type",
        ));
    }
    Ok(())
}

fn verify_metadata(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (shape, _, _) = memref_parts(ctx, ctx.operand(op, 0))?;
    check_indices(ctx, ctx.results(op), 1 + 2 * shape.len())
}

fn verify_cast(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (a, ea, _) = memref_parts(ctx, ctx.operand(op, 0))?;
    let (b, eb, _) = memref_parts(ctx, ctx.result(op, 0))?;
    if a.len() != b.len() || ea != eb {
        return Err(VerifyErrorKind::OperandTypes(
            "cast keeps the rank and the element type",
        ));
    }
    Ok(())
}

// ----- builders and accessors -----

/// Build `loop.for lb, ub, step, inits…`; returns the op and its body block (whose arguments
/// are the induction variable then the carried values). The caller fills the body and ends it
/// with `loop.yield`.
pub fn build_for(
    b: &mut Builder,
    lb: Value,
    ub: Value,
    step: Value,
    inits: &[Value],
) -> (OpId, BlockId) {
    let iv_ty = b.ctx.value_type(lb);
    let init_tys = types_of(b.ctx, inits);
    let mut arg_tys = vec![iv_ty];
    arg_tys.extend(&init_tys);
    let (region, block) = b.ctx.create_region_with_block(&arg_tys);
    let mut operands = vec![lb, ub, step];
    operands.extend(inits);
    let op = b.build(&FOR, &operands, &init_tys, &[], &[region]);
    (op, block)
}

/// Build `loop.if cond` with empty then/else blocks to fill (each must end with `loop.yield`).
pub fn build_if(b: &mut Builder, cond: Value, results: &[Type]) -> (OpId, BlockId, BlockId) {
    let (then_region, then_block) = b.ctx.create_region_with_block(&[]);
    let (else_region, else_block) = b.ctx.create_region_with_block(&[]);
    let op = b.build(&IF, &[cond], results, &[], &[then_region, else_region]);
    (op, then_block, else_block)
}

pub fn build_yield(b: &mut Builder, values: &[Value]) -> OpId {
    b.build(&YIELD, values, &[], &[], &[])
}

/// Accessors for `loop.for` / `loop.parallel`.
pub struct ForOp(pub OpId);

impl ForOp {
    pub fn lower_bound(&self, ctx: &Context) -> Value {
        ctx.operand(self.0, 0)
    }
    pub fn upper_bound(&self, ctx: &Context) -> Value {
        ctx.operand(self.0, 1)
    }
    pub fn step(&self, ctx: &Context) -> Value {
        ctx.operand(self.0, 2)
    }
    pub fn inits<'c>(&self, ctx: &'c Context) -> &'c [Value] {
        &ctx.operands(self.0)[3..]
    }
    pub fn body(&self, ctx: &Context) -> BlockId {
        body(ctx, self.0, 0)
    }
    pub fn induction_var(&self, ctx: &Context) -> Value {
        ctx.block_args(self.body(ctx))[0]
    }
    pub fn carried<'c>(&self, ctx: &'c Context) -> &'c [Value] {
        &ctx.block_args(self.body(ctx))[1..]
    }
}

/// Accessors for `loop.if`.
pub struct IfOp(pub OpId);

impl IfOp {
    pub fn condition(&self, ctx: &Context) -> Value {
        ctx.operand(self.0, 0)
    }
    pub fn then_block(&self, ctx: &Context) -> BlockId {
        body(ctx, self.0, 0)
    }
    pub fn else_block(&self, ctx: &Context) -> BlockId {
        body(ctx, self.0, 1)
    }
}
