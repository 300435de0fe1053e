//! `@guvectorize`: generalized ufuncs, as Numba builds them.
//!
//! The layout string (`(n),()->(n)`) names each argument's core dimensions. A call passes the
//! inputs and then the outputs, preallocated by the caller; the leading (outer) axes of all
//! arguments broadcast as NumPy's, and the compiled kernel (one of the eager signatures, chosen
//! by the inputs' dtypes) runs once per outer position on views of the core axes. A `()` core
//! argument reaches the kernel as a 1-element array, as in Numba; a Python scalar is accepted
//! there. Core sizes named alike must agree.

use crate::runtime::{Arg, ArrayArg, DType, Entry, ParamKind, ScalarKind};
use crate::Error;

/// The core dimension names of each input and output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub inputs: Vec<Vec<String>>,
    pub outputs: Vec<Vec<String>>,
}

impl Layout {
    /// Parse `(n),()->(n)`; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Layout, String> {
        let (ins, outs) = text
            .split_once("->")
            .ok_or_else(|| format!("layout '{text}' has no '->'"))?;
        let groups = |part: &str| -> Result<Vec<Vec<String>>, String> {
            let part = part.trim();
            let mut out = vec![];
            let mut rest = part;
            while !rest.is_empty() {
                let inner = rest
                    .strip_prefix('(')
                    .and_then(|r| r.split_once(')'))
                    .ok_or_else(|| format!("layout '{text}': expected '(…)' at '{rest}'"))?;
                let names: Vec<String> = inner
                    .0
                    .split(',')
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect();
                if let Some(bad) = names
                    .iter()
                    .find(|n| !n.chars().all(|c| c.is_alphanumeric() || c == '_'))
                {
                    return Err(format!("layout '{text}': '{bad}' is not a dimension name"));
                }
                out.push(names);
                rest = inner.1.trim_start();
                rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
            }
            Ok(out)
        };
        let layout = Layout {
            inputs: groups(ins)?,
            outputs: groups(outs)?,
        };
        if layout.outputs.is_empty() {
            return Err(format!("layout '{text}' has no output"));
        }
        Ok(layout)
    }
}

/// Run `kernels` (the compiled eager signatures) over `args` by `layout`.
pub fn call(
    name: &str,
    layout: &Layout,
    kernels: &[&Entry],
    args: &mut [Arg],
) -> Result<(), Error> {
    let (n_in, n_out) = (layout.inputs.len(), layout.outputs.len());
    if args.len() != n_in + n_out {
        return Err(typing(format!(
            "`{name}` takes {n_in} input(s) and {n_out} output array(s) (layout has {} \
             arguments; outputs are preallocated by the caller), got {} argument(s)",
            n_in + n_out,
            args.len()
        )));
    }
    let cores: Vec<&Vec<String>> = layout.inputs.iter().chain(&layout.outputs).collect();
    // The kernel whose parameter dtypes match the arguments.
    let kernel = kernels
        .iter()
        .find(|k| {
            k.params.len() == args.len()
                && k.params.iter().zip(args.iter()).all(|(p, a)| accepts(p, a))
        })
        .ok_or_else(|| {
            let given: Vec<String> = args.iter().map(|a| a.describe()).collect();
            typing(format!(
                "no signature of `{name}` matches the argument dtypes ({})",
                given.join(", ")
            ))
        })?;
    // Outer shapes, broadcast; core sizes, bound by name.
    let mut sizes: Vec<(String, i64)> = vec![];
    let mut outer_shapes = vec![];
    for (i, (arg, core)) in args.iter().zip(&cores).enumerate() {
        let shape: Vec<i64> = match arg {
            Arg::Array(a) => a.shape.clone(),
            _ if core.is_empty() && i < n_in => vec![],
            _ => return Err(typing(format!("argument {i} of `{name}` must be an array"))),
        };
        if shape.len() < core.len() {
            return Err(Error::value_error(
                format!(
                    "argument {i} of `{name}` has {} dimension(s), fewer than its core ({})",
                    shape.len(),
                    core.join(", ")
                ),
                "gufunc call",
            ));
        }
        let (outer, core_shape) = shape.split_at(shape.len() - core.len());
        for (dim, n) in core.iter().zip(core_shape) {
            match sizes.iter().find(|(d, _)| d == dim) {
                Some((_, m)) if m != n => {
                    return Err(Error::value_error(
                        format!(
                            "core dimension '{dim}' of `{name}` is {m} in one argument and {n} in \
                         argument {i}"
                        ),
                        "gufunc call",
                    ))
                }
                Some(_) => {}
                None => sizes.push((dim.clone(), *n)),
            }
        }
        outer_shapes.push(outer.to_vec());
    }
    let inputs: Vec<&[i64]> = outer_shapes[..n_in].iter().map(Vec::as_slice).collect();
    let full = crate::values::broadcast_shapes(&inputs)?;
    for (j, o) in outer_shapes[n_in..].iter().enumerate() {
        if *o != full {
            return Err(Error::value_error(
                format!(
                "output {j} of `{name}` has outer shape {o:?}, the inputs broadcast to {full:?}"
            ),
                "gufunc call",
            ));
        }
    }
    // Python scalars for `()` inputs become 1-element arrays of the kernel's dtype.
    let mut scalars: Vec<Scalar1> = vec![];
    for (arg, p) in args.iter().zip(kernel.params.iter()) {
        scalars.push(match (arg, p) {
            (Arg::Array(_), _) => Scalar1::None,
            (a, ParamKind::Array { dtype, .. }) => Scalar1::of(a, *dtype).ok_or_else(|| {
                typing(format!(
                    "cannot pass {} as {} to `{name}`",
                    a.describe(),
                    dtype.name()
                ))
            })?,
            _ => Scalar1::None,
        });
    }
    let total: i64 = full.iter().product();
    if total == 0 {
        return Ok(());
    }
    // Per array argument: its first element, the byte strides of its outer axes in the
    // broadcast outer shape (0 along axes it broadcasts over), and for a scalar parameter the
    // dtype its elements are read as.
    let mut moving: Vec<(usize, *mut u8, Vec<isize>, Option<DType>)> = vec![];
    for (i, arg) in args.iter().enumerate() {
        if let Arg::Array(a) = arg {
            let skip = full.len() - outer_shapes[i].len();
            let mut strides = vec![0isize; full.len()];
            for (d, n) in outer_shapes[i].iter().enumerate() {
                if *n != 1 {
                    strides[skip + d] = (a.strides[d] * a.dtype.size() as i64) as isize;
                }
            }
            let element = matches!(kernel.params[i], ParamKind::Scalar(_)).then_some(a.dtype);
            moving.push((i, a.data_ptr(), strides, element));
        }
    }
    // The core views at the first outer position: the kernel's arguments, checked and packed
    // once; each position then only moves the arrays' data (or reads a scalar parameter's
    // element). A Python scalar for a scalar parameter is passed as it is.
    let origin = vec![0i64; full.len()];
    let mut views: Vec<Arg> = vec![];
    for (i, (arg, scalar)) in args.iter_mut().zip(scalars.iter_mut()).enumerate() {
        let scalar_param = matches!(kernel.params[i], ParamKind::Scalar(_));
        let view = match arg {
            // SAFETY: the array has an element (the outer shape is not empty), at its start.
            Arg::Array(a) if scalar_param => unsafe { element(a.dtype, a.data_ptr()) },
            Arg::Array(a) => {
                let skip = full.len() - outer_shapes[i].len();
                Arg::Array(a.outer_view(&origin[skip..]))
            }
            Arg::Int(v) if scalar_param => Arg::Int(*v),
            Arg::Float(v) if scalar_param => Arg::Float(*v),
            Arg::Bool(v) if scalar_param => Arg::Bool(*v),
            Arg::NumPyScalar(k, v) if scalar_param => Arg::NumPyScalar(*k, *v),
            _ => Arg::Array(scalar.view()),
        };
        views.push(match view {
            Arg::Array(v) if cores[i].is_empty() => Arg::Array(v.with_unit_axis()),
            v => v,
        });
    }
    let mut call = kernel.prepare(&mut views)?;
    let mut index = vec![0isize; full.len()];
    for _ in 0..total {
        for (i, data, strides, element_dtype) in &moving {
            let offset: isize = index.iter().zip(strides).map(|(k, s)| k * s).sum();
            let at = data.wrapping_offset(offset);
            match element_dtype {
                // SAFETY: `at` is the element of argument `i` at this outer position.
                Some(dtype) => call
                    .set_scalar(*i, &unsafe { element(*dtype, at) })
                    .map_err(|e| typing(format!("{e} to `{name}`")))?,
                // SAFETY: `index` is a position of the broadcast outer shape, so the view there
                // has the first view's shape and strides and lies inside argument `i`, which
                // `args` borrows mutably for the whole loop.
                None => unsafe { call.set_array_data(*i, at) },
            }
        }
        call.invoke()?;
        // Next outer position, in C order.
        for d in (0..full.len()).rev() {
            index[d] += 1;
            if index[d] < full[d] as isize {
                break;
            }
            index[d] = 0;
        }
    }
    Ok(())
}

fn typing(message: String) -> Error {
    Error::Typing(message)
}

/// Whether parameter `p` takes argument `a` (arrays by dtype, scalars by kind; a scalar
/// parameter takes the elements of an array of its kind, one per outer position).
fn accepts(p: &ParamKind, a: &Arg) -> bool {
    match (p, a) {
        (ParamKind::Array { dtype, .. }, Arg::Array(x)) => x.dtype == *dtype,
        (ParamKind::Scalar(k), Arg::Array(x)) => match x.dtype {
            DType::F64 | DType::F32 => matches!(k, ScalarKind::F64 | ScalarKind::F32),
            DType::U64 => false,
            DType::Bool => true,
            _ => *k != ScalarKind::Bool,
        },
        (ParamKind::Array { dtype, .. }, a) => Scalar1::of(a, *dtype).is_some(),
        (ParamKind::Scalar(k), Arg::Float(_)) => matches!(k, ScalarKind::F64 | ScalarKind::F32),
        (ParamKind::Scalar(_), Arg::Tuple(_)) => false,
        (ParamKind::Scalar(_), _) => true,
        (ParamKind::Tuple(_), _) => false,
    }
}

/// The element of `dtype` at `p`, as a Python scalar (not a uint64: see [`accepts`]).
///
/// # Safety
/// `p` must address an element of `dtype`, valid for reads.
unsafe fn element(dtype: DType, p: *const u8) -> Arg<'static> {
    // SAFETY: as the caller guarantees; arrays need not be aligned.
    unsafe {
        match dtype {
            DType::F64 => Arg::Float(p.cast::<f64>().read_unaligned()),
            DType::F32 => Arg::Float(p.cast::<f32>().read_unaligned() as f64),
            DType::I64 => Arg::Int(p.cast::<i64>().read_unaligned()),
            DType::I32 => Arg::Int(p.cast::<i32>().read_unaligned() as i64),
            DType::I16 => Arg::Int(p.cast::<i16>().read_unaligned() as i64),
            DType::I8 => Arg::Int(p.cast::<i8>().read_unaligned() as i64),
            DType::U8 => Arg::Int(p.read() as i64),
            DType::U16 => Arg::Int(p.cast::<u16>().read_unaligned() as i64),
            DType::U32 => Arg::Int(p.cast::<u32>().read_unaligned() as i64),
            DType::U64 => Arg::Int(p.cast::<u64>().read_unaligned() as i64),
            DType::Bool => Arg::Bool(p.read() != 0),
        }
    }
}

/// A Python scalar held as a 0-d array of a kernel's dtype.
enum Scalar1 {
    None,
    F64(ndarray::Array0<f64>),
    F32(ndarray::Array0<f32>),
    I64(ndarray::Array0<i64>),
    I32(ndarray::Array0<i32>),
}

impl Scalar1 {
    fn of(a: &Arg, dtype: DType) -> Option<Scalar1> {
        let a = &a.as_python_scalar()?;
        let (int, float) = match a {
            Arg::Int(i) => (Some(*i), *i as f64),
            Arg::Bool(b) => (Some(*b as i64), *b as i64 as f64),
            Arg::Float(f) => (None, *f),
            _ => return None,
        };
        Some(match dtype {
            DType::F64 => Scalar1::F64(ndarray::arr0(float)),
            DType::F32 => Scalar1::F32(ndarray::arr0(float as f32)),
            DType::I64 => Scalar1::I64(ndarray::arr0(int?)),
            DType::I32 => Scalar1::I32(ndarray::arr0(i32::try_from(int?).ok()?)),
            _ => return None,
        })
    }

    fn view(&mut self) -> ArrayArg<'_> {
        match self {
            Scalar1::F64(a) => ArrayArg::new(a.view_mut()),
            Scalar1::F32(a) => ArrayArg::new(a.view_mut()),
            Scalar1::I64(a) => ArrayArg::new(a.view_mut()),
            Scalar1::I32(a) => ArrayArg::new(a.view_mut()),
            Scalar1::None => unreachable!("array arguments are viewed directly"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_parse() {
        let l = Layout::parse("(n),()->(n)").unwrap();
        assert_eq!(l.inputs, vec![vec!["n".to_string()], vec![]]);
        assert_eq!(l.outputs, vec![vec!["n".to_string()]]);
        let l = Layout::parse("(m, n), (n, p) -> (m, p)").unwrap();
        assert_eq!(l.inputs.len(), 2);
        assert_eq!(l.outputs[0], vec!["m".to_string(), "p".to_string()]);
        for bad in ["(n)", "(n),()->", "n->(n)", "(n-1)->(n)"] {
            assert!(Layout::parse(bad).is_err(), "{bad}");
        }
    }
}
