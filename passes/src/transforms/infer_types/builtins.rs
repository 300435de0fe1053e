//! Result types of `py.call_builtin`: Python builtins, `math`, NumPy functions, array methods
//! and CUDA intrinsics.

use blackbird_dialects::ir::{ArrayLayout, Diagnostic, OpId, Type, TypeKind, Value};
use blackbird_dialects::py;

use super::rules::{
    self, array, array_parts, float_result, is_array, is_bool, is_complex, is_int, is_number,
};
use super::{error, Inference, TResult};

/// Positional operands and keyword operands (`kwargs` names the trailing ones).
fn split_args(inf: &Inference, op: OpId, operands: &[Value]) -> (Vec<Value>, Vec<(String, Value)>) {
    let names = inf.ctx.attr_strs(op, "kwargs");
    let split = operands.len() - names.len();
    (
        operands[..split].to_vec(),
        names
            .into_iter()
            .zip(operands[split..].iter().copied())
            .collect(),
    )
}

/// Whether builtin `name` (`np.zeros`, `ndarray.sum`, `cuda.shared.array`, …) takes keyword
/// `k`: `dtype=` where it sets the result's element type, `axis=` on reductions, `M=`/`k=` on
/// `np.eye`. Any other keyword is refused rather than ignored.
fn accepts_keyword(name: &str, k: &str) -> bool {
    let f = name.rsplit_once('.').map_or(name, |(_, f)| f);
    let cuda_array = matches!(name, "cuda.shared.array" | "cuda.local.array");
    match k {
        "dtype" => {
            cuda_array
                || matches!(
                    f,
                    "zeros"
                        | "ones"
                        | "empty"
                        | "full"
                        | "zeros_like"
                        | "ones_like"
                        | "empty_like"
                        | "full_like"
                        | "arange"
                        | "linspace"
                        | "eye"
                        | "asarray"
                        | "ascontiguousarray"
                        | "astype"
                )
        }
        "axis" => super::AXIS_REDUCTIONS.contains(&f),
        "M" => name == "np.eye",
        "k" => matches!(name, "np.eye" | "np.triu" | "np.tril"),
        _ => false,
    }
}

pub fn call(inf: &mut Inference, op: OpId, operands: &[Value]) -> TResult<Type> {
    let name = inf.ctx.attr_str(op, "name").to_string();
    let (args, kwargs) = split_args(inf, op, operands);
    let types: Vec<Type> = args.iter().map(|v| inf.ty(*v)).collect();
    let kw = |key: &str| kwargs.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
    for (k, _) in &kwargs {
        if !accepts_keyword(&name, k) {
            return Err(error(
                inf.ctx,
                op,
                format!("{name}() got an unsupported keyword argument `{k}`"),
            ));
        }
    }
    let arity = |inf: &Inference, lo: usize, hi: usize| -> TResult<()> {
        if types.len() < lo || types.len() > hi {
            let expected = if lo == hi {
                format!("{lo}")
            } else {
                format!("{lo} to {hi}")
            };
            return Err(error(
                inf.ctx,
                op,
                format!("{name}() takes {expected} arguments, {} given", types.len()),
            ));
        }
        Ok(())
    };
    let bad = |inf: &Inference| -> Diagnostic {
        let shown: Vec<String> = types.iter().map(|t| inf.show(*t)).collect();
        error(
            inf.ctx,
            op,
            format!("{name}() does not accept ({})", shown.join(", ")),
        )
    };
    let i64t = inf.ctx.i64();
    let f64t = inf.ctx.f64();
    let i1 = inf.ctx.i1();
    let none = inf.ctx.intern_type(TypeKind::None);
    let (module, fname) = name
        .split_once('.')
        .map_or(("", name.as_str()), |(m, f)| (m, f));
    // A method of something other than an array (`a.sum()` where `a` is an int64).
    let receiver = types.first().copied();
    if module == "ndarray"
        && receiver.is_some_and(|t| {
            array_parts(inf.ctx, t).is_none() && !(fname == "conjugate" && is_complex(inf.ctx, t))
        })
    {
        let t = inf.show(types[0]);
        let d = error(inf.ctx, op, format!("{t} has no attribute `{fname}`"));
        return Err(inf.argument_note(d, args[0]));
    }

    Ok(match (module, fname) {
        ("", "range") | ("", "prange") => {
            arity(inf, 1, 3)?;
            if !types.iter().all(|t| is_int(inf.ctx, *t)) {
                return Err(bad(inf).with_note("range() takes integers"));
            }
            inf.ctx.intern_type(TypeKind::PyIter(i64t))
        }
        ("", "len") => {
            arity(inf, 1, 1)?;
            match inf.ctx.type_kind(types[0]) {
                TypeKind::PyArray { .. } | TypeKind::Tuple(_) | TypeKind::PyList(_) => i64t,
                _ => return Err(bad(inf)),
            }
        }
        ("", "min") | ("", "max") => {
            if types.len() == 1 {
                match array_parts(inf.ctx, types[0]) {
                    Some((e, 1, _)) => e,
                    Some(_) => {
                        return Err(bad(inf).with_note(
                            "over an array of rank 2 or more, Python compares its rows; use np.min/np.max (or .min()/.max()) for the smallest/largest element",
                        ))
                    }
                    None => return Err(bad(inf)),
                }
            } else {
                arity(inf, 2, 16)?;
                if !types.iter().all(|t| is_number(inf.ctx, *t)) {
                    return Err(bad(inf));
                }
                // `min(a > 0, b > 0)` is a bool, as in Python and Numba (arithmetic on bools
                // gives an int).
                if types.iter().all(|t| is_bool(inf.ctx, *t)) {
                    return Ok(types[0]);
                }
                types[1..]
                    .iter()
                    .fold(types[0], |acc, t| rules::promote_scalars(inf.ctx, acc, *t))
            }
        }
        ("", "abs") => {
            arity(inf, 1, 1)?;
            if !is_number(inf.ctx, types[0]) {
                return Err(bad(inf));
            }
            if is_bool(inf.ctx, types[0]) {
                i64t
            } else {
                match inf.ctx.type_kind(types[0]).clone() {
                    TypeKind::Complex(e) => e,
                    _ => types[0],
                }
            }
        }
        ("", "sum") => {
            arity(inf, 1, 1)?;
            match array_parts(inf.ctx, types[0]) {
                Some((e, 1, _)) => sum_type(inf, e),
                _ => return Err(bad(inf).with_note("sum() takes a 1-D array; use np.sum for more")),
            }
        }
        ("", "complex") => {
            arity(inf, 1, 2)?;
            let real = |t: &Type| is_number(inf.ctx, *t) && !is_complex(inf.ctx, *t);
            if !types.iter().all(real) {
                return Err(bad(inf).with_note("complex(real, imag) takes real numbers"));
            }
            inf.ctx.intern_type(TypeKind::Complex(f64t))
        }
        ("ndarray", "conjugate") if is_complex(inf.ctx, types[0]) => types[0],
        ("", "int") | ("", "float") | ("", "bool") | ("", "round") => {
            arity(inf, 1, 1)?;
            if !is_number(inf.ctx, types[0]) {
                return Err(bad(inf));
            }
            match fname {
                "float" => f64t,
                "bool" => i1,
                _ => i64t,
            }
        }
        ("", "print") => {
            let printable = |t: &&Type| is_number(inf.ctx, **t) && !is_complex(inf.ctx, **t);
            if let Some(t) = types.iter().find(|t| !printable(t)) {
                return Err(error(
                    inf.ctx,
                    op,
                    format!(
                        "printing a value of type {} is not supported in compiled code",
                        inf.show(*t)
                    ),
                )
                .with_note("print numbers, booleans and string literals"));
            }
            none
        }
        ("", "enumerate") => {
            arity(inf, 1, 1)?;
            let item = inf.item_type(op, types[0])?;
            let t = inf.ctx.intern_type(TypeKind::Tuple(vec![i64t, item]));
            inf.ctx.intern_type(TypeKind::PyIter(t))
        }
        ("", "zip") => {
            arity(inf, 1, 8)?;
            let items = types
                .iter()
                .map(|t| inf.item_type(op, *t))
                .collect::<TResult<Vec<_>>>()?;
            let t = inf.ctx.intern_type(TypeKind::Tuple(items));
            inf.ctx.intern_type(TypeKind::PyIter(t))
        }
        ("math", f) => {
            if !types.iter().all(|t| is_number(inf.ctx, *t)) {
                return Err(bad(inf)
                    .with_note("math functions take numbers; use NumPy functions on arrays"));
            }
            let two = matches!(f, "atan2" | "pow" | "hypot" | "copysign" | "fmod");
            arity(inf, if two { 2 } else { 1 }, if two { 2 } else { 1 })?;
            match f {
                "floor" | "ceil" | "trunc" => i64t,
                "isnan" | "isinf" | "isfinite" => i1,
                _ => f64t,
            }
        }
        ("np", "zeros" | "ones" | "empty") | ("cuda", "shared.array" | "local.array") => {
            arity(inf, 1, 2)?;
            let rank = shape_rank(inf, op, types[0])?;
            let dtype = match kw("dtype").or_else(|| args.get(1).copied()) {
                Some(d) => dtype_of(inf, op, d)?,
                None => f64t,
            };
            array(inf.ctx, dtype, rank, ArrayLayout::C)
        }
        ("np", "full") => {
            arity(inf, 2, 3)?;
            let rank = shape_rank(inf, op, types[0])?;
            let dtype = match kw("dtype").or_else(|| args.get(2).copied()) {
                Some(d) => dtype_of(inf, op, d)?,
                None => types[1],
            };
            array(inf.ctx, dtype, rank, ArrayLayout::C)
        }
        ("np", "eye") => {
            arity(inf, 1, 3)?;
            let dims: Vec<Type> = kwargs
                .iter()
                .filter(|(k, _)| k != "dtype")
                .map(|(_, v)| inf.ty(*v))
                .chain(types.iter().copied())
                .collect();
            if !dims.iter().all(|t| is_int(inf.ctx, *t)) {
                return Err(bad(inf).with_note("np.eye(N, M=None, k=0) takes integers"));
            }
            let dtype = match kw("dtype") {
                Some(d) => dtype_of(inf, op, d)?,
                None => f64t,
            };
            array(inf.ctx, dtype, 2, ArrayLayout::C)
        }
        ("np", "arange") => {
            arity(inf, 1, 3)?;
            if !types.iter().all(|t| is_number(inf.ctx, *t)) {
                return Err(bad(inf));
            }
            let elem = match kw("dtype") {
                Some(d) => dtype_of(inf, op, d)?,
                None if types.iter().all(|t| is_int(inf.ctx, *t)) => i64t,
                None => f64t,
            };
            array(inf.ctx, elem, 1, ArrayLayout::C)
        }
        ("np", "linspace") => {
            arity(inf, 3, 3)?;
            if !types.iter().all(|t| is_number(inf.ctx, *t)) || !is_int(inf.ctx, types[2]) {
                return Err(bad(inf));
            }
            let elem = match kw("dtype") {
                Some(d) => dtype_of(inf, op, d)?,
                None => f64t,
            };
            array(inf.ctx, elem, 1, ArrayLayout::C)
        }
        (
            "np",
            "zeros_like" | "ones_like" | "empty_like" | "copy" | "asarray" | "ascontiguousarray"
            | "full_like",
        )
        | ("ndarray", "copy") => {
            let Some((e, r, _)) = array_parts(inf.ctx, types[0]) else {
                return Err(bad(inf));
            };
            let e = match kw("dtype") {
                Some(d) => dtype_of(inf, op, d)?,
                None => e,
            };
            array(inf.ctx, e, r, ArrayLayout::C)
        }
        (
            "np" | "ndarray",
            "sum" | "prod" | "min" | "max" | "amin" | "amax" | "mean" | "var" | "std" | "argmin"
            | "argmax",
        ) => {
            let Some((e, r, _)) = array_parts(inf.ctx, types[0]) else {
                if is_number(inf.ctx, types[0]) {
                    return Ok(types[0]);
                }
                return Err(bad(inf));
            };
            let scalar = match fname {
                "sum" | "prod" => sum_type(inf, e),
                "mean" | "var" | "std" => float_result(inf.ctx, e),
                "argmin" | "argmax" => i64t,
                _ => e,
            };
            match kw("axis").or_else(|| args.get(1).copied()) {
                None => scalar,
                Some(axis) => {
                    let Some(a) = py::int_constant(inf.ctx, axis) else {
                        return Err(error(inf.ctx, op, "axis must be an integer constant"));
                    };
                    if a < -(r as i64) || a >= r as i64 {
                        return Err(error(
                            inf.ctx,
                            op,
                            format!("axis {a} is out of bounds for an array of dimension {r}"),
                        ));
                    }
                    array(inf.ctx, scalar, r - 1, ArrayLayout::C)
                }
            }
        }
        ("np" | "ndarray", "any" | "all") | ("np", "count_nonzero" | "linalg.norm") => {
            arity(inf, 1, 1)?;
            let Some((e, _, _)) = array_parts(inf.ctx, types[0]) else {
                return match (fname, is_number(inf.ctx, types[0])) {
                    ("any" | "all", true) => Ok(i1),
                    _ => Err(bad(inf)),
                };
            };
            match fname {
                "any" | "all" => i1,
                "count_nonzero" => i64t,
                _ if is_complex(inf.ctx, e) => return Err(bad(inf)),
                _ => float_result(inf.ctx, e),
            }
        }
        ("np", "triu" | "tril") => {
            // The upper (lower) triangle of a matrix from diagonal `k`, zeros elsewhere.
            arity(inf, 1, 2)?;
            let k = kw("k").or_else(|| args.get(1).copied());
            if k.is_some_and(|k| !is_int(inf.ctx, inf.ty(k))) {
                return Err(bad(inf).with_note("k is an integer"));
            }
            match array_parts(inf.ctx, types[0]) {
                Some((e, 2, _)) => array(inf.ctx, e, 2, ArrayLayout::C),
                _ => return Err(bad(inf).with_note("np.triu/np.tril take a 2-D array")),
            }
        }
        ("np", "concatenate") => {
            // A tuple of arrays of one rank, joined along the first axis (the dtypes promote).
            arity(inf, 1, 1)?;
            let items = match inf.ctx.type_kind(types[0]) {
                TypeKind::Tuple(items) => items.clone(),
                _ => {
                    return Err(bad(inf).with_note("give a tuple of arrays: np.concatenate((a, b))"))
                }
            };
            let parts: Vec<_> = items.iter().map(|t| array_parts(inf.ctx, *t)).collect();
            let Some(Some((first, rank, _))) = parts.first().copied() else {
                return Err(bad(inf).with_note("give a tuple of arrays: np.concatenate((a, b))"));
            };
            let mut e = first;
            for part in &parts {
                match part {
                    Some((pe, r, _)) if *r == rank => e = rules::promote_dtypes(inf.ctx, e, *pe),
                    _ => {
                        return Err(bad(inf)
                            .with_note("the arrays must have the same number of dimensions"))
                    }
                }
            }
            array(inf.ctx, e, rank, ArrayLayout::C)
        }
        ("np", "dot" | "vdot" | "matmul" | "outer") | ("ndarray", "dot") => {
            arity(inf, 2, 2)?;
            let (Some((ea, ra, _)), Some((eb, rb, _))) = (
                array_parts(inf.ctx, types[0]),
                array_parts(inf.ctx, types[1]),
            ) else {
                return Err(bad(inf));
            };
            let e = rules::promote_dtypes(inf.ctx, ea, eb);
            let rank = match (fname, ra, rb) {
                ("vdot", _, _) => 0,
                ("outer", _, _) => 2,
                (_, 1, 1) => 0,
                (_, 2, 1) | (_, 1, 2) => 1,
                (_, 2, 2) => 2,
                _ => return Err(bad(inf)),
            };
            array(inf.ctx, e, rank, ArrayLayout::C)
        }
        ("np", "transpose") | ("ndarray", "transpose") => {
            let Some((e, r, l)) = array_parts(inf.ctx, types[0]) else {
                return Err(bad(inf));
            };
            let l = match l {
                ArrayLayout::C if r > 1 => ArrayLayout::F,
                ArrayLayout::F if r > 1 => ArrayLayout::C,
                l => l,
            };
            array(inf.ctx, e, r, l)
        }
        ("np", "cumsum" | "cumprod") | ("ndarray", "cumsum" | "ravel" | "flatten") => {
            let Some((e, _, _)) = array_parts(inf.ctx, types[0]) else {
                return Err(bad(inf));
            };
            let e = if matches!(fname, "cumsum" | "cumprod") {
                sum_type(inf, e)
            } else {
                e
            };
            array(inf.ctx, e, 1, ArrayLayout::C)
        }
        ("ndarray", "astype") => {
            let Some((_, r, _)) = array_parts(inf.ctx, types[0]) else {
                return Err(bad(inf));
            };
            let d = kw("dtype")
                .or_else(|| args.get(1).copied())
                .ok_or_else(|| bad(inf))?;
            let e = dtype_of(inf, op, d)?;
            array(inf.ctx, e, r, ArrayLayout::C)
        }
        ("ndarray", "reshape") => {
            let Some((e, _, _)) = array_parts(inf.ctx, types[0]) else {
                return Err(bad(inf));
            };
            let rank = if types.len() == 2 {
                shape_rank(inf, op, types[1])?
            } else {
                (types.len() - 1) as u32
            };
            array(inf.ctx, e, rank, ArrayLayout::C)
        }
        ("ndarray", "fill") => none,
        ("np", "where") => {
            arity(inf, 3, 3)?;
            elementwise(inf, op, &types, |_, e| e, true)?
        }
        ("np", "isnan" | "isinf" | "isfinite") => elementwise(inf, op, &types, |_, _| i1, false)?,
        ("np", "abs" | "absolute" | "sign" | "square" | "clip" | "negative") => {
            // Arrays of booleans keep their dtype (NumPy), scalars widen to int64 (Numba);
            // NumPy has no boolean sign or negative.
            let arrays = types.iter().any(|t| is_array(inf.ctx, *t));
            let r = elementwise(
                inf,
                op,
                &types,
                |inf, e| match is_bool(inf.ctx, e) && !arrays {
                    true => inf.ctx.i64(),
                    false => e,
                },
                false,
            )?;
            let bool_array = array_parts(inf.ctx, r).is_some_and(|(e, _, _)| is_bool(inf.ctx, e));
            if bool_array && matches!(fname, "sign" | "negative") {
                let message = match fname {
                    "negative" => "The numpy boolean negative, the `-` operator, is not \
                                   supported, use the `~` operator or the logical_not function \
                                   instead."
                        .to_string(),
                    _ => format!("ufunc 'sign' has no loop for {}", inf.show(types[0])),
                };
                return Err(error(inf.ctx, op, message));
            }
            r
        }
        ("np", "floor" | "ceil" | "trunc") => {
            elementwise(inf, op, &types, |inf, e| float_result(inf.ctx, e), false)?
        }
        ("np", "minimum" | "maximum" | "power" | "fmod") => {
            arity(inf, 2, 2)?;
            elementwise(inf, op, &types, |_, e| e, false)?
        }
        ("np", "arctan2" | "hypot") => {
            arity(inf, 2, 2)?;
            elementwise(inf, op, &types, |inf, e| float_result(inf.ctx, e), false)?
        }
        ("np", _) if is_numpy_dtype(fname) => {
            arity(inf, 1, 1)?;
            let t = blackbird_dtype(inf, fname).ok_or_else(|| bad(inf))?;
            match array_parts(inf.ctx, types[0]) {
                Some((_, r, _)) => array(inf.ctx, t, r, ArrayLayout::C),
                None if is_number(inf.ctx, types[0]) => t,
                None => return Err(bad(inf)),
            }
        }
        ("np", _) => {
            // Elementwise float functions: sqrt, exp, log, sin, …
            arity(inf, 1, 1)?;
            elementwise(inf, op, &types, |inf, e| float_result(inf.ctx, e), false)?
        }
        ("cuda", "grid" | "gridsize") => {
            arity(inf, 1, 1)?;
            match py::int_constant(inf.ctx, args[0]) {
                Some(1) => i64t,
                Some(n @ 2..=3) => inf.ctx.intern_type(TypeKind::Tuple(vec![i64t; n as usize])),
                _ => {
                    return Err(error(
                        inf.ctx,
                        op,
                        format!("cuda.{fname}() takes the constant 1, 2 or 3"),
                    ))
                }
            }
        }
        ("cuda", "syncthreads" | "threadfence") => none,
        ("cuda", f) if f.starts_with("atomic.") => {
            arity(inf, 3, 3)?;
            match array_parts(inf.ctx, types[0]) {
                Some((e, _, _)) => e,
                None => return Err(bad(inf)),
            }
        }
        ("cuda", _) => inf.ctx.int_type(32),
        _ => {
            return Err(error(
                inf.ctx,
                op,
                format!("no typing rule for `{name}` yet"),
            ))
        }
    })
}

/// NumPy's dtype of a sum or product: booleans and small integers accumulate in int64.
fn sum_type(inf: &mut Inference, e: Type) -> Type {
    if is_int(inf.ctx, e) || is_bool(inf.ctx, e) {
        inf.ctx.i64()
    } else {
        e
    }
}

/// Rank of a shape argument: an integer (1) or a tuple of integers.
fn shape_rank(inf: &Inference, op: OpId, t: Type) -> TResult<u32> {
    match inf.ctx.type_kind(t) {
        TypeKind::Int { width, .. } if *width > 1 => Ok(1),
        TypeKind::Tuple(elems) if elems.iter().all(|e| is_int(inf.ctx, *e)) => {
            Ok(elems.len() as u32)
        }
        _ => Err(error(
            inf.ctx,
            op,
            format!(
                "a shape is an integer or a tuple of integers, not {}",
                inf.show(t)
            ),
        )),
    }
}

fn dtype_of(inf: &Inference, op: OpId, v: Value) -> TResult<Type> {
    match inf.ctx.type_kind(inf.ty(v)) {
        TypeKind::PyDType(t) => Ok(*t),
        _ => Err(error(
            inf.ctx,
            op,
            format!(
                "expected a dtype such as np.float64, found {}",
                inf.show(inf.ty(v))
            ),
        )),
    }
}

pub(super) fn is_numpy_dtype(name: &str) -> bool {
    matches!(
        name,
        "float64"
            | "float32"
            | "int64"
            | "int32"
            | "int16"
            | "int8"
            | "uint8"
            | "uint16"
            | "uint32"
            | "uint64"
            | "bool_"
            | "complex128"
            | "complex64"
    )
}

fn blackbird_dtype(inf: &mut Inference, name: &str) -> Option<Type> {
    match name {
        "float64" => Some(inf.ctx.f64()),
        "float32" => Some(inf.ctx.f32()),
        "int64" => Some(inf.ctx.i64()),
        "int32" => Some(inf.ctx.int_type(32)),
        "int16" => Some(inf.ctx.int_type(16)),
        "int8" => Some(inf.ctx.int_type(8)),
        "bool_" => Some(inf.ctx.i1()),
        _ => None,
    }
}

/// An elementwise function: scalars give a scalar, arrays an array of the broadcast rank.
/// `elem` maps the promoted input dtype to the output dtype; with `skip_first`, the first
/// operand (a condition) does not take part in the promotion.
fn elementwise(
    inf: &mut Inference,
    op: OpId,
    types: &[Type],
    elem: impl Fn(&mut Inference, Type) -> Type,
    skip_first: bool,
) -> TResult<Type> {
    for t in types {
        let e = array_parts(inf.ctx, *t).map_or(*t, |(e, _, _)| e);
        if !is_number(inf.ctx, e) {
            let shown: Vec<String> = types.iter().map(|t| inf.show(*t)).collect();
            let name = inf.ctx.attr_str(op, "name").to_string();
            return Err(error(
                inf.ctx,
                op,
                format!("{name}() does not accept ({})", shown.join(", ")),
            ));
        }
    }
    // NumPy 2: the arrays' dtypes promote; then each scalar, weak (NEP 50), changes the
    // dtype only when of a higher kind, wherever it stands among the operands. Without
    // arrays, the first scalar's type meets the others as an array's dtype would.
    let operands = &types[skip_first as usize..];
    let mut dtype: Option<Type> = None;
    for t in operands {
        if let Some((e, _, _)) = array_parts(inf.ctx, *t) {
            dtype = Some(match dtype {
                None => e,
                Some(d) => rules::promote_dtypes(inf.ctx, d, e),
            });
        }
    }
    for t in operands {
        if !is_array(inf.ctx, *t) {
            dtype = Some(match dtype {
                None => *t,
                Some(d) => rules::promote_array_scalar(inf.ctx, d, *t),
            });
        }
    }
    let d = dtype.unwrap_or_else(|| inf.ctx.f64());
    let out = elem(inf, d);
    let rank = rules::broadcast_rank(inf.ctx, types);
    Ok(array(inf.ctx, out, rank, ArrayLayout::C))
}
