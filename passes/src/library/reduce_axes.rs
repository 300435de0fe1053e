//! The `axis=`, `keepdims=` and `ddof=` of the reductions (`np.sum(a, axis=(0, 2),
//! keepdims=True)`, `a.var(axis=1, ddof=1)`): read from the call once, for typing and
//! lowering alike, and the lowering steps they add around a reduction along one axis.

use blackbird_dialects::ir::{
    AttrKind, Context, Diagnostic, Location, OpId, Type, TypeKind, Value,
};
use blackbird_dialects::{arith, py};

use super::Args;
use crate::conversion::py_to_tensor::{CResult, Converter, L};

/// The axes a reduction folds and whether it keeps them (as length-1 axes).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReduceAxes {
    /// The folded axes, non-negative and ascending; `None` for every axis (`axis=None`).
    pub(crate) axes: Option<Vec<usize>>,
    pub(crate) keepdims: bool,
}

impl ReduceAxes {
    /// The `axis` and `keepdims` of call `op` (`bound`) of `f` on an array of `rank`
    /// dimensions: `axis` is None, an integer or (where `tuple_axes`) a tuple of integers,
    /// constants; NumPy's AxisError for an axis out of range, ValueError for one named twice.
    pub(crate) fn of(
        ctx: &Context,
        op: OpId,
        bound: &Args,
        f: &str,
        rank: u32,
        tuple_axes: bool,
    ) -> Result<ReduceAxes, Diagnostic> {
        let err = |m: String| Diagnostic::error(ctx.loc(op).clone(), m);
        let f = f.replace("ndarray.", "a.");
        let keepdims = match bound.get("keepdims") {
            None => false,
            Some(v) => match constant(ctx, v) {
                Some(Constant::Bool(b)) => b,
                _ => {
                    return Err(err(
                        "keepdims must be the constant True or False".to_string()
                    ))
                }
            },
        };
        let Some(axis) = bound.get("axis") else {
            return Ok(ReduceAxes {
                axes: None,
                keepdims,
            });
        };
        let written: Vec<i64> = match constant(ctx, axis) {
            Some(Constant::None) => {
                return Ok(ReduceAxes {
                    axes: None,
                    keepdims,
                })
            }
            Some(Constant::Int(a)) => vec![a],
            Some(Constant::Ints(axes)) if tuple_axes => axes,
            Some(Constant::Ints(_)) => {
                return Err(err(format!(
                    "`{f}` takes one axis (an integer), not a tuple of axes"
                )))
            }
            _ => {
                let what = if tuple_axes {
                    "an integer or a tuple of integers, as constants"
                } else {
                    "an integer constant"
                };
                return Err(err(format!("axis must be {what}")));
            }
        };
        Ok(ReduceAxes {
            axes: Some(normalized_axes(ctx, op, &written, rank)?),
            keepdims,
        })
    }

    /// The rank of the result of reducing an array of `rank` dimensions (0: a scalar).
    pub(crate) fn result_rank(&self, rank: u32) -> u32 {
        match (&self.axes, self.keepdims) {
            (_, true) => rank,
            (None, false) => 0,
            (Some(axes), false) => rank - axes.len() as u32,
        }
    }

    /// Whether every axis of an array of `rank` dimensions is folded.
    pub(crate) fn is_all(&self, rank: usize) -> bool {
        match &self.axes {
            None => true,
            Some(axes) => axes.len() == rank && rank != 1,
        }
    }
}

enum Constant {
    None,
    Bool(bool),
    Int(i64),
    Ints(Vec<i64>),
}

/// The constant `v` holds: None, a bool, an int (`-1` too), or a tuple of ints.
fn constant(ctx: &Context, v: Value) -> Option<Constant> {
    if let Some(i) = py::int_constant(ctx, v) {
        return Some(Constant::Int(i));
    }
    let op = ctx.defining_op(v)?;
    if ctx.is_op(op, &py::TUPLE) {
        let items = ctx.operands(op).to_vec();
        return items
            .iter()
            .map(|x| py::int_constant(ctx, *x))
            .collect::<Option<Vec<i64>>>()
            .map(Constant::Ints);
    }
    if !ctx.is_op(op, &py::CONSTANT) {
        return None;
    }
    match ctx.type_kind(ctx.value_type(v)) {
        TypeKind::None => Some(Constant::None),
        _ => match ctx.attr_data(op, "value")? {
            AttrKind::Bool(b) => Some(Constant::Bool(*b)),
            _ => None,
        },
    }
}

/// The axes an `axis=` constant names: an integer or a tuple of integers.
pub(crate) fn axis_list(ctx: &Context, v: Value) -> Option<Vec<i64>> {
    match constant(ctx, v)? {
        Constant::Int(a) => Some(vec![a]),
        Constant::Ints(axes) => Some(axes),
        _ => None,
    }
}

/// `written` axes of an array of `rank` dimensions, non-negative and ascending: NumPy's
/// AxisError for one out of range, ValueError for one named twice.
pub(crate) fn normalized_axes(
    ctx: &Context,
    op: OpId,
    written: &[i64],
    rank: u32,
) -> Result<Vec<usize>, Diagnostic> {
    let err = |m: String| Diagnostic::error(ctx.loc(op).clone(), m);
    let mut axes = vec![];
    for &a in written {
        if a < -i64::from(rank) || a >= i64::from(rank) {
            return Err(err(format!(
                "AxisError: axis {a} is out of bounds for array of dimension {rank}"
            )));
        }
        let a = if a < 0 { a + i64::from(rank) } else { a } as usize;
        if axes.contains(&a) {
            return Err(err("ValueError: duplicate value in 'axis'".to_string()));
        }
        axes.push(a);
    }
    axes.sort_unstable();
    Ok(axes)
}

/// `ddof=` of var/std, typed: a number.
pub(crate) fn check_ddof(ctx: &Context, op: OpId, bound: &Args) -> Result<(), Diagnostic> {
    let Some(d) = bound.get("ddof") else {
        return Ok(());
    };
    match ctx.type_kind(ctx.value_type(d)) {
        TypeKind::Int { .. } | TypeKind::Float(_) => Ok(()),
        _ => Err(Diagnostic::error(
            ctx.loc(op).clone(),
            "ddof must be a number",
        )),
    }
}

/// The divisor of var/std over `n` (i64) elements with `ddof` (a number, or 0): NumPy's
/// `max(n - ddof, 0)`, as a float of type `ft`.
pub(crate) fn variance_divisor(
    c: &mut Converter<'_>,
    n: Value,
    ddof: Option<Value>,
    ft: Type,
    loc: &Location,
) -> Value {
    let count = c.e.coerce(n, ft, loc);
    let Some(d) = ddof else {
        return count;
    };
    let d = c.e.coerce(d, ft, loc);
    let rest = c.e.binary(&arith::SUBF, count, d, loc);
    let zero = c.e.zero_of(ft, 0.0, loc);
    c.e.binary(&arith::MAXIMUMF, rest, zero, loc)
}

/// `v`, the result of folding `axes` of an array of `rank` dimensions (a scalar when every
/// axis is folded), with those axes put back at length 1: a view of a new array, C-ordered.
pub(crate) fn keep_dims(
    c: &mut Converter<'_>,
    v: Value,
    rank: usize,
    axes: &Option<Vec<usize>>,
    loc: &Location,
) -> Value {
    if !c.e.ctx.type_kind(c.e.ctx.value_type(v)).is_shaped() {
        let i64t = c.e.ctx.i64();
        let ones = vec![c.e.const_int(1, i64t, loc); rank];
        let elem = c.e.ctx.value_type(v);
        return c.created(Some(v), elem, &ones, loc);
    }
    with_unit_axes(
        c,
        v,
        rank,
        &|d| axes.as_ref().is_none_or(|a| a.contains(&d)),
        loc,
    )
}

/// A view of the array `v` with `rank` dimensions: its own in order, and axes of length 1
/// where `unit(d)`, each with the stride C order gives it (the product of the sizes after
/// it), so that a C-contiguous `v` gives a C-contiguous view.
pub(crate) fn with_unit_axes(
    c: &mut Converter<'_>,
    v: Value,
    rank: usize,
    unit: &dyn Fn(usize) -> bool,
    loc: &Location,
) -> Value {
    let index = c.e.ctx.index();
    let (offset, own_sizes, own_strides) = c.e.metadata(v, loc);
    let one = c.e.const_int(1, index, loc);
    let (mut sizes, mut strides) = (vec![], vec![]);
    let mut own = own_sizes.iter().zip(&own_strides);
    for d in 0..rank {
        if unit(d) {
            sizes.push(one);
            strides.push(one);
        } else {
            let (n, s) = own.next().expect("an axis of the array");
            sizes.push(*n);
            strides.push(*s);
        }
    }
    for d in (0..rank).rev() {
        if unit(d) && d + 1 < rank {
            strides[d] = c.e.binary(&arith::MULI, strides[d + 1], sizes[d + 1], loc);
        }
    }
    c.make_view(v, offset, &sizes, &strides, loc)
}

/// The array `src` with the (ascending, several) `axes` moved last and merged into one: a
/// new C-ordered array, for a reduction along its last axis to fold them together (in C
/// order over them, as NumPy does for contiguous axes).
pub(crate) fn merged_axes(
    c: &mut Converter<'_>,
    src: Value,
    axes: &[usize],
    loc: &Location,
) -> CResult<Value> {
    let rank = c.e.rank(src);
    let (offset, sizes, strides) = c.e.metadata(src, loc);
    let order: Vec<usize> = (0..rank)
        .filter(|d| !axes.contains(d))
        .chain(axes.iter().copied())
        .collect();
    let moved_sizes: Vec<Value> = order.iter().map(|d| sizes[*d]).collect();
    let moved_strides: Vec<Value> = order.iter().map(|d| strides[*d]).collect();
    let moved = c.make_view(src, offset, &moved_sizes, &moved_strides, loc);
    let elem = c.e.element_type(src);
    let copy = c.map_arrays(&[L::V(moved)], elem, loc, &mut |_, xs| Ok(xs[0]))?;
    let index = c.e.ctx.index();
    let kept = rank - axes.len();
    let mut merged: Vec<Value> = moved_sizes[..kept].to_vec();
    let mut n = c.e.const_int(1, index, loc);
    for size in &moved_sizes[kept..] {
        n = c.e.binary(&arith::MULI, n, *size, loc);
    }
    merged.push(n);
    let (copy_offset, _, _) = c.e.metadata(copy, loc);
    let mut merged_strides = vec![c.e.const_int(1, index, loc); merged.len()];
    for d in (0..merged.len().saturating_sub(1)).rev() {
        merged_strides[d] =
            c.e.binary(&arith::MULI, merged_strides[d + 1], merged[d + 1], loc);
    }
    Ok(c.make_view(copy, copy_offset, &merged, &merged_strides, loc))
}
