//! Shape and manipulation: views and copies in another shape or dtype, joins, triangles.

use super::{keyword, named, required, variadic, Callable, Param, Sample};
use crate::conversion::py_to_tensor::calls;
use crate::transforms::infer_types::builtins as typing;

const fn shape(
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
        typing: typing::shape,
        lowering: calls::numpy,
    }
}

const SELF: &[Param] = &[required("self")];

/// A 2×3 matrix of floats, for the samples: `[[0.75, 1.75, 2.75], [3.75, 4.75, 5.75]]`.
macro_rules! m {
    () => {
        "np.arange(x, n + 2).reshape(2, 3)"
    };
}

pub const CALLABLES: &[Callable] = &[
    shape(
        "np.transpose",
        &[required("a")],
        "axes reversed (a view)",
        concat!(
            "np.transpose(",
            m!(),
            ")[2, 1] + np.transpose(",
            m!(),
            ").shape[0]"
        ),
    ),
    shape(
        "ndarray.transpose",
        SELF,
        "axes reversed (a view)",
        concat!(m!(), ".transpose()[1, 0]"),
    ),
    shape(
        "ndarray.reshape",
        &[required("self"), variadic("shape")],
        "a view with a new shape (of a C-contiguous array)",
        concat!(
            "np.arange(x, n + 2).reshape((3, 2))[2, 1] + ",
            m!(),
            ".reshape(6)[4]"
        ),
    ),
    shape(
        "ndarray.ravel",
        SELF,
        "a flat view (of a C-contiguous array)",
        concat!(m!(), ".ravel()[4]"),
    ),
    shape(
        "ndarray.flatten",
        SELF,
        "a flat copy in C order",
        concat!(m!(), ".T.flatten()[1]"),
    ),
    shape(
        "ndarray.astype",
        &[required("self"), named("dtype")],
        "a copy converted to a dtype",
        concat!(
            m!(),
            ".astype(np.int64).sum() + ",
            m!(),
            ".astype(dtype=np.float32)[1, 1]"
        ),
    ),
    shape(
        "ndarray.fill",
        &[required("self"), required("value")],
        "sets every element to a value",
        "a = np.zeros(n)\na.fill(x)\na.sum()",
    ),
    shape(
        "np.concatenate",
        &[required("arrays")],
        "a tuple of arrays joined along the first axis",
        concat!(
            "np.concatenate((np.arange(n), np.arange(x, n))).sum() + np.concatenate((",
            m!(),
            ", ",
            m!(),
            "))[3, 1]"
        ),
    ),
    shape(
        "np.triu",
        &[required("m"), keyword("k", "0")],
        "upper triangle of a matrix from diagonal `k`",
        concat!(
            "np.triu(",
            m!(),
            ").sum() + np.triu(np.ones((n, n)), 1).sum() + np.triu(",
            m!(),
            ", k=-1)[1, 0]"
        ),
    ),
    shape(
        "np.tril",
        &[required("m"), keyword("k", "0")],
        "lower triangle of a matrix from diagonal `k`",
        concat!(
            "np.tril(",
            m!(),
            ").sum() + np.tril(np.ones((n, n)), -1).sum() + np.tril(",
            m!(),
            ", k=1)[0, 1]"
        ),
    ),
];
