//! One differential check: a function of `tests/programs/*.py` called compiled by Blackbird and
//! under CPython + NumPy (the oracle) on the same arguments; their results, raised exceptions
//! and the arrays' memory after the call must agree. Also the `# case:` lines of the programs.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use blackbird::{Error, Function, Module, Options, PyValue};
use serde_json::{json, Value};

use crate::oracle::{self, as_f64, float_from_json};
pub use crate::oracle::{fortran, In};

pub const EXACT: f64 = 0.0;

/// A C-contiguous float64 array.
pub fn arr(data: &[f64], shape: &[usize]) -> In {
    oracle::array(data, shape)
}

/// The view `[::step, ::step, …]` of a C-contiguous float64 array.
pub fn strided(data: &[f64], shape: &[usize], step: usize) -> In {
    oracle::view(data, shape, step)
}

/// A C-contiguous int64 array.
pub fn ints(data: &[i64], shape: &[usize]) -> In {
    oracle::array(data, shape)
}

/// How many checks ran (all tests of the binary together).
pub static CHECKS: AtomicUsize = AtomicUsize::new(0);

/// Aborts the test process with a message when it is not dropped within `seconds`: a compiled
/// call that never returns fails the suite instead of hanging it. (The oracle's calls have
/// their own limit.)
struct Watchdog(#[allow(dead_code)] std::sync::mpsc::Sender<()>);

fn watchdog(what: String, seconds: u64) -> Watchdog {
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
            rx.recv_timeout(std::time::Duration::from_secs(seconds))
        {
            eprintln!("{what}: no result after {seconds} s (an endless loop?); aborting");
            std::process::abort();
        }
    });
    Watchdog(tx)
}

/// What CPython did: a result and the memory of the array arguments afterwards, or an
/// exception kind.
enum Outcome {
    Value(PyValue, Vec<Vec<u8>>),
    Raised(String),
}

fn outcome(answer: &Value) -> Outcome {
    if let Some(kind) = answer.get("raised") {
        return Outcome::Raised(kind.as_str().unwrap().to_string());
    }
    let arrays = answer["arrays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| oracle::unhex(h.as_str().unwrap()))
        .collect();
    Outcome::Value(value(&answer["result"]), arrays)
}

fn value(v: &Value) -> PyValue {
    if v.is_null() {
        return PyValue::None;
    }
    if let Some(items) = v.as_array() {
        return PyValue::Tuple(items.iter().map(value).collect());
    }
    if let Some(i) = v.get("int") {
        return match i.as_i64() {
            Some(i) => PyValue::Int(i),
            None => {
                PyValue::UInt(i.as_u64().unwrap_or_else(|| {
                    panic!("CPython returned {i}, which no 64-bit integer holds")
                }))
            }
        };
    }
    if let Some(b) = v.get("bool") {
        return PyValue::Bool(b.as_bool().unwrap());
    }
    if let Some(x) = v.get("float") {
        return PyValue::Float(float_from_json(x));
    }
    if let Some(parts) = v.get("complex") {
        return PyValue::Complex(float_from_json(&parts[0]), float_from_json(&parts[1]));
    }
    let shape = v["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap() as usize)
        .collect();
    let bytes = oracle::unhex(v["ndarray"].as_str().expect("a value"));
    PyValue::Array(oracle::owned_array(
        oracle::dtype(v["dtype"].as_str().unwrap()),
        shape,
        &bytes,
    ))
}

fn close_f64(x: f64, y: f64, rel: f64) -> bool {
    (x.is_nan() && y.is_nan()) || x == y || (x - y).abs() <= rel * x.abs().max(y.abs())
}

fn close(a: &PyValue, b: &PyValue, rel: f64) -> bool {
    use blackbird::runtime::ArrayData::{self, *};
    match (a, b) {
        (PyValue::Complex(xr, xi), PyValue::Complex(yr, yi)) => {
            close_f64(*xr, *yr, rel) && close_f64(*xi, *yi, rel)
        }
        (PyValue::Float(x), PyValue::Float(y)) => close_f64(*x, *y, rel),
        (PyValue::Tuple(x), PyValue::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| close(p, q, rel))
        }
        (PyValue::Int(x), PyValue::UInt(y)) | (PyValue::UInt(y), PyValue::Int(x)) => {
            i128::from(*x) == i128::from(*y)
        }
        (PyValue::Array(x), PyValue::Array(y)) => {
            // Integer arrays compare exactly.
            let as_ints = |d: &ArrayData| -> Option<Vec<i128>> {
                Some(match d {
                    I64(v) => v.iter().map(|x| i128::from(*x)).collect(),
                    I32(v) => v.iter().map(|x| i128::from(*x)).collect(),
                    I16(v) => v.iter().map(|x| i128::from(*x)).collect(),
                    I8(v) => v.iter().map(|x| i128::from(*x)).collect(),
                    U8(v) => v.iter().map(|x| i128::from(*x)).collect(),
                    U16(v) => v.iter().map(|x| i128::from(*x)).collect(),
                    U32(v) => v.iter().map(|x| i128::from(*x)).collect(),
                    U64(v) => v.iter().map(|x| i128::from(*x)).collect(),
                    F64(_) | F32(_) | Bool(_) => return None,
                })
            };
            if let (Some(p), Some(q)) = (as_ints(&x.data), as_ints(&y.data)) {
                return x.shape == y.shape && p == q;
            }
            let (p, q) = (elements_f64(&x.data), elements_f64(&y.data));
            x.shape == y.shape
                && p.len() == q.len()
                && p.iter().zip(q).all(|(p, q)| close_f64(*p, q, rel))
        }
        _ => a == b,
    }
}

fn elements_f64(d: &blackbird::runtime::ArrayData) -> Vec<f64> {
    use blackbird::runtime::ArrayData::*;
    match d {
        F64(v) => v.to_vec(),
        F32(v) => v.iter().map(|x| *x as f64).collect(),
        I64(v) => v.iter().map(|x| *x as f64).collect(),
        I32(v) => v.iter().map(|x| *x as f64).collect(),
        I16(v) => v.iter().map(|x| *x as f64).collect(),
        I8(v) => v.iter().map(|x| *x as f64).collect(),
        U8(v) => v.iter().map(|x| *x as f64).collect(),
        U16(v) => v.iter().map(|x| *x as f64).collect(),
        U32(v) => v.iter().map(|x| *x as f64).collect(),
        U64(v) => v.iter().map(|x| *x as f64).collect(),
        Bool(v) => v.iter().map(|x| *x as u8 as f64).collect(),
    }
}

/// `tests/programs/{file}` (`file` may climb out: `../../examples/lu.py`).
pub fn program(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/programs")
        .join(file)
}

type Key = (PathBuf, String, String);

thread_local! {
    /// Functions compiled on this thread, by program, name and options: a function is
    /// compiled once for all the checks that call it (once per argument types).
    static FUNCTIONS: RefCell<HashMap<Key, &'static Function<'static>>> = RefCell::new(HashMap::new());
}

/// `function` of `path` with its options changed by `adjust` (see `Module::function_with`),
/// compiled once per thread.
fn compiled(
    path: &Path,
    function: &str,
    adjust: impl Fn(&mut Options),
) -> &'static Function<'static> {
    let mut options = Options::default();
    adjust(&mut options);
    let key = (
        path.to_path_buf(),
        function.to_string(),
        format!("{options:?}"),
    );
    if let Some(f) = FUNCTIONS.with(|m| m.borrow().get(&key).copied()) {
        return f;
    }
    // Every function compiled here counts its heap buffers (see `check_with`).
    blackbird::runtime::count_heap_buffers(true);
    // Leaked: they live as long as the test process.
    let module: &'static Module = Box::leak(Box::new(
        Module::from_file(path).unwrap_or_else(|e| panic!("{}", e.render(None))),
    ));
    let f: &'static Function<'static> = Box::leak(Box::new(
        module
            .function_with(function, adjust)
            .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.render(None))),
    ));
    FUNCTIONS.with(|m| m.borrow_mut().insert(key, f));
    f
}

/// Run `function` of `tests/programs/{file}` on `args` with both, and compare (values within
/// `rel`, relatively).
pub fn check(file: &str, function: &str, args: &[In], rel: f64) {
    check_with(file, function, args, rel, |_| {})
}

/// [`check`] with the function's options changed by `adjust` (see `Module::function_with`).
pub fn check_with(
    file: &str,
    function: &str,
    args: &[In],
    rel: f64,
    adjust: impl Fn(&mut Options),
) {
    let path = program(file);
    let json_args: Vec<Value> = args.iter().map(In::to_json).collect();
    let request = json!({"call": {"file": path, "function": function, "args": json_args}});
    let expected =
        outcome(&oracle::ask(&request).unwrap_or_else(|e| panic!("{file}::{function}: {e}")));
    let f = compiled(&path, function, adjust);
    let mut memory = In::memory(args);
    blackbird::runtime::take_buffer_balance();
    let result = {
        let mut buffers = memory.iter_mut();
        let mut call_args: Vec<_> = args.iter().map(|a| a.arg(&mut buffers)).collect();
        let _watchdog = watchdog(format!("{file}::{function}"), 300);
        f.call(&mut call_args)
    };
    CHECKS.fetch_add(1, Ordering::Relaxed);
    let call = || format!("{file}::{function}({})", brief(args));
    // Compiled code frees every heap buffer it allocated except those its results own, and
    // none twice.
    if let Some(balance) = blackbird::runtime::take_buffer_balance() {
        assert!(
            balance.is_balanced(),
            "{}: {} heap buffers left allocated, {} owned by the results (a leak or a double free)",
            call(),
            balance.left_allocated,
            balance.owned_by_results
        );
    }
    match (expected, result) {
        (Outcome::Raised(kind), Err(Error::Raised { kind: k, .. })) => {
            assert_eq!(kind, k, "{}", call())
        }
        (Outcome::Raised(kind), other) => {
            panic!(
                "{}: CPython raised {kind}, Blackbird gave {other:?}",
                call()
            )
        }
        (Outcome::Value(v, arrays), Ok(got)) => {
            assert!(
                close(&v, &got, rel),
                "{}: CPython {v}, Blackbird {got}",
                call()
            );
            // The arrays' memory after the call, in argument order.
            assert_eq!(arrays.len(), memory.len());
            for (e, g) in arrays.iter().zip(&memory) {
                let (e, g) = (as_f64(g.dtype, e), as_f64(g.dtype, &g.bytes()));
                assert!(
                    e.len() == g.len() && e.iter().zip(&g).all(|(x, y)| close_f64(*x, *y, rel)),
                    "{}: arrays differ after the call: CPython {e:?}, Blackbird {g:?}",
                    call()
                );
            }
        }
        (Outcome::Value(v, _), Err(e)) => panic!(
            "{}: CPython returned {v}, Blackbird failed: {}",
            call(),
            e.render(None)
        ),
    }
}

/// The arguments, shortened for messages.
fn brief(args: &[In]) -> String {
    let text = format!("{args:?}");
    match text.char_indices().nth(400) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// A `# case:` line's calls (see docs/TESTING.md).
pub struct Case {
    pub line: u64,
    pub function: String,
    /// The relative tolerance (`rel=…`; exact without).
    pub rel: f64,
    /// The thread counts it runs with (`threads=1,2`; the default without).
    pub threads: Vec<Option<usize>>,
    pub args: Vec<In>,
}

/// The `# case:` lines of `tests/programs/{file}`, their arguments evaluated by the oracle.
pub fn cases(file: &str) -> Vec<Case> {
    let answer =
        oracle::ask(&json!({ "cases": program(file) })).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut out = vec![];
    for case in answer["cases"].as_array().unwrap() {
        let line = case["line"].as_u64().unwrap();
        let (mut rel, mut threads) = (EXACT, vec![None]);
        for (key, value) in case["options"].as_object().unwrap() {
            let value = value.as_str().unwrap();
            let bad = format!("{file}:{line}: bad option {key}={value}");
            match key.as_str() {
                "rel" => rel = value.parse().expect(&bad),
                "threads" => {
                    threads = value
                        .split(',')
                        .map(|n| Some(n.parse().expect(&bad)))
                        .collect()
                }
                _ => panic!("{bad}"),
            }
        }
        out.push(Case {
            line,
            function: case["function"].as_str().unwrap().to_string(),
            rel,
            threads,
            args: case["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(In::from_json)
                .collect(),
        });
    }
    out
}

/// Check every `# case:` line of `tests/programs/{file}`, with the options changed by `adjust`;
/// the number of checks.
pub fn check_cases(file: &str, adjust: impl Fn(&mut Options)) -> usize {
    let mut count = 0;
    for case in cases(file) {
        for threads in &case.threads {
            let at = format!("{file}:{}", case.line);
            let adjust = |o: &mut Options| {
                adjust(o);
                if threads.is_some() {
                    o.num_threads = *threads;
                }
            };
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check_with(file, &case.function, &case.args, case.rel, adjust)
            }));
            if let Err(e) = checked {
                eprintln!("{at}: this case failed");
                std::panic::resume_unwind(e);
            }
            count += 1;
        }
    }
    count
}
