//! Views with axes of length 1 added or removed: `np.expand_dims`, `np.squeeze`,
//! `a.squeeze()`. The axes are constants (they decide the result's rank).

use blackbird_dialects::arith;
use blackbird_dialects::ir::{OpId, Type, TypeKind, Value};

use super::reduce_axes::{axis_list, normalized_axes, with_unit_axes};
use super::{keyword, named, required, Callable};
use crate::conversion::py_to_tensor::calls::NumpyCall;
use crate::conversion::py_to_tensor::{CResult, Converter, L};
use crate::transforms::infer_types::builtins::Call;
use crate::transforms::infer_types::rules::{array, array_parts};
use crate::transforms::infer_types::{error, Inference, TResult};

use super::runs as axes_view;

pub const CALLABLES: &[Callable] = &[
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
