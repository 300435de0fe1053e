//! Linear algebra: matrix and vector products (`np.linalg.norm` is in the prelude, the
//! LAPACK functions in `lapack.rs`).

use blackbird_dialects::ir::{ArrayLayout, OpId, Type};

use super::{required, Callable, Param};
use crate::conversion::py_to_tensor::calls::NumpyCall;
use crate::conversion::py_to_tensor::{not_yet, CResult, Converter, L};
use crate::transforms::infer_types::builtins::Call;
use crate::transforms::infer_types::rules::{self, array, array_parts};
use crate::transforms::infer_types::{Inference, TResult};

use super::runs as linalg;

const AB: &[Param] = &[required("a"), required("b")];

/// A 2×3 matrix and a 3-vector of floats, for the samples.
macro_rules! m {
    () => {
        "np.arange(x, n + 2).reshape(2, 3)"
    };
}
macro_rules! v {
    () => {
        "np.arange(x, n - 1)"
    };
}

pub const CALLABLES: &[Callable] = &[
    linalg(
        "np.dot",
        type_product,
        lower_product,
        AB,
        "dot product of vectors, matrix products",
        concat!(
            "np.dot(",
            v!(),
            ", ",
            v!(),
            ") + np.dot(",
            m!(),
            ", ",
            v!(),
            ")[1] + np.dot(",
            m!(),
            ", ",
            m!(),
            ".T)[0, 1]"
        ),
    ),
    linalg(
        "ndarray.dot",
        type_product,
        lower_product,
        &[required("self"), required("b")],
        "dot product of vectors, matrix products",
        concat!(v!(), ".dot(", v!(), ") + ", m!(), ".dot(", v!(), ")[0]"),
    ),
    linalg(
        "np.vdot",
        type_product,
        lower_product,
        AB,
        "dot product of flattened arrays",
        concat!("np.vdot(", v!(), ", ", v!(), " * 2)"),
    ),
    linalg(
        "np.matmul",
        type_product,
        lower_product,
        AB,
        "matrix product (the `@` operator)",
        concat!(
            "np.matmul(",
            m!(),
            ", ",
            v!(),
            ")[1] + np.matmul(",
            v!(),
            ", ",
            m!(),
            ".T)[0]"
        ),
    ),
    linalg(
        "np.outer",
        type_product,
        lower_outer,
        AB,
        "outer product of two vectors",
        concat!(
            "np.outer(",
            v!(),
            ", np.arange(n)).sum() + np.outer(",
            v!(),
            ", ",
            v!(),
            ")[1, 2]"
        ),
    ),
];

// Typing rules.

/// `np.dot`, `np.matmul`, `np.vdot`, `np.outer` of two arrays: the promoted dtype, of the
/// product's rank.
pub(crate) fn type_product(inf: &mut Inference<'_>, c: &Call) -> TResult<Type> {
    let types = &c.types;
    let fname = c.fname.as_str();
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

// Lowerings.

/// `np.dot`, `np.matmul`, `np.vdot`.
pub(crate) fn lower_product(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let elem = call.elem;
    let (a, b) = (call.array(c, 0)?, call.array(c, 1)?);
    Ok(L::V(c.matmul(a, b, elem, &loc)?))
}

/// `np.outer(a, b)`.
pub(crate) fn lower_outer(c: &mut Converter<'_>, op: OpId) -> CResult<L> {
    let call = NumpyCall::new(c, op)?;
    let loc = call.loc.clone();
    let elem = call.elem;
    // `a[:, None] * b[None, :]` of two vectors, through zero-stride views.
    let (a, b) = (call.array(c, 0)?, call.array(c, 1)?);
    if c.e.rank(a) != 1 || c.e.rank(b) != 1 {
        return Err(not_yet(
            c.e.ctx,
            op,
            "np.outer of arrays of rank other than 1",
        ));
    }
    let index = c.e.ctx.index();
    let (zero, one) = (c.e.const_int(0, index, &loc), c.e.const_int(1, index, &loc));
    let (a_offset, a_sizes, a_strides) = c.e.metadata(a, &loc);
    let (b_offset, b_sizes, b_strides) = c.e.metadata(b, &loc);
    let column = c.make_view(a, a_offset, &[a_sizes[0], one], &[a_strides[0], zero], &loc);
    let row = c.make_view(b, b_offset, &[one, b_sizes[0]], &[zero, b_strides[0]], &loc);
    Ok(L::V(c.map_arrays(
        &[L::V(column), L::V(row)],
        elem,
        &loc,
        &mut |s, xs| {
            let (x, y) = (s.e.coerce(xs[0], elem, &loc), s.e.coerce(xs[1], elem, &loc));
            Ok(s.e.arithmetic("mul", x, y, &loc))
        },
    )?))
}
