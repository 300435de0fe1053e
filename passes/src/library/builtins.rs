//! Python builtins.

use super::{keyword, optional, required, variadic, Callable, Sample};
use crate::conversion::py_to_tensor::calls;
use crate::transforms::infer_types::builtins as typing;

const fn builtin(
    name: &'static str,
    params: &'static [super::Param],
    summary: &'static str,
    sample: Sample,
) -> Callable {
    Callable {
        name,
        params,
        summary,
        sample,
        typing: typing::builtin,
        lowering: calls::builtin,
    }
}

pub const CALLABLES: &[Callable] = &[
    builtin(
        "range",
        &[
            required("start"),
            optional("stop", "None"),
            optional("step", "1"),
        ],
        "integers `start`, `start + step`, … below `stop` (`range(stop)` from 0)",
        Sample::Run("s = 0\nfor i in range(1, n * 3, 2):\n    s += i\ns"),
    ),
    builtin(
        "prange",
        &[
            required("start"),
            optional("stop", "None"),
            optional("step", "1"),
        ],
        "`range` whose iterations run in parallel with `parallel=True`",
        Sample::Run("s = 0\nfor i in prange(n):\n    s += i\ns"),
    ),
    builtin(
        "len",
        &[required("obj")],
        "length of an array's first axis, or of a tuple",
        Sample::Run("len(np.zeros((n, 2))) + len((x, n))"),
    ),
    builtin(
        "min",
        &[variadic("args")],
        "smallest of numbers, or of a vector's items",
        Sample::Run("min(n, x, 2) + min(np.arange(x, n))"),
    ),
    builtin(
        "max",
        &[variadic("args")],
        "largest of numbers, or of a vector's items",
        Sample::Run("max(n, x, 2) + max(np.arange(x, n))"),
    ),
    builtin(
        "abs",
        &[required("x")],
        "absolute value (magnitude of a complex number)",
        Sample::Run("abs(x - n) + abs(-n) + abs(complex(3.0, n))"),
    ),
    Callable {
        lowering: calls::sum,
        ..builtin(
            "sum",
            &[required("iterable")],
            "sum of a vector's items, added in order",
            Sample::Run("sum(np.arange(x, n) / 3) + sum(np.arange(n)) + sum(np.arange(n) > 1)"),
        )
    },
    builtin(
        "int",
        &[required("x")],
        "conversion to int64 (floats truncate)",
        Sample::Run("int(x * n) + int(-x)"),
    ),
    builtin(
        "float",
        &[required("x")],
        "conversion to float64",
        Sample::Run("float(n) + float(True)"),
    ),
    builtin(
        "bool",
        &[required("x")],
        "truth of a number",
        Sample::Run("bool(x) + bool(n - 4)"),
    ),
    Callable {
        lowering: calls::round,
        ..builtin(
            "round",
            &[required("number")],
            "nearest integer, halves to even",
            Sample::Run("round(x * n + 0.5) + round(-2.5) + round(0.5) + round(n) + round(-x)"),
        )
    },
    builtin(
        "complex",
        &[required("real"), optional("imag", "0.0")],
        "a complex number from its parts",
        Sample::Run("complex(x, n).imag + complex(x).real"),
    ),
    builtin(
        "print",
        &[
            variadic("values"),
            keyword("sep", "' '"),
            keyword("end", "'\\n'"),
        ],
        "prints numbers and string literals to standard output",
        Sample::Compile("print(n, x, sep=', ')"),
    ),
    builtin(
        "enumerate",
        &[required("iterable")],
        "pairs `(i, item)` in a `for` loop",
        Sample::Run("s = 0.0\nfor i, v in enumerate(np.arange(x, n)):\n    s += i * v\ns"),
    ),
    builtin(
        "zip",
        &[variadic("iterables")],
        "items of several arrays or ranges side by side in a `for` loop",
        Sample::Run("s = 0.0\nfor a, b in zip(np.arange(n), np.arange(x, n)):\n    s += a * b\ns"),
    ),
];
