//! Linear algebra: matrix and vector products, norms.

use super::{required, Callable, Param, Sample};
use crate::conversion::py_to_tensor::calls;
use crate::transforms::infer_types::builtins as typing;

const fn linalg(
    name: &'static str,
    params: &'static [Param],
    summary: &'static str,
    sample: &'static str,
) -> Callable {
    Callable {
        name,
        params,
        summary,
        sample: Sample::Run(sample),
        typing: typing::linalg,
        lowering: calls::numpy,
    }
}

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
        &[required("self"), required("b")],
        "dot product of vectors, matrix products",
        concat!(v!(), ".dot(", v!(), ") + ", m!(), ".dot(", v!(), ")[0]"),
    ),
    linalg(
        "np.vdot",
        AB,
        "dot product of flattened arrays",
        concat!("np.vdot(", v!(), ", ", v!(), " * 2)"),
    ),
    linalg(
        "np.matmul",
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
    linalg(
        "np.linalg.norm",
        &[required("x")],
        "2-norm of a vector, Frobenius norm of a matrix",
        concat!("np.linalg.norm(", v!(), ") + np.linalg.norm(", m!(), ")"),
    ),
];
