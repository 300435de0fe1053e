//! Views with their axes rearranged: permuted (`np.transpose`, `a.transpose()`), or with axes
//! of length 1 added or removed (`np.expand_dims`, `np.squeeze`, `a.squeeze()`). The axes
//! are constants (they decide the result's rank and layout).

use blackbird_dialects::ir::{ArrayLayout, Context, Diagnostic, OpId, Type, TypeKind, Value};
use blackbird_dialects::{arith, py};

use super::bind::Args;
use super::reduce_axes::{axis_list, normalized_axes, with_unit_axes};
use super::{keyword, named, required, variadic, Callable};
use crate::conversion::py_to_tensor::calls::NumpyCall;
use crate::conversion::py_to_tensor::{CResult, Converter, L};
use crate::transforms::infer_types::builtins::Call;
use crate::transforms::infer_types::rules::{array, array_parts};
use crate::transforms::infer_types::{error, Inference, TResult};

use super::runs as axes_view;

/// A 2×3 matrix of floats, for the samples: `[[0.75, 1.75, 2.75], [3.75, 4.75, 5.75]]`.
macro_rules! m {
    () => {
        "np.arange(x, n + 2).reshape(2, 3)"
    };
}

pub const CALLABLES: &[Callable] = &[
    axes_view(
        "np.transpose",
        type_transpose,
        lower_transpose,
        &[required("a"), keyword("axes", "None")],
        "a view with the axes permuted as `axes` (a tuple of constants; reversed by default)",
        concat!(
            "np.transpose(",
            m!(),
            ")[2, 1] + np.transpose(",
            m!(),
            ", (1, 0)).shape[0] + np.transpose(np.arange(x, 24).reshape(2, 3, 4), (1, 2, 0))[1, 2, 0]"
        ),
    ),
    axes_view(
        "ndarray.transpose",
        type_transpose,
        lower_transpose,
        &[required("self"), variadic("axes")],
        "a view with the axes permuted as `axes` (constants, or one tuple; reversed by default)",
        concat!(
            m!(),
            ".transpose()[1, 0] + np.arange(x, 24).reshape(2, 3, 4).transpose(2, 0, 1)[3, 1, 2]"
        ),
    ),
    axes_view(
        "np.expand_dims",
        type_expand_dims,
        lower_expand_dims,
        &[required("a"), named("axis")],
        "a view with new axes of length 1 at `axis` (an int or a tuple)",
        "np.expand_dims(np.arange(x, n), 1)[2, 0] + np.expand_dims(np.arange(n), (0, -1)).shape[2]",
    ),
    axes_view(
        "np.squeeze",
        type_squeeze,
        lower_squeeze,
        &[required("a"), keyword("axis", "None")],
        "a view without the axes of length 1 at `axis` (an int or a tuple)",
        "np.squeeze(np.arange(x, n + 2).reshape(1, 6, 1), axis=(0, 2))[1]",
    ),
    axes_view(
        "ndarray.squeeze",
        type_squeeze,
        lower_squeeze,
        &[required("self"), keyword("axis", "None")],
        "a view without the axes of length 1 at `axis` (an int or a tuple)",
        "np.arange(x, n + 2).reshape(6, 1).squeeze(1)[2]",
    ),
];

/// The axes of a transpose's result, as axes of its argument of `rank` dimensions: the
/// `axes` argument of `np.transpose(a, axes)` (a tuple or None), or those of
/// `a.transpose(*axes)` (ints, one tuple or None); reversed when not given. NumPy's errors
/// for a permutation of the wrong length, an axis out of range or one named twice.
fn permutation(ctx: &Context, op: OpId, rank: u32) -> Result<Vec<usize>, Diagnostic> {
    let args = Args::bind(ctx, op)?;
    let given: Vec<Value> = if ctx.attr_str(op, "name") == "np.transpose" {
        args.get("axes").into_iter().collect()
    } else {
        args.positional[1..].to_vec()
    };
    let none = |v: Value| matches!(ctx.type_kind(ctx.value_type(v)), TypeKind::None);
    let written = match given.as_slice() {
        [] => None,
        [one] if none(*one) => None,
        [one] => axis_list(ctx, *one),
        many => many.iter().map(|v| py::int_constant(ctx, *v)).collect(),
    };
    let err = |m: &str| Diagnostic::error(ctx.loc(op).clone(), m);
    let written = match (
        given.is_empty() || given.len() == 1 && none(given[0]),
        written,
    ) {
        (true, _) => return Ok((0..rank as usize).rev().collect()),
        (false, Some(w)) => w,
        (false, None) => {
            return Err(err(
                "the axes of a transpose must be integers or a tuple of integers, as constants",
            ))
        }
    };
    if written.len() != rank as usize {
        return Err(err("ValueError: axes don't match array"));
    }
    let mut axes = vec![];
    for &a in &written {
        let a = normalized_axes(ctx, op, &[a], rank)?[0];
        if axes.contains(&a) {
            return Err(err("ValueError: repeated axis in transpose"));
        }
        axes.push(a);
    }
    Ok(axes)
}

/// `np.transpose(a, axes)`, `a.transpose(*axes)`: C-contiguous when the axes stay in order
/// on a C-contiguous array (F when they are reversed, and the other way round), else `A`.
pub(crate) fn type_transpose(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let Some((e, r, l)) = array_parts(inf.ctx, c.types[0]) else {
        return Err(c.bad(inf));
    };
    let axes = permutation(inf.ctx, c.op, r)?;
    let in_order = axes.iter().enumerate().all(|(i, a)| i == *a);
    let reversed = axes
        .iter()
        .enumerate()
        .all(|(i, a)| i + a + 1 == r as usize);
    let l = match l {
        _ if r <= 1 || in_order => l,
        ArrayLayout::C if reversed => ArrayLayout::F,
        ArrayLayout::F if reversed => ArrayLayout::C,
        _ => ArrayLayout::A,
    };
    Ok(array(inf.ctx, e, r, l))
}

/// A view whose axis `i` is axis `axes[i]` of the argument.
pub(crate) fn lower_transpose(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let src = call.array(c, 0)?;
    let axes = permutation(c.e.ctx, op, c.e.rank(src) as u32)?;
    let (offset, sizes, strides) = c.e.metadata(src, &loc);
    let sizes: Vec<_> = axes.iter().map(|a| sizes[*a]).collect();
    let strides: Vec<_> = axes.iter().map(|a| strides[*a]).collect();
    Ok(L::V(c.make_view(src, offset, &sizes, &strides, &loc)))
}

/// `np.expand_dims(a, axis)`: one more axis for each of `axis`.
pub(crate) fn type_expand_dims(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let Some((e, r, l)) = array_parts(inf.ctx, c.types[0]) else {
        return Err(c.bad(inf));
    };
    let axis = c.arg("axis").expect("a required argument");
    let Some(written) = axis_list(inf.ctx, axis) else {
        return Err(error(
            inf.ctx,
            c.op,
            "axis must be an integer or a tuple of integers, as constants",
        ));
    };
    let rank = r + written.len() as u32;
    normalized_axes(inf.ctx, c.op, &written, rank)?;
    // Axes of length 1 added to (removed from) a C- or F-contiguous array leave it so.
    Ok(array(inf.ctx, e, rank, l))
}

/// `np.squeeze(a, axis)`, `a.squeeze(axis)`: one axis fewer for each of `axis`.
pub(crate) fn type_squeeze(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let Some((e, r, l)) = array_parts(inf.ctx, c.types[0]) else {
        return Err(c.bad(inf));
    };
    let written = match c.arg("axis").filter(|a| !is_none(inf, *a)) {
        None => {
            return Err(error(
                inf.ctx,
                c.op,
                format!(
                    "`{}` needs `axis=` here: which axes have length 1 is known only at run \
                     time, and it decides the number of dimensions of the result",
                    c.name.replace("ndarray.", "a.")
                ),
            ))
        }
        Some(axis) => axis_list(inf.ctx, axis).ok_or_else(|| {
            error(
                inf.ctx,
                c.op,
                "axis must be an integer or a tuple of integers, as constants",
            )
        })?,
    };
    let axes = normalized_axes(inf.ctx, c.op, &written, r)?;
    Ok(array(inf.ctx, e, r - axes.len() as u32, l))
}

fn is_none(inf: &Inference<'_>, v: Value) -> bool {
    matches!(inf.ctx.type_kind(inf.ctx.value_type(v)), TypeKind::None)
}

pub(crate) fn lower_expand_dims(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let src = call.array(c, 0)?;
    let axis = call.bound.get("axis").expect("a required argument");
    let written = axis_list(c.e.ctx, axis).expect("checked by the typing");
    let rank = c.e.rank(src) + written.len();
    let axes = normalized_axes(c.e.ctx, op, &written, rank as u32)?;
    Ok(L::V(with_unit_axes(
        c,
        src,
        rank,
        &|d| axes.contains(&d),
        &loc,
    )))
}

/// A view without the axes named; NumPy's ValueError when one of them has another length.
pub(crate) fn lower_squeeze(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let src = call.array(c, 0)?;
    let axis = call.bound.get("axis").expect("checked by the typing");
    let written = axis_list(c.e.ctx, axis).expect("checked by the typing");
    let rank = c.e.rank(src);
    let axes = normalized_axes(c.e.ctx, op, &written, rank as u32)?;
    let (offset, sizes, strides) = c.e.metadata(src, &loc);
    let index = c.e.ctx.index();
    let one = c.e.const_int(1, index, &loc);
    for a in &axes {
        let other = c.e.cmp(&arith::CMPI, "ne", sizes[*a], one, &loc);
        c.e.raise_if(
            other,
            "ValueError",
            "cannot select an axis to squeeze out which has size not equal to one",
            &loc,
        );
    }
    let kept = |v: &[_]| -> Vec<_> {
        v.iter()
            .enumerate()
            .filter(|(d, _)| !axes.contains(d))
            .map(|(_, x)| *x)
            .collect()
    };
    let (sizes, strides) = (kept(&sizes), kept(&strides));
    Ok(L::V(c.make_view(src, offset, &sizes, &strides, &loc)))
}
