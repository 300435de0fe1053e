//! Reductions: of a whole array to a scalar, or along an axis; running sums and products.

use super::{keyword, required, Callable, Param, Sample};
use crate::conversion::py_to_tensor::calls;
use crate::transforms::infer_types::builtins as typing;

const fn reduction(
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
        typing: typing::reduction,
        lowering: calls::numpy,
    }
}

/// `np.f(a, axis=None)`.
const AXIS: &[Param] = &[required("a"), keyword("axis", "None")];
/// `a.f(axis=None)`.
const METHOD_AXIS: &[Param] = &[required("self"), keyword("axis", "None")];
const A: &[Param] = &[required("a")];
const SELF: &[Param] = &[required("self")];

/// A 2×3 matrix of floats, for the samples: `[[0.75, 1.75, 2.75], [3.75, 4.75, 5.75]]`.
macro_rules! m {
    () => {
        "np.arange(x, n + 2).reshape(2, 3)"
    };
}

pub const CALLABLES: &[Callable] = &[
    reduction(
        "np.sum",
        AXIS,
        "sum of the elements (along `axis`)",
        concat!(
            "np.sum(",
            m!(),
            ") + np.sum(",
            m!(),
            ", axis=1)[1] + np.sum(",
            m!(),
            ", 0)[2]"
        ),
    ),
    reduction(
        "ndarray.sum",
        METHOD_AXIS,
        "sum of the elements (along `axis`)",
        concat!(
            m!(),
            ".sum() + ",
            m!(),
            ".sum(axis=0)[1] + (",
            m!(),
            " > 2).sum()"
        ),
    ),
    reduction(
        "np.prod",
        AXIS,
        "product of the elements (along `axis`)",
        concat!("np.prod(", m!(), ") + np.prod(", m!(), ", axis=0)[1]"),
    ),
    reduction(
        "ndarray.prod",
        METHOD_AXIS,
        "product of the elements (along `axis`)",
        concat!(m!(), ".prod() + ", m!(), ".prod(axis=1)[0]"),
    ),
    reduction(
        "np.min",
        AXIS,
        "smallest element (along `axis`)",
        concat!("np.min(", m!(), ") + np.min(", m!(), ", axis=1)[1]"),
    ),
    reduction(
        "ndarray.min",
        METHOD_AXIS,
        "smallest element (along `axis`)",
        concat!(m!(), ".min() + ", m!(), ".min(axis=0)[2]"),
    ),
    reduction(
        "np.max",
        AXIS,
        "largest element (along `axis`)",
        concat!("np.max(", m!(), ") + np.max(", m!(), ", axis=1)[0]"),
    ),
    reduction(
        "ndarray.max",
        METHOD_AXIS,
        "largest element (along `axis`)",
        concat!(m!(), ".max() + ", m!(), ".max(axis=0)[1]"),
    ),
    reduction(
        "np.amin",
        AXIS,
        "smallest element (along `axis`)",
        concat!("np.amin(", m!(), ") + np.amin(", m!(), ", axis=0)[1]"),
    ),
    reduction(
        "np.amax",
        AXIS,
        "largest element (along `axis`)",
        concat!("np.amax(", m!(), ") + np.amax(", m!(), ", axis=1)[1]"),
    ),
    reduction(
        "np.mean",
        AXIS,
        "mean of the elements (along `axis`)",
        concat!("np.mean(", m!(), ") + np.mean(", m!(), ", axis=1)[1]"),
    ),
    reduction(
        "ndarray.mean",
        METHOD_AXIS,
        "mean of the elements (along `axis`)",
        concat!(m!(), ".mean() + ", m!(), ".mean(axis=0)[2]"),
    ),
    reduction(
        "np.var",
        AXIS,
        "variance of the elements (along `axis`)",
        concat!("np.var(", m!(), ") + np.var(", m!(), ", axis=0)[1]"),
    ),
    reduction(
        "ndarray.var",
        METHOD_AXIS,
        "variance of the elements (along `axis`)",
        concat!(m!(), ".var() + ", m!(), ".var(axis=1)[0]"),
    ),
    reduction(
        "np.std",
        AXIS,
        "standard deviation of the elements (along `axis`)",
        concat!("np.std(", m!(), ") + np.std(", m!(), ", axis=1)[1]"),
    ),
    reduction(
        "ndarray.std",
        METHOD_AXIS,
        "standard deviation of the elements (along `axis`)",
        concat!(m!(), ".std() + ", m!(), ".std(axis=0)[0]"),
    ),
    reduction(
        "np.argmin",
        AXIS,
        "position of the smallest element (in C order, or along `axis`)",
        concat!("np.argmin(-", m!(), ") + np.argmin(", m!(), ", axis=0)[1]"),
    ),
    reduction(
        "ndarray.argmin",
        METHOD_AXIS,
        "position of the smallest element (in C order, or along `axis`)",
        concat!("(-", m!(), ").argmin() + ", m!(), ".argmin(axis=1)[1]"),
    ),
    reduction(
        "np.argmax",
        AXIS,
        "position of the largest element (in C order, or along `axis`)",
        concat!("np.argmax(", m!(), ") + np.argmax(-", m!(), ", axis=1)[0]"),
    ),
    reduction(
        "ndarray.argmax",
        METHOD_AXIS,
        "position of the largest element (in C order, or along `axis`)",
        concat!(m!(), ".argmax() + (-", m!(), ").argmax(axis=0)[2]"),
    ),
    reduction(
        "np.any",
        A,
        "whether any element is true",
        concat!(
            "int(np.any(",
            m!(),
            " > 5)) + 2 * int(np.any(",
            m!(),
            " > 6)) + 4 * int(np.any(x))"
        ),
    ),
    reduction(
        "ndarray.any",
        SELF,
        "whether any element is true",
        concat!(
            "int((",
            m!(),
            " > 5).any()) + 2 * int((",
            m!(),
            " < 0).any())"
        ),
    ),
    reduction(
        "np.all",
        A,
        "whether every element is true",
        concat!(
            "int(np.all(",
            m!(),
            " > 0)) + 2 * int(np.all(",
            m!(),
            " > 1)) + 4 * int(np.all(x))"
        ),
    ),
    reduction(
        "ndarray.all",
        SELF,
        "whether every element is true",
        concat!(
            "int((",
            m!(),
            " > 0).all()) + 2 * int((",
            m!(),
            " > 1).all())"
        ),
    ),
    reduction(
        "np.count_nonzero",
        A,
        "number of true (nonzero) elements",
        concat!(
            "np.count_nonzero(",
            m!(),
            " > 2) + np.count_nonzero(np.arange(n))"
        ),
    ),
    reduction(
        "np.cumsum",
        A,
        "running sums, flattened in C order",
        concat!("np.cumsum(", m!(), ")[4] + np.cumsum(np.arange(n))[2]"),
    ),
    reduction(
        "ndarray.cumsum",
        SELF,
        "running sums, flattened in C order",
        concat!(m!(), ".cumsum()[3]"),
    ),
    reduction(
        "np.cumprod",
        A,
        "running products, flattened in C order",
        concat!("np.cumprod(", m!(), ")[3] + np.cumprod(np.arange(1, n))[2]"),
    ),
];
