//! Elementwise (ufunc-like) NumPy functions: scalars give a scalar, arrays an array of the
//! broadcast shape.

use super::{required, Callable, Param, Sample};
use crate::conversion::py_to_tensor::calls;
use crate::transforms::infer_types::builtins as typing;

const fn elementwise(
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
        typing: typing::elementwise_function,
        lowering: calls::numpy,
    }
}

const X: &[Param] = &[required("x")];
const XY: &[Param] = &[required("x1"), required("x2")];

/// A vector of floats for the samples: `[0.75, 1.75, 2.75, 3.75]`.
macro_rules! v {
    () => {
        "np.arange(x, n)"
    };
}

/// A unary function whose sample sums it over `v!()` and adds it at `x`.
macro_rules! unary {
    ($name:literal, $summary:literal) => {
        elementwise(
            concat!("np.", $name),
            X,
            $summary,
            concat!("np.", $name, "(", v!(), " / 4).sum() + np.", $name, "(x)"),
        )
    };
}

pub const CALLABLES: &[Callable] = &[
    unary!("sqrt", "square root"),
    unary!("exp", "exponential"),
    unary!("log", "natural logarithm"),
    unary!("log10", "base-10 logarithm"),
    unary!("log2", "base-2 logarithm"),
    unary!("log1p", "`log(1 + x)`, accurate near 0"),
    unary!("expm1", "`exp(x) - 1`, accurate near 0"),
    unary!("sin", "sine"),
    unary!("cos", "cosine"),
    unary!("tan", "tangent"),
    unary!("arcsin", "arc sine"),
    unary!("arccos", "arc cosine"),
    unary!("arctan", "arc tangent"),
    unary!("sinh", "hyperbolic sine"),
    unary!("cosh", "hyperbolic cosine"),
    unary!("tanh", "hyperbolic tangent"),
    unary!("floor", "largest integer not above (a float)"),
    unary!("ceil", "smallest integer not below (a float)"),
    unary!("trunc", "integer part (a float)"),
    unary!("fabs", "absolute value (a float)"),
    elementwise(
        "np.abs",
        X,
        "absolute value",
        concat!(
            "np.abs(-",
            v!(),
            ").sum() + np.abs(-n) + np.abs(np.arange(-n, n)).sum()"
        ),
    ),
    elementwise(
        "np.absolute",
        X,
        "absolute value",
        concat!("np.absolute(-", v!(), ").sum() + np.absolute(-x)"),
    ),
    elementwise(
        "np.sign",
        X,
        "-1, 0 or 1 by the sign",
        concat!(
            "np.sign(",
            v!(),
            " - 2).sum() + np.sign(-x) + np.sign(np.arange(-n, n)).sum()"
        ),
    ),
    elementwise(
        "np.square",
        X,
        "square",
        concat!("np.square(", v!(), ").sum() + np.square(n)"),
    ),
    elementwise(
        "np.negative",
        X,
        "negation",
        concat!("np.negative(", v!(), ").sum() + np.negative(n)"),
    ),
    elementwise(
        "np.isnan",
        X,
        "whether a NaN",
        concat!("np.isnan(np.log(", v!(), " - 2)).sum() + np.isnan(x)"),
    ),
    elementwise(
        "np.isinf",
        X,
        "whether infinite",
        concat!("np.isinf(", v!(), " / 0.0).sum() + np.isinf(x)"),
    ),
    elementwise(
        "np.isfinite",
        X,
        "whether finite",
        concat!("np.isfinite(np.log(", v!(), " - 1)).sum() + np.isfinite(x)"),
    ),
    elementwise(
        "np.clip",
        &[required("a"), required("a_min"), required("a_max")],
        "values limited to `[a_min, a_max]`",
        concat!("np.clip(", v!(), ", 1.0, 3.0).sum() + np.clip(n, 0, 2)"),
    ),
    elementwise(
        "np.where",
        &[required("condition"), required("x"), required("y")],
        "`x` where `condition` holds, else `y`",
        concat!(
            "np.where(",
            v!(),
            " > 2, ",
            v!(),
            ", 0.0).sum() + np.where(x > 1, 1, 2)"
        ),
    ),
    elementwise(
        "np.minimum",
        XY,
        "smaller of two (NaN propagates)",
        concat!("np.minimum(", v!(), ", 2.0).sum() + np.minimum(x, n)"),
    ),
    elementwise(
        "np.maximum",
        XY,
        "larger of two (NaN propagates)",
        concat!("np.maximum(", v!(), ", 2.0).sum() + np.maximum(x, n)"),
    ),
    elementwise(
        "np.power",
        XY,
        "first to the power of the second",
        concat!(
            "np.power(",
            v!(),
            ", 2).sum() + np.power(np.arange(n), 3).sum() + np.power(x, n)"
        ),
    ),
    elementwise(
        "np.fmod",
        XY,
        "C's remainder, with the dividend's sign",
        concat!(
            "np.fmod(-",
            v!(),
            ", 0.5).sum() + np.fmod(np.arange(-n, n), 3).sum()"
        ),
    ),
    elementwise(
        "np.arctan2",
        XY,
        "arc tangent of `x1 / x2` in the right quadrant",
        concat!("np.arctan2(", v!(), ", -2.0).sum() + np.arctan2(-x, n)"),
    ),
    elementwise(
        "np.hypot",
        XY,
        "length of the vector `(x1, x2)`",
        concat!(
            "np.hypot(",
            v!(),
            ", 2.0).sum() + np.hypot(x, n) + np.hypot(np.arange(n), 3).sum()"
        ),
    ),
    Callable {
        name: "ndarray.conjugate",
        params: &[required("self")],
        summary: "complex conjugate (of a complex scalar)",
        sample: Sample::Run("complex(x, n).conjugate().imag"),
        typing: typing::elementwise_function,
        lowering: calls::numpy,
    },
];
