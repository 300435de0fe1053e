//! Result types of `py.call_builtin`: the typing rules of the library's callables (Python
//! builtins, `math`, NumPy functions, array methods, CUDA intrinsics), one function per family
//! of [`crate::library`], which points each callable at its rule.

use blackbird_dialects::ir::{ArrayLayout, Diagnostic, OpId, Type, TypeKind, Value};
use blackbird_dialects::py;

use super::rules::{
    self, array, array_parts, float_result, is_array, is_bool, is_complex, is_int, is_number,
};
use super::{error, Inference, TResult};
use crate::library::{self, Args};

/// A `py.call_builtin` being typed: its callable's name, its arguments bound to the
/// callable's parameters ([`Args`]) and the types of its positional arguments.
pub(crate) struct Call {
    pub(crate) op: OpId,
    /// `np.zeros`, `ndarray.sum`, `len`.
    pub(crate) name: String,
    /// The part after the module: `zeros`, `sum`, `len`, `linalg.norm`, `shared.array`.
    pub(crate) fname: String,
    /// The positional arguments (a method's array first) and their types.
    pub(crate) args: Vec<Value>,
    pub(crate) types: Vec<Type>,
    pub(crate) bound: Args,
}

impl Call {
    /// The argument of parameter `name`, by position or keyword.
    fn arg(&self, name: &str) -> Option<Value> {
        self.bound.get(name)
    }

    /// An error unless `lo..=hi` positional arguments were given.
    fn arity(&self, inf: &Inference, lo: usize, hi: usize) -> TResult<()> {
        let n = self.types.len();
        if n < lo || n > hi {
            let expected = if lo == hi {
                format!("{lo}")
            } else {
                format!("{lo} to {hi}")
            };
            let name = &self.name;
            return Err(error(
                inf.ctx,
                self.op,
                format!("{name}() takes {expected} arguments, {n} given"),
            ));
        }
        Ok(())
    }

    /// `f() does not accept (types…)`.
    fn bad(&self, inf: &Inference) -> Diagnostic {
        let shown: Vec<String> = self.types.iter().map(|t| inf.show(*t)).collect();
        error(
            inf.ctx,
            self.op,
            format!("{}() does not accept ({})", self.name, shown.join(", ")),
        )
    }

    fn no_rule(&self, inf: &Inference) -> Diagnostic {
        error(
            inf.ctx,
            self.op,
            format!("no typing rule for `{}` yet", self.name),
        )
    }
}

/// The result type of a `py.call_builtin`: its arguments bound to the parameters of the
/// callable it names (see [`crate::library`]), then typed by the callable's rule.
pub fn call(inf: &mut Inference, op: OpId) -> TResult<Type> {
    let name = inf.ctx.attr_str(op, "name").to_string();
    let bound = Args::bind(inf.ctx, op)?;
    let args = bound.positional.clone();
    let types: Vec<Type> = args.iter().map(|v| inf.ty(*v)).collect();
    let (module, fname) = name.split_once('.').unwrap_or(("", name.as_str()));
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
    let call = Call {
        op,
        fname: fname.to_string(),
        name: name.clone(),
        args,
        types,
        bound,
    };
    match library::lookup(&name) {
        Some(callable) => (callable.typing)(inf, &call),
        // A CUDA register (`cuda.threadIdx.x`), read as a call.
        None if module == "cuda" => cuda(inf, &call),
        None => Err(call.no_rule(inf)),
    }
}

/// Python builtins.
pub(crate) fn builtin(inf: &mut Inference, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let i64t = inf.ctx.i64();
    let f64t = inf.ctx.f64();
    Ok(match c.fname.as_str() {
        "range" | "prange" => {
            c.arity(inf, 1, 3)?;
            if !types.iter().all(|t| is_int(inf.ctx, *t)) {
                return Err(c.bad(inf).with_note("range() takes integers"));
            }
            inf.ctx.intern_type(TypeKind::PyIter(i64t))
        }
        "len" => {
            c.arity(inf, 1, 1)?;
            match inf.ctx.type_kind(types[0]) {
                TypeKind::PyArray { .. } | TypeKind::Tuple(_) | TypeKind::PyList(_) => i64t,
                _ => return Err(c.bad(inf)),
            }
        }
        "min" | "max" => {
            if types.len() == 1 {
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
                c.arity(inf, 2, 16)?;
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
            }
        }
        "abs" => {
            c.arity(inf, 1, 1)?;
            if !is_number(inf.ctx, types[0]) {
                return Err(c.bad(inf));
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
        "sum" => {
            c.arity(inf, 1, 1)?;
            match array_parts(inf.ctx, types[0]) {
                Some((e, 1, _)) => sum_type(inf, e),
                _ => {
                    return Err(c
                        .bad(inf)
                        .with_note("sum() takes a 1-D array; use np.sum for more"))
                }
            }
        }
        "complex" => {
            c.arity(inf, 1, 2)?;
            let real = |t: &Type| is_number(inf.ctx, *t) && !is_complex(inf.ctx, *t);
            if !types.iter().all(real) {
                return Err(c
                    .bad(inf)
                    .with_note("complex(real, imag) takes real numbers"));
            }
            inf.ctx.intern_type(TypeKind::Complex(f64t))
        }
        "int" | "float" | "bool" | "round" => {
            c.arity(inf, 1, 1)?;
            if !is_number(inf.ctx, types[0]) {
                return Err(c.bad(inf));
            }
            match c.fname.as_str() {
                "float" => f64t,
                "bool" => inf.ctx.i1(),
                _ => i64t,
            }
        }
        "print" => {
            let printable = |t: &&Type| is_number(inf.ctx, **t) && !is_complex(inf.ctx, **t);
            if let Some(t) = types.iter().find(|t| !printable(t)) {
                return Err(error(
                    inf.ctx,
                    c.op,
                    format!(
                        "printing a value of type {} is not supported in compiled code",
                        inf.show(*t)
                    ),
                )
                .with_note("print numbers, booleans and string literals"));
            }
            inf.ctx.intern_type(TypeKind::None)
        }
        "enumerate" => {
            c.arity(inf, 1, 1)?;
            let item = inf.item_type(c.op, types[0])?;
            let t = inf.ctx.intern_type(TypeKind::Tuple(vec![i64t, item]));
            inf.ctx.intern_type(TypeKind::PyIter(t))
        }
        "zip" => {
            c.arity(inf, 1, 8)?;
            let items = types
                .iter()
                .map(|t| inf.item_type(c.op, *t))
                .collect::<TResult<Vec<_>>>()?;
            let t = inf.ctx.intern_type(TypeKind::Tuple(items));
            inf.ctx.intern_type(TypeKind::PyIter(t))
        }
        _ => return Err(c.no_rule(inf)),
    })
}

/// `math` functions: numbers in, float64 out (int64 for `floor`/`ceil`/`trunc`, bool for
/// the tests).
pub(crate) fn math(inf: &mut Inference, c: &Call) -> TResult<Type> {
    if !c.types.iter().all(|t| is_number(inf.ctx, *t)) {
        return Err(c
            .bad(inf)
            .with_note("math functions take numbers; use NumPy functions on arrays"));
    }
    let two = matches!(
        c.fname.as_str(),
        "atan2" | "pow" | "hypot" | "copysign" | "fmod"
    );
    c.arity(inf, if two { 2 } else { 1 }, if two { 2 } else { 1 })?;
    Ok(match c.fname.as_str() {
        "floor" | "ceil" | "trunc" => inf.ctx.i64(),
        "isnan" | "isinf" | "isfinite" => inf.ctx.i1(),
        _ => inf.ctx.f64(),
    })
}

/// NumPy's creation functions (and CUDA's shared and local arrays, shaped alike).
pub(crate) fn creation(inf: &mut Inference, c: &Call) -> TResult<Type> {
    let (op, types) = (c.op, &c.types);
    let i64t = inf.ctx.i64();
    let f64t = inf.ctx.f64();
    let dtype = |inf: &Inference, default: Type| match c.arg("dtype") {
        Some(d) => dtype_of(inf, op, d),
        None => Ok(default),
    };
    Ok(match c.fname.as_str() {
        "zeros" | "ones" | "empty" | "shared.array" | "local.array" => {
            c.arity(inf, 1, 2)?;
            let rank = shape_rank(inf, op, types[0])?;
            array(inf.ctx, dtype(inf, f64t)?, rank, ArrayLayout::C)
        }
        "full" => {
            c.arity(inf, 2, 3)?;
            let rank = shape_rank(inf, op, types[0])?;
            array(inf.ctx, dtype(inf, types[1])?, rank, ArrayLayout::C)
        }
        "eye" => {
            let dims = ["N", "M", "k"].into_iter().filter_map(|p| c.arg(p));
            if !dims.into_iter().all(|v| is_int(inf.ctx, inf.ty(v))) {
                return Err(c
                    .bad(inf)
                    .with_note("np.eye(N, M=None, k=0) takes integers"));
            }
            array(inf.ctx, dtype(inf, f64t)?, 2, ArrayLayout::C)
        }
        "arange" => {
            c.arity(inf, 1, 3)?;
            if !types.iter().all(|t| is_number(inf.ctx, *t)) {
                return Err(c.bad(inf));
            }
            let ints = types.iter().all(|t| is_int(inf.ctx, *t));
            let elem = dtype(inf, if ints { i64t } else { f64t })?;
            array(inf.ctx, elem, 1, ArrayLayout::C)
        }
        "linspace" => {
            c.arity(inf, 3, 3)?;
            if !types.iter().all(|t| is_number(inf.ctx, *t)) || !is_int(inf.ctx, types[2]) {
                return Err(c.bad(inf));
            }
            array(inf.ctx, dtype(inf, f64t)?, 1, ArrayLayout::C)
        }
        "zeros_like" | "ones_like" | "empty_like" | "copy" | "asarray" | "ascontiguousarray"
        | "full_like" => {
            let Some((e, r, _)) = array_parts(inf.ctx, types[0]) else {
                return Err(c.bad(inf));
            };
            array(inf.ctx, dtype(inf, e)?, r, ArrayLayout::C)
        }
        f if is_numpy_dtype(f) => {
            c.arity(inf, 1, 1)?;
            let t = blackbird_dtype(inf, f).ok_or_else(|| c.bad(inf))?;
            match array_parts(inf.ctx, types[0]) {
                Some((_, r, _)) => array(inf.ctx, t, r, ArrayLayout::C),
                None if is_number(inf.ctx, types[0]) => t,
                None => return Err(c.bad(inf)),
            }
        }
        _ => return Err(c.no_rule(inf)),
    })
}

/// Reductions: whole arrays to a scalar, or along an `axis`; running sums and products.
pub(crate) fn reduction(inf: &mut Inference, c: &Call) -> TResult<Type> {
    let (op, types) = (c.op, &c.types);
    let i64t = inf.ctx.i64();
    let fname = c.fname.as_str();
    Ok(match fname {
        "sum" | "prod" | "min" | "max" | "amin" | "amax" | "mean" | "var" | "std" | "argmin"
        | "argmax" => {
            let Some((e, r, _)) = array_parts(inf.ctx, types[0]) else {
                if is_number(inf.ctx, types[0]) {
                    return Ok(types[0]);
                }
                return Err(c.bad(inf));
            };
            let scalar = match fname {
                "sum" | "prod" => sum_type(inf, e),
                "mean" | "var" | "std" => float_result(inf.ctx, e),
                "argmin" | "argmax" => i64t,
                _ => e,
            };
            match c.arg("axis") {
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
        "any" | "all" | "count_nonzero" => {
            c.arity(inf, 1, 1)?;
            if array_parts(inf.ctx, types[0]).is_none() {
                return match (fname, is_number(inf.ctx, types[0])) {
                    ("any" | "all", true) => Ok(inf.ctx.i1()),
                    _ => Err(c.bad(inf)),
                };
            }
            match fname {
                "count_nonzero" => i64t,
                _ => inf.ctx.i1(),
            }
        }
        "cumsum" | "cumprod" => {
            let Some((e, _, _)) = array_parts(inf.ctx, types[0]) else {
                return Err(c.bad(inf));
            };
            let e = sum_type(inf, e);
            array(inf.ctx, e, 1, ArrayLayout::C)
        }
        _ => return Err(c.no_rule(inf)),
    })
}

/// Elementwise functions (ufunc-like): scalars give a scalar, arrays an array.
pub(crate) fn elementwise_function(inf: &mut Inference, c: &Call) -> TResult<Type> {
    let (op, types) = (c.op, &c.types);
    let fname = c.fname.as_str();
    Ok(match fname {
        "conjugate" if is_complex(inf.ctx, types[0]) => types[0],
        "where" => {
            c.arity(inf, 3, 3)?;
            elementwise(inf, op, types, |_, e| e, true)?
        }
        "isnan" | "isinf" | "isfinite" => {
            elementwise(inf, op, types, |inf, _| inf.ctx.i1(), false)?
        }
        "abs" | "absolute" | "sign" | "square" | "clip" | "negative" => {
            // Arrays of booleans keep their dtype (NumPy), scalars widen to int64 (Numba);
            // NumPy has no boolean sign or negative.
            let arrays = types.iter().any(|t| is_array(inf.ctx, *t));
            let r = elementwise(
                inf,
                op,
                types,
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
        "floor" | "ceil" | "trunc" => {
            elementwise(inf, op, types, |inf, e| float_result(inf.ctx, e), false)?
        }
        "minimum" | "maximum" | "power" | "fmod" => {
            c.arity(inf, 2, 2)?;
            elementwise(inf, op, types, |_, e| e, false)?
        }
        "arctan2" | "hypot" => {
            c.arity(inf, 2, 2)?;
            elementwise(inf, op, types, |inf, e| float_result(inf.ctx, e), false)?
        }
        "conjugate" => return Err(c.no_rule(inf)),
        _ => {
            // Elementwise float functions: sqrt, exp, log, sin, …
            c.arity(inf, 1, 1)?;
            elementwise(inf, op, types, |inf, e| float_result(inf.ctx, e), false)?
        }
    })
}

/// Shape and manipulation: views, copies in another shape or dtype, joins, triangles.
pub(crate) fn shape(inf: &mut Inference, c: &Call) -> TResult<Type> {
    let (op, types) = (c.op, &c.types);
    Ok(match c.fname.as_str() {
        "transpose" => {
            let Some((e, r, l)) = array_parts(inf.ctx, types[0]) else {
                return Err(c.bad(inf));
            };
            let l = match l {
                ArrayLayout::C if r > 1 => ArrayLayout::F,
                ArrayLayout::F if r > 1 => ArrayLayout::C,
                l => l,
            };
            array(inf.ctx, e, r, l)
        }
        "ravel" | "flatten" => {
            let Some((e, _, _)) = array_parts(inf.ctx, types[0]) else {
                return Err(c.bad(inf));
            };
            array(inf.ctx, e, 1, ArrayLayout::C)
        }
        "astype" => {
            let Some((_, r, _)) = array_parts(inf.ctx, types[0]) else {
                return Err(c.bad(inf));
            };
            let d = c.arg("dtype").ok_or_else(|| c.bad(inf))?;
            let e = dtype_of(inf, op, d)?;
            array(inf.ctx, e, r, ArrayLayout::C)
        }
        "reshape" => {
            let Some((e, _, _)) = array_parts(inf.ctx, types[0]) else {
                return Err(c.bad(inf));
            };
            let rank = if types.len() == 2 {
                shape_rank(inf, op, types[1])?
            } else {
                (types.len() - 1) as u32
            };
            array(inf.ctx, e, rank, ArrayLayout::C)
        }
        "fill" => inf.ctx.intern_type(TypeKind::None),
        "triu" | "tril" => {
            // The upper (lower) triangle of a matrix from diagonal `k`, zeros elsewhere.
            c.arity(inf, 1, 2)?;
            if c.arg("k").is_some_and(|k| !is_int(inf.ctx, inf.ty(k))) {
                return Err(c.bad(inf).with_note("k is an integer"));
            }
            match array_parts(inf.ctx, types[0]) {
                Some((e, 2, _)) => array(inf.ctx, e, 2, ArrayLayout::C),
                _ => return Err(c.bad(inf).with_note("np.triu/np.tril take a 2-D array")),
            }
        }
        "concatenate" => {
            // A tuple of arrays of one rank, joined along the first axis (the dtypes promote).
            c.arity(inf, 1, 1)?;
            let tuple_note = "give a tuple of arrays: np.concatenate((a, b))";
            let items = match inf.ctx.type_kind(types[0]) {
                TypeKind::Tuple(items) => items.clone(),
                _ => return Err(c.bad(inf).with_note(tuple_note)),
            };
            let parts: Vec<_> = items.iter().map(|t| array_parts(inf.ctx, *t)).collect();
            let Some(Some((first, rank, _))) = parts.first().copied() else {
                return Err(c.bad(inf).with_note(tuple_note));
            };
            let mut e = first;
            for part in &parts {
                match part {
                    Some((pe, r, _)) if *r == rank => e = rules::promote_dtypes(inf.ctx, e, *pe),
                    _ => {
                        return Err(c
                            .bad(inf)
                            .with_note("the arrays must have the same number of dimensions"))
                    }
                }
            }
            array(inf.ctx, e, rank, ArrayLayout::C)
        }
        _ => return Err(c.no_rule(inf)),
    })
}

/// Linear algebra: products and norms.
pub(crate) fn linalg(inf: &mut Inference, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let fname = c.fname.as_str();
    if fname == "linalg.norm" {
        c.arity(inf, 1, 1)?;
        return match array_parts(inf.ctx, types[0]) {
            Some((e, _, _)) if !is_complex(inf.ctx, e) => Ok(float_result(inf.ctx, e)),
            _ => Err(c.bad(inf)),
        };
    }
    c.arity(inf, 2, 2)?;
    let (Some((ea, ra, _)), Some((eb, rb, _))) = (
        array_parts(inf.ctx, types[0]),
        array_parts(inf.ctx, types[1]),
    ) else {
        return Err(c.bad(inf));
    };
    let e = rules::promote_dtypes(inf.ctx, ea, eb);
    let rank = match (fname, ra, rb) {
        ("vdot", _, _) => 0,
        ("outer", _, _) => 2,
        (_, 1, 1) => 0,
        (_, 2, 1) | (_, 1, 2) => 1,
        (_, 2, 2) => 2,
        _ => return Err(c.bad(inf)),
    };
    Ok(array(inf.ctx, e, rank, ArrayLayout::C))
}

/// CUDA intrinsics (and special registers, read as calls).
pub(crate) fn cuda(inf: &mut Inference, c: &Call) -> TResult<Type> {
    let i64t = inf.ctx.i64();
    let fname = c.fname.as_str();
    Ok(match fname {
        "grid" | "gridsize" => {
            c.arity(inf, 1, 1)?;
            match py::int_constant(inf.ctx, c.args[0]) {
                Some(1) => i64t,
                Some(n @ 2..=3) => inf.ctx.intern_type(TypeKind::Tuple(vec![i64t; n as usize])),
                _ => {
                    return Err(error(
                        inf.ctx,
                        c.op,
                        format!("cuda.{fname}() takes the constant 1, 2 or 3"),
                    ))
                }
            }
        }
        "syncthreads" | "threadfence" => inf.ctx.intern_type(TypeKind::None),
        "shared.array" | "local.array" => return creation(inf, c),
        f if f.starts_with("atomic.") => {
            c.arity(inf, 3, 3)?;
            match array_parts(inf.ctx, c.types[0]) {
                Some((e, _, _)) => e,
                None => return Err(c.bad(inf)),
            }
        }
        _ => inf.ctx.int_type(32),
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
