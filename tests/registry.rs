//! The library registry (`passes/src/library`): every callable the frontend accepts compiles,
//! and its sample call gives CPython's and NumPy's result; the supported-functions table in
//! `docs/FEATURES.md` is the registry's.

#[path = "support/python.rs"]
mod support_python;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use blackbird::passes::library::{self, Sample};
use blackbird::{Arg, Module, PyValue};

/// The sample functions' arguments: `n` (int64) and `x` (float64).
const N: i64 = 4;
const X: f64 = 0.75;

/// `def NAME(n, x):` running `body`, whose last line is the value returned.
fn run_function(name: &str, body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let (last, init) = lines.split_last().expect("a sample has a line");
    let mut f = format!("@njit\ndef {name}(n, x):\n");
    for line in init {
        f.push_str(&format!("    {line}\n"));
    }
    f.push_str(&format!("    return {last}\n\n\n"));
    f
}

fn indented(body: &str) -> String {
    body.lines().map(|l| format!("    {l}\n")).collect()
}

const HEADER: &str = "import math\nimport numpy as np\nfrom numba import cuda, njit, prange\n\n\n";

/// Names the registry's samples as functions `f0`, `f1`, … of one module: the callable of each.
fn samples_module() -> (String, Vec<(String, &'static library::Callable)>) {
    let mut source = HEADER.to_string();
    let mut functions = vec![];
    for (i, c) in library::all().enumerate() {
        let name = format!("f{i}");
        match c.sample {
            Sample::Run(body) => source.push_str(&run_function(&name, body)),
            Sample::Compile(body) => {
                source.push_str(&format!("@njit\ndef {name}(n, x):\n{}\n\n", indented(body)))
            }
            Sample::Kernel(body) => source.push_str(&format!(
                "@cuda.jit\ndef {name}(a):\n{}\n\n",
                indented(body)
            )),
        }
        functions.push((name, c));
    }
    (source, functions)
}

/// Each `Run` sample's result under CPython + NumPy (`njit` and `prange` as plain Python):
/// a float, or the name of the exception raised.
fn cpython_results(source: &str, names: &[&str]) -> HashMap<String, String> {
    let dir = std::env::temp_dir().join(format!("blackbird-registry-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let module = dir.join("samples.py");
    let plain = source.replace(
        "from numba import cuda, njit, prange\n",
        "cuda = None\nprange = range\n\n\ndef njit(f):\n    return f\n",
    );
    // Kernels need `cuda.jit`; they are compiled only, never run under CPython.
    let plain = plain.replace("@cuda.jit\n", "");
    std::fs::write(&module, plain).unwrap();
    let driver = format!(
        "import sys, warnings\nwarnings.simplefilter('ignore')\nsys.path.insert(0, {dir:?})\n\
         import samples\nfor name in {names:?}:\n    try:\n        r = getattr(samples, name)({N}, {X})\n        \
         print(name, repr(float(r)))\n    except Exception as e:\n        print(name, type(e).__name__)\n",
        dir = dir.display().to_string(),
    );
    let out = Command::new(support_python::python())
        .arg("-c")
        .arg(&driver)
        .output()
        .expect("CPython runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (name, value) = l.split_once(' ').unwrap();
            (name.to_string(), value.to_string())
        })
        .collect()
}

fn as_float(v: &PyValue) -> Option<f64> {
    match v {
        PyValue::Int(i) => Some(*i as f64),
        PyValue::Float(f) => Some(*f),
        PyValue::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

#[test]
fn every_callable_compiles_and_matches_cpython() {
    let (source, functions) = samples_module();
    let runs: Vec<&str> = functions
        .iter()
        .filter(|(_, c)| matches!(c.sample, Sample::Run(_)))
        .map(|(n, _)| n.as_str())
        .collect();
    let expected = cpython_results(&source, &runs);
    let module = Module::from_source(&source, "registry.py").unwrap();
    let mut failures = vec![];
    for (name, c) in &functions {
        let outcome = match c.sample {
            Sample::Run(body) => {
                let got = module
                    .function(name)
                    .and_then(|f| f.call(&mut [Arg::Int(N), Arg::Float(X)]));
                let want = &expected[name.as_str()];
                match got {
                    Ok(v) => match (as_float(&v), want.parse::<f64>()) {
                        (Some(g), Ok(w)) if close(g, w) => Ok(()),
                        _ => Err(format!("{body}\n  gives {v}, CPython {want}")),
                    },
                    Err(e) => Err(format!("{body}\n  {}", e.render(Some(&source)))),
                }
            }
            Sample::Compile(body) => blackbird::dump(
                &source,
                "registry.py",
                name,
                "llvm",
                Some("(int64, float64)"),
            )
            .map(|_| ())
            .map_err(|e| format!("{body}\n  {}", e.render(Some(&source)))),
            Sample::Kernel(body) => blackbird::dump(
                &source,
                "registry.py",
                name,
                "mlir",
                Some("(float64[::1],)"),
            )
            .map(|_| ())
            .map_err(|e| format!("{body}\n  {}", e.render(Some(&source)))),
        };
        if let Err(e) = outcome {
            failures.push(format!("{} ({name}): {e}", c.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn features_table_is_the_registrys() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/FEATURES.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed.contains(&library::features_markdown()),
        "the supported functions in docs/FEATURES.md differ from the registry: run \
         `cargo run --example features`"
    );
}

#[test]
fn names_are_unique_and_parameters_well_formed() {
    let mut seen = std::collections::HashSet::new();
    for c in library::all() {
        assert!(seen.insert(c.name), "{} is declared twice", c.name);
        assert_eq!(
            c.is_method(),
            c.params.first().is_some_and(|p| p.name == "self"),
            "{}: a method's first parameter is `self`",
            c.name
        );
        // Required parameters come before optional ones; a variadic one takes the rest.
        let first_optional = c.params.iter().position(|p| p.default.is_some());
        if let Some(i) = first_optional {
            assert!(
                c.params[i..]
                    .iter()
                    .all(|p| p.default.is_some() || p.variadic),
                "{}: a required parameter after an optional one",
                c.name
            );
        }
    }
}

/// The frontend's error for the body `expr` (returned from `f(a, x)`), rendered.
fn frontend_error(expr: &str) -> String {
    let source = format!("{HEADER}@njit\ndef f(a, x):\n    return {expr}\n");
    let mut ctx = blackbird::dialects::ir::Context::new();
    let program = blackbird::lower_python(&mut ctx, &source, "bad.py").unwrap();
    let error: blackbird::Error = program
        .lowering_error("f")
        .unwrap_or_else(|| panic!("`{expr}` should be refused"))
        .clone()
        .into();
    error.render(Some(&source))
}

#[test]
fn calls_outside_the_registry_are_located_errors() {
    let cases = [
        (
            "math.factorial(x)",
            "bad.py:8:12: error: unsupported function `math.factorial`",
            "note: supported math functions: sqrt, exp,",
        ),
        (
            "np.errstate(all='ignore')",
            "bad.py:8:12: error: unsupported function `np.errstate`",
            "only as a context manager",
        ),
        (
            "np.zeros(3, order='C')",
            "bad.py:8:12: error: np.zeros() got an unsupported keyword argument `order`",
            "    return np.zeros(3, order='C')\n           ^",
        ),
        (
            "np.sum(a, 0, 1)",
            "error: np.sum() takes at most 2 positional arguments, 3 given",
            "^",
        ),
        (
            "np.eye(3, 4, M=4)",
            "error: np.eye() got multiple values for argument `M`",
            "^",
        ),
        (
            "np.full(3)",
            "error: np.full() missing required argument `fill_value`",
            "^",
        ),
        (
            "a.sum(1, axis=1)",
            "error: ndarray.sum() got multiple values for argument `axis`",
            "^",
        ),
        (
            "a.frobnicate(x)",
            "error: unsupported method `.frobnicate()`",
            "note: supported array methods: copy, sum, prod,",
        ),
        (
            "len(a, x)",
            "error: len() takes 1 positional argument, 2 given",
            "^",
        ),
    ];
    for (expr, message, detail) in cases {
        let rendered = frontend_error(expr);
        assert!(
            rendered.contains(message) && rendered.contains(detail),
            "{expr}:\n{rendered}"
        );
    }
}

#[test]
fn keyword_and_positional_arguments_bind_alike() {
    // The same parameter by position or by keyword compiles to the same result.
    let source = format!(
        "{HEADER}@njit\ndef by_position(n):\n    return np.eye(n, n + 1, 1, np.int64).sum() + np.sum(np.ones((n, 2)), 0)[1] + np.triu(np.ones((n, n)), -1).sum()\n\n\n\
         @njit\ndef by_keyword(n):\n    return np.eye(n, k=1, dtype=np.int64, M=n + 1).sum() + np.sum(np.ones((n, 2)), axis=0)[1] + np.triu(np.ones((n, n)), k=-1).sum()\n"
    );
    let module = Module::from_source(&source, "bind.py").unwrap();
    let call = |name: &str| {
        module
            .function(name)
            .unwrap()
            .call(&mut [Arg::Int(N)])
            .unwrap()
    };
    // NumPy: 4 ones above the diagonal of a 4×5 matrix, 4 ones per column, 13 ones in the
    // upper triangle from diagonal -1 of a 4×4 matrix.
    assert_eq!(call("by_position"), PyValue::Float(4.0 + 4.0 + 13.0));
    assert_eq!(call("by_keyword"), PyValue::Float(4.0 + 4.0 + 13.0));
}

#[test]
fn math_domain_and_range_errors_are_cpythons() {
    // CPython raises where the C library returns an infinity or a NaN from numbers.
    let source = format!(
        "{HEADER}@njit\ndef gamma(x):\n    return math.gamma(x)\n\n\n\
         @njit\ndef log_gamma(x):\n    return math.lgamma(x)\n\n\n\
         @njit\ndef remainder(x):\n    return math.fmod(x, 0.0) + math.fmod(math.inf, x)\n\n\n\
         @njit\ndef lgamma(x):\n    return math.lgamma(x)\n"
    );
    let module = Module::from_source(&source, "errors.py").unwrap();
    let cases = [
        ("gamma", 0.0, "ValueError: math domain error"),
        ("gamma", -2.0, "ValueError: math domain error"),
        ("gamma", f64::NEG_INFINITY, "ValueError: math domain error"),
        ("gamma", 200.0, "OverflowError: math range error"),
        ("log_gamma", -3.0, "ValueError: math domain error"),
        ("log_gamma", 1e308, "OverflowError: math range error"),
        ("remainder", 1.0, "ValueError: math domain error"),
        // A compiled function named as the C library function it calls is a function of its
        // own: the call inside it is the library's.
        ("lgamma", -3.0, "ValueError: math domain error"),
    ];
    for (function, x, message) in cases {
        let f = module.function(function).unwrap();
        let error = f.call(&mut [Arg::Float(x)]).unwrap_err();
        let rendered = error.render(Some(&source));
        assert!(rendered.contains(message), "{function}({x}):\n{rendered}");
    }
    let f = module.function("lgamma").unwrap();
    assert_eq!(f.call(&mut [Arg::Float(1.0)]).unwrap(), PyValue::Float(0.0));
    let f = module.function("log_gamma").unwrap();
    assert_eq!(
        f.call(&mut [Arg::Float(f64::INFINITY)]).unwrap(),
        PyValue::Float(f64::INFINITY)
    );
}
