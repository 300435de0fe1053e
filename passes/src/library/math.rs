//! The `math` module's functions: numbers in (converted to float64), as CPython computes them.

use super::{required, Callable, Param, Sample};
use crate::conversion::py_to_tensor::calls;
use crate::transforms::infer_types::builtins as typing;

const X: &[Param] = &[required("x")];
const XY: &[Param] = &[required("x"), required("y")];

const fn math(
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
        typing: typing::math,
        lowering: calls::math,
    }
}

pub const CALLABLES: &[Callable] = &[
    math("math.sqrt", X, "square root", "math.sqrt(x) + math.sqrt(n)"),
    math("math.exp", X, "exponential", "math.exp(x) + math.exp(-n)"),
    math(
        "math.log",
        X,
        "natural logarithm",
        "math.log(x) + math.log(n)",
    ),
    math(
        "math.log10",
        X,
        "base-10 logarithm",
        "math.log10(x) + math.log10(n)",
    ),
    math(
        "math.log2",
        X,
        "base-2 logarithm",
        "math.log2(x) + math.log2(n)",
    ),
    math(
        "math.log1p",
        X,
        "`log(1 + x)`, accurate near 0",
        "math.log1p(x) + math.log1p(1e-10) * 1e10 + math.log1p(-x)",
    ),
    math(
        "math.expm1",
        X,
        "`exp(x) - 1`, accurate near 0",
        "math.expm1(x) + math.expm1(1e-10) * 1e10 + math.expm1(-n)",
    ),
    math(
        "math.erf",
        X,
        "error function",
        "math.erf(x) + math.erf(-n / 3) + math.erf(1e-5) * 1e5",
    ),
    math(
        "math.erfc",
        X,
        "complementary error function `1 - erf(x)`",
        "math.erfc(x) + math.erfc(n * 2) * 1e30 + math.erfc(-x)",
    ),
    math(
        "math.gamma",
        X,
        "the gamma function (CPU only)",
        "math.gamma(x) + math.gamma(n) + math.gamma(-x) + math.gamma(30.5) / 1e30",
    ),
    math(
        "math.lgamma",
        X,
        "`log(|gamma(x)|)` (CPU only)",
        "math.lgamma(x) + math.lgamma(n) + math.lgamma(-x) + math.lgamma(1e10) / 1e10",
    ),
    math("math.sin", X, "sine", "math.sin(x) + math.sin(n)"),
    math("math.cos", X, "cosine", "math.cos(x) + math.cos(n)"),
    math("math.tan", X, "tangent", "math.tan(x) + math.tan(n)"),
    math("math.asin", X, "arc sine", "math.asin(x) + math.asin(-x)"),
    math("math.acos", X, "arc cosine", "math.acos(x) + math.acos(-x)"),
    math("math.atan", X, "arc tangent", "math.atan(x) + math.atan(n)"),
    math(
        "math.atan2",
        XY,
        "arc tangent of `y / x` in the right quadrant",
        "math.atan2(x, -n) + math.atan2(-n, x)",
    ),
    math(
        "math.sinh",
        X,
        "hyperbolic sine",
        "math.sinh(x) + math.sinh(-n)",
    ),
    math(
        "math.cosh",
        X,
        "hyperbolic cosine",
        "math.cosh(x) + math.cosh(-n)",
    ),
    math(
        "math.tanh",
        X,
        "hyperbolic tangent",
        "math.tanh(x) + math.tanh(-n)",
    ),
    math(
        "math.floor",
        X,
        "largest integer not above (an int64)",
        "math.floor(x * n) + math.floor(-x)",
    ),
    math(
        "math.ceil",
        X,
        "smallest integer not below (an int64)",
        "math.ceil(x * n) + math.ceil(-x)",
    ),
    math(
        "math.trunc",
        X,
        "integer part (an int64)",
        "math.trunc(x * n) + math.trunc(-x * n)",
    ),
    math(
        "math.fabs",
        X,
        "absolute value (a float)",
        "math.fabs(-x) + math.fabs(n)",
    ),
    math(
        "math.pow",
        XY,
        "`x` to the power `y`",
        "math.pow(x, n) + math.pow(n, -x)",
    ),
    math(
        "math.hypot",
        XY,
        "length of the vector `(x, y)`, without overflow",
        "math.hypot(x, n) + math.hypot(3e200, 4e200) / 1e200 + math.hypot(-math.inf, math.nan)",
    ),
    math(
        "math.copysign",
        XY,
        "`x`'s magnitude with `y`'s sign",
        "math.copysign(x, -n) + math.copysign(n, -0.0) + math.copysign(-x, 0.0)",
    ),
    math(
        "math.fmod",
        XY,
        "C's remainder, with the dividend's sign",
        "math.fmod(n, x) + math.fmod(-n * 1.25, 1.5) + math.fmod(x, math.inf)",
    ),
    math(
        "math.isnan",
        X,
        "whether a NaN",
        "math.isnan(x) + math.isnan(math.nan)",
    ),
    math(
        "math.isinf",
        X,
        "whether infinite",
        "math.isinf(x) + math.isinf(-math.inf)",
    ),
    math(
        "math.isfinite",
        X,
        "whether finite",
        "math.isfinite(x) + math.isfinite(math.inf)",
    ),
];
