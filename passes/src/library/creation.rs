//! NumPy's array creation functions, and its dtypes called as conversions.

use super::{keyword, optional, required, Callable, Param, Sample};
use crate::conversion::py_to_tensor::calls;
use crate::transforms::infer_types::builtins as typing;

const fn creation(
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
        typing: typing::creation,
        lowering: calls::numpy,
    }
}

const SHAPE: &[Param] = &[required("shape"), keyword("dtype", "float64")];
const LIKE: &[Param] = &[required("a"), keyword("dtype", "None")];
const X: &[Param] = &[required("x")];

pub const CALLABLES: &[Callable] = &[
    creation(
        "np.zeros",
        SHAPE,
        "new array of zeros",
        "np.zeros((n, 2)).sum() + np.zeros(n, np.int32).size + np.zeros(n, dtype=np.bool_).sum()",
    ),
    creation(
        "np.ones",
        SHAPE,
        "new array of ones",
        "np.ones((n, 2)).sum() + np.ones(n, dtype=np.int8).sum()",
    ),
    creation(
        "np.empty",
        SHAPE,
        "new array, uninitialized",
        "np.empty((n, 3)).size + np.empty(n, dtype=np.int64).size",
    ),
    creation(
        "np.full",
        &[
            required("shape"),
            required("fill_value"),
            keyword("dtype", "None"),
        ],
        "new array of one value",
        "np.full((2, n), x).sum() + np.full(n, 3, dtype=np.float32).sum()",
    ),
    creation(
        "np.arange",
        &[
            required("start"),
            optional("stop", "None"),
            optional("step", "1"),
            keyword("dtype", "None"),
        ],
        "evenly spaced values in `[start, stop)`",
        "np.arange(x, n, 0.5).sum() + np.arange(n).sum() + np.arange(n, dtype=np.float64).sum()",
    ),
    creation(
        "np.linspace",
        &[
            required("start"),
            required("stop"),
            required("num"),
            keyword("dtype", "None"),
        ],
        "`num` evenly spaced values from `start` to `stop`",
        "np.linspace(0.0, x, n).sum() + np.linspace(1, n, 7).sum()",
    ),
    creation(
        "np.eye",
        &[
            required("N"),
            keyword("M", "None"),
            keyword("k", "0"),
            keyword("dtype", "float64"),
        ],
        "matrix with ones on a diagonal",
        "np.eye(n).sum() + np.eye(n, 3).sum() + np.eye(n, k=1).sum() + np.eye(n, M=2, dtype=np.int64).sum()",
    ),
    creation(
        "np.zeros_like",
        LIKE,
        "zeros shaped as an array",
        "np.zeros_like(np.arange(x, n)).sum() + np.zeros_like(np.arange(n), dtype=np.float64).size",
    ),
    creation(
        "np.ones_like",
        LIKE,
        "ones shaped as an array",
        "np.ones_like(np.arange(x, n)).sum() + np.ones_like(np.arange(n), dtype=np.int8).sum()",
    ),
    creation(
        "np.empty_like",
        LIKE,
        "uninitialized, shaped as an array",
        "np.empty_like(np.arange(x, n)).size",
    ),
    creation(
        "np.full_like",
        &[
            required("a"),
            required("fill_value"),
            keyword("dtype", "None"),
        ],
        "one value, shaped as an array",
        "np.full_like(np.arange(n), 3).sum() + np.full_like(np.arange(n), x, dtype=np.float64).sum()",
    ),
    creation(
        "np.copy",
        &[required("a")],
        "copy of an array",
        "np.copy(np.arange(x, n).reshape(2, 2).T)[0, 1]",
    ),
    creation(
        "ndarray.copy",
        &[required("self")],
        "copy of the array",
        "np.arange(x, n).copy().sum()",
    ),
    creation(
        "np.asarray",
        LIKE,
        "the array (a copy in another dtype)",
        "np.asarray(np.arange(x, n)).sum() + np.asarray(np.arange(n), dtype=np.float32).sum()",
    ),
    creation(
        "np.ascontiguousarray",
        LIKE,
        "a C-contiguous copy of an array",
        "np.ascontiguousarray(np.arange(x, n).reshape(2, 2).T)[0, 1]",
    ),
    creation("np.float64", X, "conversion to float64", "np.float64(n) + np.float64(x)"),
    creation("np.float32", X, "conversion to float32", "np.float32(x) + np.float32(n)"),
    creation("np.int64", X, "conversion to int64", "np.int64(x * n) + np.int64(n)"),
    creation("np.int32", X, "conversion to int32", "np.int32(x * n) + np.int32(-n)"),
    creation("np.int16", X, "conversion to int16", "np.int16(x * n) + np.int16(-n)"),
    creation("np.int8", X, "conversion to int8", "np.int8(x * n) + np.int8(-n)"),
    creation("np.bool_", X, "conversion to a boolean", "int(np.bool_(x)) + 2 * int(np.bool_(n - 4))"),
];
