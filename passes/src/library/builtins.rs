//! Python builtins.

use blackbird_dialects::ir::{Context, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, loops, math};

use super::{keyword, optional, required, variadic, Callable, Lowering, Sample, Typing};
use crate::conversion::py_to_tensor::{not_yet, CResult, Converter, Iter, L};
use crate::transforms::infer_types::builtins::{sum_type, Call};
use crate::transforms::infer_types::rules::{
    self, array_parts, is_bool, is_complex, is_int, is_number,
};
use crate::transforms::infer_types::strings;
use crate::transforms::infer_types::{error, Inference, TResult};

const fn builtin(
    name: &'static str,
    typing: Typing,
    lowering: Lowering,
    params: &'static [super::Param],
    summary: &'static str,
    sample: Sample,
) -> Callable {
    Callable {
        name,
        params,
        summary,
        sample,
        typing,
        lowering,
    }
}

pub const CALLABLES: &[Callable] = &[
    builtin(
        "range",
        type_range,
        lower_range,
        &[
            required("start"),
            optional("stop", "None"),
            optional("step", "1"),
        ],
        "integers `start`, `start + step`, … below `stop` (`range(stop)` from 0)",
        Sample::Run("s = 0\nfor i in range(1, n * 3, 2):\n    s += i\ns"),
    ),
    builtin(
        "prange",
        type_range,
        lower_range,
        &[
            required("start"),
            optional("stop", "None"),
            optional("step", "1"),
        ],
        "`range` whose iterations run in parallel with `parallel=True`",
        Sample::Run("s = 0\nfor i in prange(n):\n    s += i\ns"),
    ),
    builtin(
        "len",
        type_len,
        lower_len,
        &[required("obj")],
        "length of an array's first axis, or of a tuple, list, dict or set",
        Sample::Run("len(np.zeros((n, 2))) + len((x, n))"),
    ),
    builtin(
        "min",
        type_min_max,
        lower_min_max,
        &[variadic("args")],
        "smallest of numbers, of a tuple's or of a vector's items",
        Sample::Run("min(n, x, 2) + min(np.arange(x, n)) + min((x, n, 1.5))"),
    ),
    builtin(
        "max",
        type_min_max,
        lower_min_max,
        &[variadic("args")],
        "largest of numbers, of a tuple's or of a vector's items",
        Sample::Run("max(n, x, 2) + max(np.arange(x, n)) + max((x, n, 1.5))"),
    ),
    builtin(
        "abs",
        type_abs,
        lower_abs,
        &[required("x")],
        "absolute value (magnitude of a complex number)",
        Sample::Run("abs(x - n) + abs(-n) + abs(complex(3.0, n))"),
    ),
    builtin(
        "sum",
        type_sum,
        lower_sum,
        &[required("iterable")],
        "sum of a vector's items, added in order",
        Sample::Run("sum(np.arange(x, n) / 3) + sum(np.arange(n)) + sum(np.arange(n) > 1)"),
    ),
    builtin(
        "int",
        type_conversion,
        lower_conversion,
        &[required("x")],
        "conversion to int64 (floats truncate)",
        Sample::Run("int(x * n) + int(-x)"),
    ),
    builtin(
        "float",
        type_conversion,
        lower_conversion,
        &[required("x")],
        "conversion to float64",
        Sample::Run("float(n) + float(True)"),
    ),
    builtin(
        "bool",
        type_conversion,
        lower_conversion,
        &[required("x")],
        "truth of a number",
        Sample::Run("bool(x) + bool(n - 4)"),
    ),
    builtin(
        "round",
        type_round,
        lower_round,
        &[required("number"), optional("ndigits", "None")],
        "nearest integer, halves to even; with `ndigits`, a float rounded to that many decimals (Numba's algorithm: `x * 10**ndigits` rounded half to even, scaled back)",
        Sample::Run("round(x * n + 0.5) + round(-2.5) + round(0.5) + round(n) + round(-x) + round(x / 3, 2) + round(x * 1234.5, -2)"),
    ),
    builtin(
        "isinstance",
        type_isinstance,
        lower_isinstance,
        &[required("obj")],
        "`isinstance(obj, classinfo)`: whether a value is an `int`, `float`, `bool` or `complex` (or one of a tuple of them), decided from the types at compile time",
        Sample::Run("isinstance(x, float) + isinstance(n, (bool, complex)) * 2 + isinstance(n > 1, int) * 4"),
    ),
    builtin(
        "complex",
        type_complex,
        lower_complex,
        &[required("real"), optional("imag", "0.0")],
        "a complex number from its parts",
        Sample::Run("complex(x, n).imag + complex(x).real"),
    ),
    builtin(
        "print",
        type_print,
        lower_print,
        &[
            variadic("values"),
            keyword("sep", "' '"),
            keyword("end", "'\\n'"),
        ],
        "prints numbers, string literals, lists, dicts and sets to standard output",
        Sample::Compile("print(n, x, sep=', ')"),
    ),
    builtin(
        "enumerate",
        type_enumerate,
        lower_enumerate,
        &[required("iterable")],
        "pairs `(i, item)` in a `for` loop",
        Sample::Run("s = 0.0\nfor i, v in enumerate(np.arange(x, n)):\n    s += i * v\ns"),
    ),
    builtin(
        "zip",
        type_zip,
        lower_zip,
        &[variadic("iterables")],
        "items of several arrays or ranges side by side in a `for` loop",
        Sample::Run("s = 0.0\nfor a, b in zip(np.arange(n), np.arange(x, n)):\n    s += a * b\ns"),
    ),
    // The prelude's check of an option string (`kind=`, `side=`, `method=`): reached only in
    // a branch the strings' types decide, so the error is NumPy's ValueError at compile time.
    builtin(
        "np._invalid_option",
        type_invalid_option,
        lower_invalid_option,
        &[required("message"), required("value")],
        "NumPy's ValueError for an invalid option string, at compile time (prelude only)",
        Sample::Compile("if 'left' == 'right':\n    np._invalid_option('bad side {!r}', 'left')"),
    ),
    builtin(
        "np._is_str",
        type_type_test,
        lower_type_test,
        &[required("x")],
        "whether `x` is a string, known at compile time (prelude only)",
        Sample::Compile("y = np._is_str('a') or np._is_str(n)"),
    ),
    builtin(
        "np._is_array",
        type_type_test,
        lower_type_test,
        &[required("x")],
        "whether `x` is an array, known at compile time (prelude only)",
        Sample::Compile("y = np._is_array(np.zeros(n)) or np._is_array(x)"),
    ),
    builtin(
        "np._is_tuple",
        type_type_test,
        lower_type_test,
        &[required("x")],
        "whether `x` is a tuple, known at compile time (prelude only)",
        Sample::Compile("y = np._is_tuple((n, x)) or np._is_tuple(x)"),
    ),
    builtin(
        "np._option_not_compiled",
        type_invalid_option,
        lower_invalid_option,
        &[required("message"), required("value")],
        "an error for a valid option string not compiled yet, at compile time (prelude only)",
        Sample::Compile("if 'a' == 'b':\n    np._option_not_compiled('{!r} not yet', 'a')"),
    ),
];

// Typing rules.

/// `range` and `prange`: an iterator of int64.
pub(crate) fn type_range(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let i64t = inf.ctx.i64();
    c.arity(inf, 1, 3)?;
    if !types.iter().all(|t| is_int(inf.ctx, *t)) {
        return Err(c.bad(inf).with_note("range() takes integers"));
    }
    Ok(inf.ctx.intern_type(TypeKind::PyIter(i64t)))
}

/// `len` of an array, tuple or list.
pub(crate) fn type_len(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let i64t = inf.ctx.i64();
    c.arity(inf, 1, 1)?;
    Ok(match inf.ctx.type_kind(types[0]) {
        TypeKind::PyArray { .. }
        | TypeKind::Tuple(_)
        | TypeKind::PyList(_)
        | TypeKind::PyDict(..)
        | TypeKind::PySet(_) => i64t,
        _ => return Err(c.bad(inf)),
    })
}

/// `min` and `max` of numbers, or of a vector's elements.
pub(crate) fn type_min_max(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let mut types = c.types.clone();
    let mut over_tuple = false;
    // Over a tuple's items, as over that many arguments.
    if let [t] = types[..] {
        if let TypeKind::Tuple(items) = inf.ctx.type_kind(t).clone() {
            if items.is_empty() {
                return Err(c.bad(inf));
            }
            types = items;
            over_tuple = true;
        }
    }
    Ok(if types.len() == 1 && !over_tuple {
        match array_parts(inf.ctx, types[0]) {
                Some((e, 1, _)) => e,
                Some(_) => {
                    return Err(c.bad(inf).with_note(
                        "over an array of rank 2 or more, Python compares its rows; use np.min/np.max (or .min()/.max()) for the smallest/largest element",
                    ))
                }
                None => return Err(c.bad(inf)),
            }
    } else {
        if c.types.len() > 1 {
            c.arity(inf, 2, 16)?;
        }
        if !types.iter().all(|t| is_number(inf.ctx, *t)) {
            return Err(c.bad(inf));
        }
        // `min(a > 0, b > 0)` is a bool, as in Python and Numba (arithmetic on bools
        // gives an int).
        if types.iter().all(|t| is_bool(inf.ctx, *t)) {
            return Ok(types[0]);
        }
        types[1..]
            .iter()
            .fold(types[0], |acc, t| rules::promote_scalars(inf.ctx, acc, *t))
    })
}

/// `abs`: int64 for a bool, the magnitude's type for a complex.
pub(crate) fn type_abs(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let i64t = inf.ctx.i64();
    c.arity(inf, 1, 1)?;
    if !is_number(inf.ctx, types[0]) {
        return Err(c.bad(inf));
    }
    Ok(if is_bool(inf.ctx, types[0]) {
        i64t
    } else {
        match inf.ctx.type_kind(types[0]).clone() {
            TypeKind::Complex(e) => e,
            _ => types[0],
        }
    })
}

/// `sum` of a vector.
pub(crate) fn type_sum(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    c.arity(inf, 1, 1)?;
    Ok(match array_parts(inf.ctx, types[0]) {
        Some((e, 1, _)) => sum_type(inf, e),
        _ => {
            return Err(c
                .bad(inf)
                .with_note("sum() takes a 1-D array; use np.sum for more"))
        }
    })
}

/// `isinstance(x, classes)`: a bool the types decide (the frontend keeps the class names in
/// the `classes` attribute).
pub(crate) fn type_isinstance(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    c.arity(inf, 1, 1)?;
    Ok(inf.ctx.i1())
}

/// Whether `isinstance(x, classes)` (the op) holds for an `x` of type `t`, as in Numba: every
/// integer type is an `int` (a bool too, as in CPython), every float type a `float`; `None`
/// while `t` is not inferred.
pub(crate) fn isinstance_holds(ctx: &Context, op: OpId, t: Type) -> Option<bool> {
    let class = match ctx.type_kind(t) {
        TypeKind::PyObject => return None,
        TypeKind::Int { width: 1, .. } => "bool",
        TypeKind::Int { .. } => "int",
        TypeKind::Float(_) => "float",
        TypeKind::Complex(_) => "complex",
        _ => "",
    };
    Some(
        ctx.attr_strs(op, "classes")
            .iter()
            .any(|c| c == class || (class == "bool" && c == "int")),
    )
}

pub(crate) fn lower_isinstance(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let t = c.e.ctx.value_type(c.e.ctx.operand(op, 0));
    let holds = isinstance_holds(c.e.ctx, op, t).unwrap_or(false);
    let i1 = c.e.ctx.i1();
    Ok(L::V(c.e.const_int(i64::from(holds), i1, &loc)))
}

/// `complex(real, imag)`.
pub(crate) fn type_complex(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let f64t = inf.ctx.f64();
    c.arity(inf, 1, 2)?;
    let real = |t: &Type| is_number(inf.ctx, *t) && !is_complex(inf.ctx, *t);
    if !types.iter().all(real) {
        return Err(c
            .bad(inf)
            .with_note("complex(real, imag) takes real numbers"));
    }
    Ok(inf.ctx.intern_type(TypeKind::Complex(f64t)))
}

/// `int`, `float`, `bool`, `round` of a number.
pub(crate) fn type_conversion(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let i64t = inf.ctx.i64();
    let f64t = inf.ctx.f64();
    let _fname = c.fname.as_str();
    c.arity(inf, 1, 1)?;
    if !is_number(inf.ctx, types[0]) {
        return Err(c.bad(inf));
    }
    Ok(match c.fname.as_str() {
        "float" => f64t,
        "bool" => inf.ctx.i1(),
        _ => i64t,
    })
}

/// `round(x)`: an int64; `round(x, ndigits)` of a float: that float type.
pub(crate) fn type_round(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    c.arity(inf, 1, 2)?;
    let digits = types
        .get(1)
        .filter(|t| !matches!(inf.ctx.type_kind(**t), TypeKind::None));
    let Some(digits) = digits else {
        if !is_number(inf.ctx, types[0]) {
            return Err(c.bad(inf));
        }
        return Ok(inf.ctx.i64());
    };
    let integer = |t: Type| matches!(inf.ctx.type_kind(t), TypeKind::Int { .. });
    if !integer(*digits) || !matches!(inf.ctx.type_kind(types[0]), TypeKind::Float(_)) {
        return Err(c.bad(inf).with_note(
            "compiled code rounds a float to `ndigits` decimals (an integer); round an int with `//` and `*`",
        ));
    }
    Ok(types[0])
}

/// `print` of numbers, booleans and string literals.
pub(crate) fn type_print(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let _op = c.op;
    let types = &c.types;
    let printable = |t: &&Type| {
        // A list prints its items (`[1.5, 2.0]`).
        // A dict or set prints its keys and values (`{1: 0.5}`, `{3}`).
        let scalar = |t: Type| is_number(inf.ctx, t) && !is_complex(inf.ctx, t);
        match inf.ctx.type_kind(**t) {
            TypeKind::PyList(e) => scalar(*e),
            TypeKind::PyDict(k, v) => scalar(*k) && scalar(*v),
            TypeKind::PySet(k) => scalar(*k),
            _ => scalar(**t) || strings::literal(inf.ctx, **t).is_some(),
        }
    };
    if let Some(t) = types.iter().find(|t| !printable(t)) {
        return Err(error(
            inf.ctx,
            c.op,
            format!(
                "printing a value of type {} is not supported in compiled code",
                inf.show(*t)
            ),
        )
        .with_note(
            "print numbers, booleans, string literals, and lists, dicts and sets of numbers",
        ));
    }
    Ok(inf.ctx.intern_type(TypeKind::None))
}

/// `enumerate` of an iterable.
pub(crate) fn type_enumerate(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let _op = c.op;
    let types = &c.types;
    let i64t = inf.ctx.i64();
    c.arity(inf, 1, 1)?;
    let item = inf.item_type(c.op, types[0])?;
    let t = inf.ctx.intern_type(TypeKind::Tuple(vec![i64t, item]));
    Ok(inf.ctx.intern_type(TypeKind::PyIter(t)))
}

/// `zip` of iterables.
pub(crate) fn type_zip(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let _op = c.op;
    let types = &c.types;
    c.arity(inf, 1, 8)?;
    let items = types
        .iter()
        .map(|t| inf.item_type(c.op, *t))
        .collect::<TResult<Vec<_>>>()?;
    let t = inf.ctx.intern_type(TypeKind::Tuple(items));
    Ok(inf.ctx.intern_type(TypeKind::PyIter(t)))
}

// Lowerings.

/// `round(x)`: the nearest integer, halves to the even one (an integer stays as it is).
pub(crate) fn lower_round(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let (i64t, f64t) = (c.e.ctx.i64(), c.e.ctx.f64());
    if let Some(digits) = c.e.ctx.operands(op).get(1).copied() {
        if let L::V(digits) = c.get(digits) {
            return lower_round_digits(c, op, digits);
        }
    }
    let x = c.scalar(op, c.e.ctx.operand(op, 0))?;
    if !c.e.is_float(c.e.ctx.value_type(x)) {
        return Ok(L::V(c.e.coerce(x, i64t, &loc)));
    }
    let x = c.e.coerce(x, f64t, &loc);
    // `x - floor(x)` is exact: above a half rounds up, a half up only from an odd floor.
    let floor = c.e.value(&math::FLOOR, &[x], f64t, &loc);
    let fraction = c.e.binary(&arith::SUBF, x, floor, &loc);
    let half = c.e.const_float(0.5, f64t, &loc);
    let above = c.e.cmp(&arith::CMPF, "ogt", fraction, half, &loc);
    let tie = c.e.cmp(&arith::CMPF, "oeq", fraction, half, &loc);
    let n = c.e.value(&arith::FPTOSI, &[floor], i64t, &loc);
    let one = c.e.const_int(1, i64t, &loc);
    let parity = c.e.binary(&arith::ANDI, n, one, &loc);
    let zero = c.e.const_int(0, i64t, &loc);
    let odd = c.e.cmp(&arith::CMPI, "ne", parity, zero, &loc);
    let odd_tie = c.e.binary(&arith::ANDI, tie, odd, &loc);
    let up = c.e.binary(&arith::ORI, above, odd_tie, &loc);
    let next = c.e.binary(&arith::ADDI, n, one, &loc);
    Ok(L::V(c.e.select(up, next, n, &loc)))
}

/// `round(x, ndigits)` of a float, as Numba computes it: for `ndigits >= 0`,
/// `rint(x * p1 * p2) / p2 / p1` with `p1 * p2 = 10**ndigits` (`p2 = 1e22` past 22 digits, so
/// that neither overflows), `x` itself when the product is infinite; for `ndigits < 0`,
/// `rint(x / 10**-ndigits) * 10**-ndigits`; `rint` rounds halves to even; inf and nan are
/// returned as they are.
fn lower_round_digits(c: &mut Converter<'_>, op: OpId, digits: Value) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let rt = result_type(c, op);
    let x = c.scalar(op, c.e.ctx.operand(op, 0))?;
    let x = c.e.coerce(x, rt, &loc);
    let i64t = c.e.ctx.i64();
    let digits = c.e.coerce(digits, i64t, &loc);
    let d = c.e.value(&arith::SITOFP, &[digits], rt, &loc);
    let constant = |c: &mut Converter<'_>, v: f64| c.e.const_float(v, rt, &loc);
    let (zero, ten, big) = (constant(c, 0.0), constant(c, 10.0), constant(c, 22.0));
    let negative = c.e.cmp(&arith::CMPF, "olt", d, zero, &loc);
    let past = c.e.cmp(&arith::CMPF, "ogt", d, big, &loc);
    // ndigits >= 0.
    let less = c.e.binary(&arith::SUBF, d, big, &loc);
    let e1 = c.e.select(past, less, d, &loc);
    let p1 = c.e.value(&math::POWF, &[ten, e1], rt, &loc);
    let (e22, one) = (constant(c, 1e22), constant(c, 1.0));
    let p2 = c.e.select(past, e22, one, &loc);
    let y = c.e.binary(&arith::MULF, x, p1, &loc);
    let y = c.e.binary(&arith::MULF, y, p2, &loc);
    let r = rint(c, y, rt, &loc);
    let r = c.e.binary(&arith::DIVF, r, p2, &loc);
    let r = c.e.binary(&arith::DIVF, r, p1, &loc);
    let inf = constant(c, f64::INFINITY);
    let y_abs = c.e.value(&math::ABSF, &[y], rt, &loc);
    let y_inf = c.e.cmp(&arith::CMPF, "oeq", y_abs, inf, &loc);
    let positive = c.e.select(y_inf, x, r, &loc);
    // ndigits < 0.
    let minus = c.e.binary(&arith::SUBF, zero, d, &loc);
    let p = c.e.value(&math::POWF, &[ten, minus], rt, &loc);
    let q = c.e.binary(&arith::DIVF, x, p, &loc);
    let q = rint(c, q, rt, &loc);
    let negative_result = c.e.binary(&arith::MULF, q, p, &loc);
    let r = c.e.select(negative, negative_result, positive, &loc);
    // inf and nan as they are.
    let x_abs = c.e.value(&math::ABSF, &[x], rt, &loc);
    let finite = c.e.cmp(&arith::CMPF, "olt", x_abs, inf, &loc);
    Ok(L::V(c.e.select(finite, r, x, &loc)))
}

/// `y` rounded to the nearest integer, halves to even (as `np.rint`).
fn rint(c: &mut Converter<'_>, y: Value, t: Type, loc: &blackbird_dialects::ir::Location) -> Value {
    let floor = c.e.value(&math::FLOOR, &[y], t, loc);
    let fraction = c.e.binary(&arith::SUBF, y, floor, loc);
    let half = c.e.const_float(0.5, t, loc);
    let above = c.e.cmp(&arith::CMPF, "ogt", fraction, half, loc);
    let tie = c.e.cmp(&arith::CMPF, "oeq", fraction, half, loc);
    // The floor is odd when it differs from twice the floor of its half (exact: a float with
    // a fraction is below 2**52).
    let halved = c.e.binary(&arith::MULF, floor, half, loc);
    let halved = c.e.value(&math::FLOOR, &[halved], t, loc);
    let two = c.e.const_float(2.0, t, loc);
    let even = c.e.binary(&arith::MULF, halved, two, loc);
    let odd = c.e.cmp(&arith::CMPF, "one", even, floor, loc);
    let odd_tie = c.e.binary(&arith::ANDI, tie, odd, loc);
    let up = c.e.binary(&arith::ORI, above, odd_tie, loc);
    let one = c.e.const_float(1.0, t, loc);
    let next = c.e.binary(&arith::ADDF, floor, one, loc);
    c.e.select(up, next, floor, loc)
}

/// `sum(v)` of a vector: Python adds its items in order to 0 (not pairwise, as `np.sum`).
pub(crate) fn lower_sum(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let rt = c.result_type(op);
    let L::V(src) = c.get(c.e.ctx.operand(op, 0)) else {
        return Err(not_yet(c.e.ctx, op, "sum() of this value"));
    };
    let zero = c.e.zero_of(rt, 0.0, &loc);
    Ok(L::V(c.reduce_all(src, zero, &loc, &mut |s, acc, x| {
        s.e.arithmetic("add", acc, x, &loc)
    })?))
}

/// The scalar values of `op`'s operands.
fn scalar_operands(c: &Converter<'_>, op: OpId) -> CResult<Vec<Value>> {
    let operands = c.e.ctx.operands(op).to_vec();
    operands.iter().map(|v| c.scalar(op, *v)).collect()
}

/// `op`'s result type.
fn result_type(c: &Converter<'_>, op: OpId) -> Type {
    c.e.ctx.value_type(c.e.ctx.result(op, 0))
}

/// `print(...)`: the values, formatted as the frontend's `format` says.
pub(crate) fn lower_print(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    if c.e
        .ctx
        .operands(op)
        .iter()
        .any(|v| super::lists::is_list_value(c, *v))
    {
        return super::lists::lower_print(c, op);
    }
    let loc = c.e.ctx.loc(op).clone();
    let format = c.e.ctx.attr(op, "format").expect("print has a format");
    let format =
        c.e.ctx
            .attr_kind(format)
            .as_str()
            .expect("a string")
            .to_string();
    // A string operand's text (its type's) goes into the format in place of its `{}`.
    let mut operands = c.e.ctx.operands(op).to_vec().into_iter();
    let (mut text, mut values, mut rest) = (String::new(), vec![], format.as_str());
    while let Some(at) = rest.find(['{', '}']) {
        text.push_str(&rest[..at]);
        let mark = &rest[at..at + 2];
        rest = &rest[at + 2..];
        if mark != "{}" {
            text.push_str(mark);
            continue;
        }
        let v = operands.next().expect("one operand per `{}`");
        match strings::literal(c.e.ctx, c.e.ctx.value_type(v)) {
            Some(s) => text.push_str(&s.replace('{', "{{").replace('}', "}}")),
            None => {
                values.push(c.scalar(op, v)?);
                text.push_str("{}");
            }
        }
    }
    text.push_str(rest);
    let format = c.e.ctx.str_attr(&text);
    c.e.emit(
        &loops::PRINT,
        &values,
        &[],
        &[("format", format)],
        vec![],
        &loc,
    );
    Ok(L::None)
}

/// `range(...)`, `prange(...)`: the iteration a `for` loop consumes.
pub(crate) fn lower_range(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let i64t = c.e.ctx.i64();
    let a: Vec<Value> = scalar_operands(c, op)?
        .into_iter()
        .map(|v| c.e.coerce(v, i64t, &loc))
        .collect();
    let (start, stop, step) = match a.len() {
        1 => (
            c.e.const_int(0, i64t, &loc),
            a[0],
            c.e.const_int(1, i64t, &loc),
        ),
        2 => (a[0], a[1], c.e.const_int(1, i64t, &loc)),
        _ => (a[0], a[1], a[2]),
    };
    Ok(L::Iter(Iter::Range { start, stop, step }))
}

/// `enumerate(iterable)`.
pub(crate) fn lower_enumerate(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let operand = c.e.ctx.operand(op, 0);
    Ok(L::Iter(Iter::Enumerate(Box::new(
        c.iter_of(op, c.get(operand))?,
    ))))
}

/// `zip(*iterables)`.
pub(crate) fn lower_zip(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let operands = c.e.ctx.operands(op).to_vec();
    let items = operands
        .iter()
        .map(|v| c.iter_of(op, c.get(*v)))
        .collect::<CResult<Vec<_>>>()?;
    Ok(L::Iter(Iter::Zip(items)))
}

/// `len(obj)`: a tuple's length, an array's first dimension.
pub(crate) fn lower_len(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let i64t = c.e.ctx.i64();
    Ok(match c.get(c.e.ctx.operand(op, 0)) {
        L::Tuple(items) => L::V(c.e.const_int(items.len() as i64, i64t, &loc)),
        L::V(m) if c.e.ctx.type_kind(c.e.ctx.value_type(m)).is_shaped() => {
            L::V(c.e.dim(m, 0, &loc))
        }
        L::V(d) if crate::conversion::py_to_tensor::dicts::is_container(c, d) => {
            L::V(c.dict_len(d, &loc))
        }
        _ => return Err(not_yet(c.e.ctx, op, "len() of this value")),
    })
}

/// `min(...)`, `max(...)`: of numbers, or of a vector's items as Python iterates them.
pub(crate) fn lower_min_max(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let name = c.e.ctx.attr_str(op, "name").to_string();
    // Python keeps the first extreme value: replace only when strictly better.
    let better = if name == "max" { "gt" } else { "lt" };
    let operands = c.e.ctx.operands(op).to_vec();
    let tuple = match c.get(operands[0]) {
        L::Tuple(items) if operands.len() == 1 => Some(items),
        _ => None,
    };
    if operands.len() >= 2 || tuple.is_some() {
        let rt = result_type(c, op);
        let a = match tuple {
            Some(items) => items
                .into_iter()
                .map(|item| match item {
                    L::V(v) => Ok(v),
                    _ => Err(not_yet(c.e.ctx, op, &format!("{name}() of this tuple"))),
                })
                .collect::<CResult<Vec<Value>>>()?,
            None => scalar_operands(c, op)?,
        };
        let mut acc = c.e.coerce(a[0], rt, &loc);
        for x in &a[1..] {
            let x = c.e.coerce(*x, rt, &loc);
            let b = c.compare(better, x, acc, &loc);
            acc = c.e.select(b, x, acc, &loc);
        }
        return Ok(L::V(acc));
    }
    // Over a vector's items: the first item, replaced by each strictly greater (smaller) one
    // (a NaN first stays; later NaNs are skipped).
    let L::V(src) = c.get(operands[0]) else {
        return Err(not_yet(c.e.ctx, op, &format!("{name}() of this value")));
    };
    let i64t = c.e.ctx.i64();
    let n = c.element_count(src, &loc);
    let zero = c.e.const_int(0, i64t, &loc);
    let empty = c.e.cmp(&arith::CMPI, "eq", n, zero, &loc);
    let message = format!("{name}() arg is an empty sequence");
    c.e.raise_if(empty, "ValueError", &message, &loc);
    let init = c.first_element(src, empty, &loc);
    Ok(L::V(c.reduce_all(src, init, &loc, &mut |s, acc, x| {
        let b = s.compare(better, x, acc, &loc);
        s.e.select(b, x, acc, &loc)
    })?))
}

/// `abs(x)` of a real number.
fn lower_real_abs(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let rt = result_type(c, op);
    let a = c.scalar(op, c.e.ctx.operand(op, 0))?;
    let a = c.e.coerce(a, rt, &loc);
    let def = if c.e.is_float(rt) {
        &math::ABSF
    } else {
        &math::ABSI
    };
    Ok(L::V(c.e.value(def, &[a], rt, &loc)))
}

/// `int(x)`, `float(x)`, `bool(x)`: Numba's conversions.
pub(crate) fn lower_conversion(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let rt = result_type(c, op);
    let a = c.scalar(op, c.e.ctx.operand(op, 0))?;
    Ok(L::V(c.e.coerce(a, rt, &loc)))
}

/// `abs(x)`: a complex number's magnitude, `hypot(re, im)` as CPython computes it (the C
/// library's on the CPU); a real's in [`lower_real_abs`].
pub(crate) fn lower_abs(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let operand = c.e.ctx.operand(op, 0);
    if !c.is_complex(c.e.ctx.value_type(operand)) {
        return lower_real_abs(c, op);
    }
    let loc = c.e.ctx.loc(op).clone();
    let (re, im) = c.complex_parts(op, operand, &loc)?;
    Ok(L::V(c.hypot_of_floats(re, im, &loc)))
}

/// `complex(real, imag=0.0)`: the pair of parts.
pub(crate) fn lower_complex(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let f64t = c.e.ctx.f64();
    let operands = c.e.ctx.operands(op).to_vec();
    let re = c.complex_parts(op, operands[0], &loc)?.0;
    let im = match operands.get(1) {
        Some(v) => c.complex_parts(op, *v, &loc)?.0,
        None => c.e.const_float(0.0, f64t, &loc),
    };
    Ok(L::Tuple(vec![L::V(re), L::V(im)]))
}

/// `np._invalid_option(message, value)`: the call is typed only where the option's value is
/// wrong, so typing it is the error: `ValueError: message` with `{!r}` replaced by the
/// value as Python shows it (`'foo'`). `np._option_not_compiled` alike, for a valid option
/// Blackbird does not compile yet.
pub(crate) fn type_invalid_option(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let (message, value) = (c.types[0], c.types[1]);
    let message = strings::literal(inf.ctx, message).unwrap_or("invalid option {!r}");
    let shown = match strings::literal(inf.ctx, value) {
        Some(s) => format!("'{s}'"),
        None => inf.show(value),
    };
    let text = message.replace("{!r}", &shown);
    let prefix = match c.name.as_str() {
        "np._invalid_option" => strings::INVALID_OPTION,
        _ => strings::OPTION_NOT_COMPILED,
    };
    let message = format!("{prefix}{text}");
    Err(error(inf.ctx, c.op, message))
}

pub(crate) fn lower_invalid_option(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    Err(not_yet(c.e.ctx, op, "an invalid option"))
}

/// `np._is_str(x)`, `np._is_array(x)`: what the type of `x` is, a bool the types decide
/// (`py-infer-types` prunes an `if` on it), or `None` for another name.
pub fn type_test(ctx: &Context, name: &str, x: Type) -> Option<bool> {
    match name {
        "np._is_str" => Some(strings::literal(ctx, x).is_some()),
        "np._is_array" => Some(rules::is_array(ctx, x)),
        "np._is_tuple" => Some(matches!(ctx.type_kind(x), TypeKind::Tuple(_))),
        _ => None,
    }
}

pub(crate) fn type_type_test(inf: &mut Inference<'_>, _c: &Call) -> TResult<Type> {
    Ok(inf.ctx.i1())
}

pub(crate) fn lower_type_test(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let loc = c.e.ctx.loc(op).clone();
    let x = c.e.ctx.value_type(c.e.ctx.operand(op, 0));
    let name = c.e.ctx.attr_str(op, "name").to_string();
    let holds = type_test(c.e.ctx, &name, x).expect("a type test");
    let i1 = c.e.ctx.i1();
    Ok(L::V(c.e.const_int(i64::from(holds), i1, &loc)))
}
