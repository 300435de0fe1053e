//! Differential tests: each case runs a function of `tests/programs/*.py` compiled by Blackbird
//! and under CPython + NumPy (`tests/support/cpython_oracle.py`) on the same inputs, and
//! compares results, raised exceptions and the arrays' contents after the call. Arrays are also
//! passed as non-contiguous views (`step`).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use blackbird::{Arg, ArrayArg, Error, Module, PyValue};
use ndarray::{ArrayD, IxDyn, SliceInfoElem};

#[path = "support/spread.rs"]
mod spread;
use spread::spread;

#[path = "support/python.rs"]
mod python;
use python::python;

#[derive(Clone)]
enum In {
    I(i64),
    F(f64),
    B(bool),
    /// float64 array of `shape`, viewed with `step` on every axis.
    A {
        data: Vec<f64>,
        shape: Vec<usize>,
        step: isize,
    },
    /// int64 array.
    IA {
        data: Vec<i64>,
        shape: Vec<usize>,
    },
    /// Fortran-ordered float64 array: `data` is the C-order array of the reversed shape, passed
    /// transposed.
    FA {
        data: Vec<f64>,
        shape: Vec<usize>,
    },
    /// A tuple of scalars (or of tuples of them).
    T(Vec<In>),
    /// A uint8 (`signed: false`) or int8 array.
    Small {
        data: Vec<i64>,
        shape: Vec<usize>,
        signed: bool,
    },
    /// A uint16, uint32 or uint64 array (`bits`).
    Wide {
        data: Vec<u64>,
        shape: Vec<usize>,
        bits: u32,
    },
}

/// The storage of an [`In::Small`] array.
enum SmallArray {
    U8(ArrayD<u8>),
    I8(ArrayD<i8>),
    U16(ArrayD<u16>),
    U32(ArrayD<u32>),
    U64(ArrayD<u64>),
}

impl SmallArray {
    fn arg(&mut self) -> Arg<'_> {
        match self {
            SmallArray::U8(a) => Arg::Array(ArrayArg::new(a.view_mut())),
            SmallArray::I8(a) => Arg::Array(ArrayArg::new(a.view_mut())),
            SmallArray::U16(a) => Arg::Array(ArrayArg::new(a.view_mut())),
            SmallArray::U32(a) => Arg::Array(ArrayArg::new(a.view_mut())),
            SmallArray::U64(a) => Arg::Array(ArrayArg::new(a.view_mut())),
        }
    }

    fn as_f64(&self) -> Vec<f64> {
        match self {
            SmallArray::U8(a) => a.iter().map(|x| *x as f64).collect(),
            SmallArray::I8(a) => a.iter().map(|x| *x as f64).collect(),
            SmallArray::U16(a) => a.iter().map(|x| *x as f64).collect(),
            SmallArray::U32(a) => a.iter().map(|x| *x as f64).collect(),
            SmallArray::U64(a) => a.iter().map(|x| *x as f64).collect(),
        }
    }
}

/// A scalar (or tuple of scalars) input as a call argument.
fn literal_arg(a: &In) -> Arg<'static> {
    match a {
        In::I(i) => Arg::Int(*i),
        In::F(x) => Arg::Float(*x),
        In::B(b) => Arg::Bool(*b),
        In::T(items) => Arg::Tuple(items.iter().map(literal_arg).collect()),
        _ => panic!("tuples of scalars only"),
    }
}

fn arr(data: &[f64], shape: &[usize]) -> In {
    In::A {
        data: data.to_vec(),
        shape: shape.to_vec(),
        step: 1,
    }
}

fn strided(data: &[f64], shape: &[usize], step: isize) -> In {
    In::A {
        data: data.to_vec(),
        shape: shape.to_vec(),
        step,
    }
}

fn json_args(args: &[In]) -> String {
    let parts: Vec<String> = args
        .iter()
        .map(|a| match a {
            In::T(items) => {
                let inner = json_args(items);
                format!("{{\"tuple\": {inner}}}")
            }
            In::I(i) => format!("{{\"int\": {i}}}"),
            In::F(f) => format!("{{\"float\": {}}}", json_float(*f)),
            In::B(b) => format!("{{\"bool\": {b}}}"),
            In::A { data, shape, step } => format!("{{\"array\": {}, \"dtype\": \"float64\", \"shape\": {shape:?}, \"step\": {step}}}", json_floats(data)),
            In::IA { data, shape } => format!("{{\"array\": {data:?}, \"dtype\": \"int64\", \"shape\": {shape:?}}}"),
            In::Small { data, shape, signed } => {
                let dtype = if *signed { "int8" } else { "uint8" };
                format!("{{\"array\": {data:?}, \"dtype\": \"{dtype}\", \"shape\": {shape:?}}}")
            }
            In::Wide { data, shape, bits } => {
                format!("{{\"array\": {data:?}, \"dtype\": \"uint{bits}\", \"shape\": {shape:?}}}")
            }
            In::FA { data, shape } => {
                let reversed: Vec<usize> = shape.iter().rev().copied().collect();
                format!("{{\"array\": {}, \"dtype\": \"float64\", \"shape\": {reversed:?}, \"transpose\": true}}", json_floats(data))
            }
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// A float as Python's `json` reads it (`NaN`, `Infinity`, `-Infinity` included).
fn json_float(f: f64) -> String {
    match f {
        f if f.is_nan() => "NaN".into(),
        f if f.is_infinite() => format!("{}Infinity", if f < 0.0 { "-" } else { "" }),
        f => format!("{f:?}"),
    }
}

fn json_floats(data: &[f64]) -> String {
    let items: Vec<String> = data.iter().map(|f| json_float(*f)).collect();
    format!("[{}]", items.join(", "))
}

/// Aborts the test process with a message when it is not dropped within `seconds`: a compiled
/// call that never returns fails the suite instead of hanging it. (The oracle limits itself:
/// `cpython_oracle.py` sets `signal.alarm(120)`.)
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

/// What CPython did: a result and the arrays afterwards, or an exception kind.
enum Outcome {
    Value(PyValue, Vec<Vec<f64>>),
    Raised(String),
}

fn cpython(file: &Path, function: &str, args: &[In]) -> Outcome {
    let mut child = Command::new(python())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/cpython_oracle.py"))
        .arg(file)
        .arg(function)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {}: {e}; run scripts/setup.sh or set BLACKBIRD_PYTHON",
                python().display()
            )
        });
    // The arguments go through standard input: no command-line length limit.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(json_args(args).as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "CPython failed on {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    parse_outcome(stdout.trim())
}

/// A tiny reader for the oracle's JSON (its output shapes are fixed).
fn parse_outcome(s: &str) -> Outcome {
    if let Some(rest) = s.strip_prefix("{\"raised\": \"") {
        return Outcome::Raised(rest.trim_end_matches("\"}").to_string());
    }
    let body = s.strip_prefix("{\"result\": ").expect("oracle output");
    let (result, arrays) = body.split_once(", \"arrays\": ").expect("oracle output");
    let arrays = arrays.trim_end_matches('}');
    let arrays: Vec<Vec<f64>> = if arrays == "[]" {
        vec![]
    } else {
        arrays
            .trim_start_matches("[[")
            .trim_end_matches("]]")
            .split("], [")
            .map(|a| {
                if a.is_empty() {
                    vec![]
                } else {
                    a.split(", ").map(|x| x.parse().unwrap()).collect()
                }
            })
            .collect()
    };
    Outcome::Value(parse_value(&mut result.chars().peekable()), arrays)
}

fn parse_value(it: &mut std::iter::Peekable<std::str::Chars>) -> PyValue {
    let rest: String = it.clone().collect();
    if rest.starts_with("null") {
        it.nth(3);
        return PyValue::None;
    }
    if rest.starts_with('[') {
        it.next();
        let mut items = vec![];
        loop {
            if it.peek() == Some(&']') {
                it.next();
                return PyValue::Tuple(items);
            }
            items.push(parse_value(it));
            if it.peek() == Some(&',') {
                it.next();
                it.next();
            }
        }
    }
    for (key, integers) in [("{\"ndarray_int\": [", true), ("{\"ndarray\": [", false)] {
        if !rest.starts_with(key) {
            continue;
        }
        // {"ndarray": [x, …], "shape": [n, …]}; "ndarray_int" holds integers, exactly.
        let end = rest.find("]}").unwrap() + 2;
        let obj = &rest[..end];
        it.nth(end - 1);
        let (data, shape) = obj[key.len()..].split_once("], \"shape\": [").unwrap();
        let items = data.split(", ").filter(|x| !x.is_empty());
        let shape: Vec<usize> = shape
            .trim_end_matches("]}")
            .split(", ")
            .filter(|x| !x.is_empty())
            .map(|x| x.parse().unwrap())
            .collect();
        use blackbird::runtime::ArrayData;
        let data = match integers {
            true => {
                let ints: Vec<i128> = items.map(|x| x.parse().unwrap()).collect();
                match ints.iter().all(|x| i64::try_from(*x).is_ok()) {
                    true => {
                        ArrayData::I64(ints.iter().map(|x| *x as i64).collect::<Vec<_>>().into())
                    }
                    false => {
                        ArrayData::U64(ints.iter().map(|x| *x as u64).collect::<Vec<_>>().into())
                    }
                }
            }
            false => ArrayData::F64(
                items
                    .map(|x| x.parse().unwrap())
                    .collect::<Vec<f64>>()
                    .into(),
            ),
        };
        return PyValue::Array(blackbird::runtime::OwnedArray { shape, data });
    }
    if let Some(parts) = rest.strip_prefix("{\"complex\": [") {
        // {"complex": ["re", "im"]} (each part's repr)
        let end = parts.find("]}").unwrap();
        it.nth("{\"complex\": [".len() + end + 1);
        let float = |t: &str| match t.trim().trim_matches('"') {
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            "nan" => f64::NAN,
            v => v.parse().unwrap(),
        };
        let (re, im) = parts[..end].split_once(", ").unwrap();
        return PyValue::Complex(float(re), float(im));
    }
    // {"kind": value}
    let end = rest.find('}').unwrap();
    let obj = &rest[1..end];
    it.nth(end);
    let (kind, value) = obj.split_once(": ").unwrap();
    let value = value.trim_matches('"');
    match kind.trim_matches('"') {
        "int" => match value.parse() {
            Ok(i) => PyValue::Int(i),
            Err(_) => PyValue::UInt(value.parse().unwrap()),
        },
        "bool" => PyValue::Bool(value == "true"),
        _ => PyValue::Float(match value {
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            "nan" => f64::NAN,
            v => v.parse().unwrap(),
        }),
    }
}

fn close(a: &PyValue, b: &PyValue, rel: f64) -> bool {
    match (a, b) {
        (PyValue::Complex(xr, xi), PyValue::Complex(yr, yi)) => {
            close(&PyValue::Float(*xr), &PyValue::Float(*yr), rel)
                && close(&PyValue::Float(*xi), &PyValue::Float(*yi), rel)
        }
        (PyValue::Float(x), PyValue::Float(y)) => {
            (x.is_nan() && y.is_nan()) || x == y || (x - y).abs() <= rel * x.abs().max(y.abs())
        }
        (PyValue::Tuple(x), PyValue::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| close(p, q, rel))
        }
        (PyValue::Int(x), PyValue::UInt(y)) | (PyValue::UInt(y), PyValue::Int(x)) => {
            i128::from(*x) == i128::from(*y)
        }
        (PyValue::Array(x), PyValue::Array(y)) => {
            // Integer arrays compare exactly.
            let as_ints = |d: &blackbird::runtime::ArrayData| -> Option<Vec<i128>> {
                use blackbird::runtime::ArrayData::*;
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
            let as_f64 = |d: &blackbird::runtime::ArrayData| -> Vec<f64> {
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
            };
            x.shape == y.shape
                && as_f64(&x.data)
                    .iter()
                    .zip(as_f64(&y.data))
                    .all(|(p, q)| close(&PyValue::Float(*p), &PyValue::Float(q), rel))
        }
        _ => a == b,
    }
}

/// Run `function` of `tests/programs/{file}` (or of `examples/…` when `file` starts with
/// `../../examples/`) on `args` with both, and compare.
fn check(file: &str, function: &str, args: &[In], rel: f64) {
    check_with(file, function, args, rel, |_| {})
}

/// [`check`] with the function's options adjusted (see `Module::function_with`).
fn check_with(
    file: &str,
    function: &str,
    args: &[In],
    rel: f64,
    adjust: impl FnOnce(&mut blackbird::Options),
) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/programs")
        .join(file);
    let expected = cpython(&path, function, args);
    let module = Module::from_file(&path).unwrap_or_else(|e| panic!("{}", e.render(None)));
    let f = module
        .function_with(function, adjust)
        .unwrap_or_else(|e| panic!("{file}: {}", e.render(None)));
    let mut f64_arrays: Vec<ArrayD<f64>> = vec![];
    let mut i64_arrays: Vec<ArrayD<i64>> = vec![];
    let mut small_arrays: Vec<SmallArray> = vec![];
    for a in args {
        match a {
            In::Small {
                data,
                shape,
                signed,
            } => small_arrays.push(match signed {
                true => SmallArray::I8(
                    ArrayD::from_shape_vec(IxDyn(shape), data.iter().map(|x| *x as i8).collect())
                        .unwrap(),
                ),
                false => SmallArray::U8(
                    ArrayD::from_shape_vec(IxDyn(shape), data.iter().map(|x| *x as u8).collect())
                        .unwrap(),
                ),
            }),
            In::Wide { data, shape, bits } => {
                let shape = IxDyn(shape);
                small_arrays.push(match bits {
                    16 => SmallArray::U16(
                        ArrayD::from_shape_vec(shape, data.iter().map(|x| *x as u16).collect())
                            .unwrap(),
                    ),
                    32 => SmallArray::U32(
                        ArrayD::from_shape_vec(shape, data.iter().map(|x| *x as u32).collect())
                            .unwrap(),
                    ),
                    _ => SmallArray::U64(ArrayD::from_shape_vec(shape, data.clone()).unwrap()),
                })
            }
            In::A { data, shape, .. } => {
                f64_arrays.push(ArrayD::from_shape_vec(IxDyn(shape), data.clone()).unwrap())
            }
            In::IA { data, shape } => {
                i64_arrays.push(ArrayD::from_shape_vec(IxDyn(shape), data.clone()).unwrap())
            }
            In::FA { data, shape } => {
                let reversed: Vec<usize> = shape.iter().rev().copied().collect();
                f64_arrays.push(ArrayD::from_shape_vec(IxDyn(&reversed), data.clone()).unwrap())
            }
            _ => {}
        }
    }
    let result = {
        let (mut fa, mut ia) = (f64_arrays.iter_mut(), i64_arrays.iter_mut());
        let mut sa = small_arrays.iter_mut();
        let mut call_args: Vec<Arg> = args
            .iter()
            .map(|a| match a {
                In::I(_) | In::F(_) | In::B(_) | In::T(_) => literal_arg(a),
                In::A { step, shape, .. } => {
                    let info: Vec<SliceInfoElem> = shape
                        .iter()
                        .map(|_| SliceInfoElem::Slice {
                            start: 0,
                            end: None,
                            step: *step,
                        })
                        .collect();
                    Arg::Array(ArrayArg::new(fa.next().unwrap().slice_mut(info.as_slice())))
                }
                In::IA { .. } => Arg::Array(ArrayArg::new(ia.next().unwrap().view_mut())),
                In::Small { .. } | In::Wide { .. } => sa.next().unwrap().arg(),
                In::FA { .. } => {
                    Arg::Array(ArrayArg::new(fa.next().unwrap().view_mut().reversed_axes()))
                }
            })
            .collect();
        let _watchdog = watchdog(format!("{file}::{function}"), 300);
        f.call(&mut call_args)
    };
    match (expected, result) {
        (Outcome::Raised(kind), Err(Error::Raised { kind: k, .. })) => {
            assert_eq!(kind, k, "{file}::{function}")
        }
        (Outcome::Raised(kind), other) => {
            panic!("{file}::{function}: CPython raised {kind}, Blackbird gave {other:?}")
        }
        (Outcome::Value(v, arrays), Ok(got)) => {
            assert!(
                close(&v, &got, rel),
                "{file}::{function}({}): CPython {v}, Blackbird {got}",
                json_args(args)
            );
            // The arrays' contents after the call, in argument order.
            let (mut fa, mut ia) = (f64_arrays.iter(), i64_arrays.iter());
            let mut sa = small_arrays.iter();
            let after: Vec<Vec<f64>> = args
                .iter()
                .filter_map(|a| match a {
                    In::A { .. } | In::FA { .. } => {
                        Some(fa.next().unwrap().iter().copied().collect())
                    }
                    In::IA { .. } => Some(ia.next().unwrap().iter().map(|x| *x as f64).collect()),
                    In::Small { .. } | In::Wide { .. } => Some(sa.next().unwrap().as_f64()),
                    In::I(_) | In::F(_) | In::B(_) | In::T(_) => None,
                })
                .collect();
            assert_eq!(arrays.len(), after.len());
            for (e, g) in arrays.iter().zip(&after) {
                assert!(e.iter().zip(g).all(|(x, y)| x == y || (x.is_nan() && y.is_nan()) || (x - y).abs() <= rel * x.abs().max(y.abs())), "{file}::{function}: arrays differ after the call: CPython {e:?}, Blackbird {g:?}");
            }
        }
        (Outcome::Value(v, _), Err(e)) => panic!(
            "{file}::{function}: CPython returned {v}, Blackbird failed: {}",
            e.render(None)
        ),
    }
}

const EXACT: f64 = 0.0;
const ULPS: f64 = 1e-12;

#[test]
fn scalar_recursion_and_loops() {
    for n in [0, 1, 2, 10, 20] {
        check("fib.py", "fib", &[In::I(n)], EXACT);
    }
    for n in [1, 6, 27, 97] {
        check("while_loop.py", "collatz_steps", &[In::I(n)], EXACT);
    }
    check("module_constants.py", "newton_sqrt", &[In::F(2.0)], ULPS);
    // Mutual recursion: each function typed from the others' base cases.
    for n in [0, 1, 2, 7, 10] {
        check("mutual_recursion.py", "is_even", &[In::I(n)], EXACT);
        check(
            "mutual_recursion.py",
            "rounds",
            &[In::I(n), In::F(1.0)],
            EXACT,
        );
    }
}

#[test]
fn integer_semantics_match_python() {
    // (Python ints do not overflow; int64 wraps as in Numba, so no case overflows here.)
    for (a, b) in [
        (7, 2),
        (7, -3),
        (-7, 3),
        (-7, -3),
        (0, 5),
        (1 << 40, 3),
        (-9, 1),
        (5, -1),
        (i64::MIN + 1, -1),
    ] {
        check("division.py", "divmods", &[In::I(a), In::I(b)], EXACT);
        if a.abs() < 1 << 20 {
            check("int_ops.py", "int_ops", &[In::I(a), In::I(b)], EXACT);
        }
    }
    check("int_ops.py", "int_ops", &[In::I(7), In::I(0)], EXACT);
    check("division.py", "divmods", &[In::I(-7), In::I(0)], EXACT);
}

#[test]
fn float_semantics_match_python() {
    for (a, b) in [
        (7.5, 2.0),
        (7.5, -2.0),
        (-7.5, 2.0),
        (-0.0, 3.0),
        (1e300, 1e-300),
        (5.0, f64::INFINITY),
    ] {
        check("division.py", "fdivmods", &[In::F(a), In::F(b)], ULPS);
    }
    check("division.py", "fdivmods", &[In::F(1.0), In::F(0.0)], EXACT);
    check("division.py", "fdivmods", &[In::F(1.0), In::F(-0.0)], EXACT);
    check("math_calls.py", "polar", &[In::F(3.0), In::F(-4.0)], ULPS);
    check("math_calls.py", "polar", &[In::F(0.0), In::F(0.0)], ULPS);
}

/// Float `//` and `%` at signed zeros, infinities, NaN, the largest and the subnormal values:
/// exactly CPython's (every pair, as scalars) and NumPy's (element by element, a zero divisor
/// included), signed zeros told apart by their reciprocals.
#[test]
fn float_floor_division_and_modulo_at_special_values() {
    let specials = [
        0.0,
        -0.0,
        5.0,
        -5.0,
        1.5,
        -1.5,
        0.1,
        -7.25,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1e300,
        -1e300,
        5e-324,
        -5e-324,
        f64::MAX,
    ];
    let n = specials.len();
    let table = [arr(&specials, &[n]), arr(&specials, &[n])];
    check("division.py", "fdivmod_table", &table, EXACT);
    let a: Vec<f64> = specials
        .iter()
        .flat_map(|x| std::iter::repeat_n(*x, n))
        .collect();
    let b: Vec<f64> = specials.iter().cycle().take(n * n).copied().collect();
    check(
        "division.py",
        "adivmods",
        &[arr(&a, &[n * n]), arr(&b, &[n * n])],
        EXACT,
    );
}

#[test]
fn branches_and_boolean_logic() {
    for x in [-2.5, 0.0, 3.0] {
        check("elif_chain.py", "sign", &[In::F(x)], EXACT);
        check("all_branches_return.py", "relu", &[In::F(x)], EXACT);
    }
    for (x, lo, hi) in [(3, 1, 5.5), (1, 1, 2.0), (7, 1, 5.5)] {
        check(
            "chained_compare.py",
            "in_range",
            &[In::I(x), In::I(lo), In::F(hi)],
            EXACT,
        );
    }
    for (a, b) in [(1, 2.0), (1, -2.0), (-1, -2.0), (0, 0.0)] {
        check(
            "bool_ops.py",
            "both_or_neither",
            &[In::I(a), In::F(b)],
            EXACT,
        );
        check("ternary.py", "absdiff", &[In::I(a), In::F(b)], EXACT);
    }
    check("tuples.py", "swap", &[In::I(3), In::F(1.5)], EXACT);
    // Booleans are numbers in arithmetic, as in Python.
    check("ternary.py", "absdiff", &[In::B(true), In::F(2.5)], EXACT);
    check(
        "bool_ops.py",
        "both_or_neither",
        &[In::B(false), In::F(-1.0)],
        EXACT,
    );
    check("hypot.py", "hypot", &[In::I(3), In::I(4)], 1e-6);
    check("hypot.py", "hypot", &[In::I(1000), In::I(2001)], 1e-6);
}

#[test]
fn arrays_contiguous_and_strided() {
    let v: Vec<f64> = (0..11).map(|i| (i as f64) * 0.75 - 3.0).collect();
    for step in [1, 2, 3] {
        check("sum_loop.py", "sum_loop", &[strided(&v, &[11], step)], ULPS);
        check("tuples.py", "minmax", &[strided(&v, &[11], step)], EXACT);
        check(
            "stdev.py",
            "get_variance",
            &[strided(&v, &[11], step)],
            ULPS,
        );
        check(
            "negative_index.py",
            "ends",
            &[strided(&v, &[11], step)],
            EXACT,
        );
        check(
            "enumerate_zip.py",
            "weighted",
            &[strided(&v, &[11], step), strided(&v, &[11], step)],
            ULPS,
        );
    }
    check(
        "early_return_free.py",
        "count_positive",
        &[arr(&v, &[11])],
        EXACT,
    );
    check(
        "tuples.py",
        "minmax",
        &[In::IA {
            data: vec![5, -3, 8, 0, -7],
            shape: vec![5],
        }],
        EXACT,
    );
}

#[test]
fn arrays_written_in_place() {
    let a: Vec<f64> = (0..12).map(|i| i as f64 - 4.5).collect();
    check(
        "nested_loops.py",
        "matvec",
        &[
            arr(&a, &[3, 4]),
            arr(&[1.0, -2.0, 0.5, 3.0], &[4]),
            arr(&[0.0; 3], &[3]),
        ],
        ULPS,
    );
    // A non-contiguous 2-D view: every other row and column.
    let big: Vec<f64> = (0..30).map(|i| (i * 7 % 11) as f64).collect();
    check(
        "nested_loops.py",
        "matvec",
        &[
            strided(&big, &[5, 6], 2),
            arr(&[1.0, 2.0, 3.0], &[3]),
            arr(&[0.0; 3], &[3]),
        ],
        ULPS,
    );
}

#[test]
fn lu_example_matches_cpython_in_place() {
    for n in [1, 2, 5, 12] {
        let data: Vec<f64> = (0..n * n)
            .map(|k| {
                if k % (n + 1) == 0 {
                    n as f64 + 2.0
                } else {
                    ((k * 7) % 5) as f64 - 2.0
                }
            })
            .collect();
        check("../../examples/lu.py", "lu", &[arr(&data, &[n, n])], 1e-12);
    }
    // A non-contiguous view: every other row and column of a 12x12 matrix.
    let big: Vec<f64> = (0..144)
        .map(|k| {
            if k % 13 == 0 {
                20.0
            } else {
                ((k * 11) % 7) as f64
            }
        })
        .collect();
    check(
        "../../examples/lu.py",
        "lu",
        &[strided(&big, &[12, 12], 2)],
        1e-12,
    );
}

#[test]
fn slicing_views_and_broadcasting_match_numpy() {
    let v: Vec<f64> = (0..10).map(|i| i as f64 * 1.5 - 4.0).collect();
    for (i, step) in [(3, 1), (0, 1), (9, 2), (-2, 1), (20, 3)] {
        check(
            "slice_semantics.py",
            "slice_sums",
            &[strided(&v, &[10], step), In::I(i)],
            ULPS,
        );
    }
    let m: Vec<f64> = (0..12).map(|i| i as f64).collect();
    check(
        "slice_semantics.py",
        "row_ops",
        &[arr(&m, &[3, 4]), arr(&[1.0, 2.0, 3.0, 4.0], &[4])],
        ULPS,
    );
    check(
        "slice_semantics.py",
        "row_ops",
        &[strided(&m, &[3, 4], 2), arr(&[1.0, -1.0], &[2])],
        ULPS,
    );
}

#[test]
fn arrays_returned_fresh_or_as_views() {
    let v: Vec<f64> = (0..6).map(|i| i as f64 - 2.0).collect();
    let w: Vec<f64> = (0..4).map(|i| i as f64 * 0.5).collect();
    check(
        "multidim.py",
        "outer_add",
        &[arr(&v, &[6]), arr(&w, &[4])],
        ULPS,
    );
    check(
        "multidim.py",
        "outer_add",
        &[strided(&v, &[6], 2), strided(&w, &[4], 3)],
        ULPS,
    );
    let a: Vec<f64> = (0..12).map(|i| i as f64).collect();
    check(
        "aug_assign_array.py",
        "scale_rows",
        &[arr(&a, &[3, 4]), arr(&[2.0, -1.0, 0.5], &[3])],
        ULPS,
    );
    check(
        "slice_semantics.py",
        "tail_view",
        &[arr(&v, &[6]), In::I(2)],
        EXACT,
    );
}

#[test]
fn numpy_creation_reductions_and_ufuncs() {
    let v: Vec<f64> = (0..9).map(|i| ((i * 5) % 7) as f64 * 0.5 - 1.0).collect();
    check("numpy_functions.py", "stats", &[arr(&v, &[9])], 1e-12);
    check(
        "numpy_functions.py",
        "stats",
        &[strided(&v, &[9], 2)],
        1e-12,
    );
    for n in [1, 4, 7] {
        check("numpy_functions.py", "creations", &[In::I(n)], EXACT);
    }
    let m: Vec<f64> = (0..12).map(|i| i as f64 - 5.5).collect();
    check(
        "numpy_functions.py",
        "normalized",
        &[arr(&m, &[3, 4])],
        1e-12,
    );
    check(
        "numpy_functions.py",
        "normalized",
        &[strided(&m, &[3, 4], 2)],
        1e-12,
    );
}

#[test]
fn loops_with_break_and_continue() {
    let v: Vec<f64> = vec![-1.0, 0.5, 3.0, -2.0, 7.0, 1.0];
    for t in [-5.0, 0.0, 2.0, 6.5, 100.0] {
        check(
            "searching.py",
            "first_above",
            &[arr(&v, &[6]), In::F(t)],
            EXACT,
        );
        check(
            "searching.py",
            "first_above",
            &[strided(&v, &[6], 2), In::F(t)],
            EXACT,
        );
    }
    check(
        "break_continue.py",
        "first_negative",
        &[arr(&[1.0, 2.0], &[2])],
        EXACT,
    );
    check(
        "break_continue.py",
        "first_negative",
        &[arr(&[-1.0, 2.0], &[2])],
        EXACT,
    );
    for target in [0, 3, 5, 100] {
        check(
            "searching.py",
            "find_pair",
            &[
                In::IA {
                    data: vec![1, 2, -1, 4, 3, 2],
                    shape: vec![6],
                },
                In::I(target),
            ],
            EXACT,
        );
    }
}

#[test]
fn numpy_where_minimum_arg_and_transpose() {
    let a: Vec<f64> = vec![0.5, -1.0, 3.0, 3.0, -2.0, 0.0];
    let b: Vec<f64> = vec![1.0, -1.5, 2.0, 4.0, -2.0, -0.5];
    check(
        "numpy_more.py",
        "picks",
        &[arr(&a, &[6]), arr(&b, &[6])],
        1e-12,
    );
    check(
        "numpy_more.py",
        "picks",
        &[strided(&a, &[6], 2), strided(&b, &[6], 2)],
        1e-12,
    );
    let m: Vec<f64> = (0..12).map(|i| i as f64 * 0.5).collect();
    check(
        "numpy_more.py",
        "transposed_sum",
        &[arr(&m, &[3, 4])],
        1e-12,
    );
    check(
        "numpy_more.py",
        "transposed_sum",
        &[strided(&m, &[3, 4], 2)],
        1e-12,
    );
}

#[test]
fn returns_from_inside_loops() {
    let v: Vec<f64> = vec![3.0, 1.0, 4.0, 1.0, 5.0, 9.0];
    for x in [3.0, 1.0, 9.0, 7.0] {
        check(
            "loop_returns.py",
            "first_index",
            &[arr(&v, &[6]), In::F(x)],
            EXACT,
        );
        check(
            "loop_returns.py",
            "first_index",
            &[strided(&v, &[6], 2), In::F(x)],
            EXACT,
        );
    }
    check(
        "early_return.py",
        "index_of",
        &[arr(&v, &[6]), In::F(4.0)],
        EXACT,
    );
    for (data, limit) in [
        (vec![1, 2, 3], 10),
        (vec![5, 6, 7, -1], 10),
        (vec![5, 20, -1], 10),
        (vec![], 3),
        (vec![-5], 0),
    ] {
        let n = data.len();
        check(
            "loop_returns.py",
            "classify",
            &[
                In::IA {
                    data,
                    shape: vec![n],
                },
                In::I(limit),
            ],
            EXACT,
        );
    }
}

#[test]
fn loops_leave_early_as_python_does() {
    let file = "loop_exits.py";
    for n in [0, 1, 50, 99, 100] {
        check(file, "first_square_above", &[In::I(n)], EXACT);
        check(file, "break_continue_while", &[In::I(n)], EXACT);
    }
    let m: Vec<f64> = (0..12).map(|i| ((i * 7) % 12) as f64 / 12.0).collect();
    for threshold in [0.9, 0.5, 0.0, 2.0] {
        check(
            file,
            "find_in_matrix",
            &[arr(&m, &[3, 4]), In::F(threshold)],
            EXACT,
        );
        check(
            file,
            "find_in_matrix",
            &[strided(&m, &[3, 4], 2), In::F(threshold)],
            EXACT,
        );
    }
    let v = vec![1.0, 2.0, 3.0, 4.0, -1.0, 6.0];
    for x in [1.0, 4.0, 6.0, 7.0] {
        check(file, "while_search", &[arr(&v, &[6]), In::F(x)], EXACT);
        check(file, "while_return", &[arr(&v, &[6]), In::F(x)], EXACT);
    }
    check(file, "condition_guarded", &[arr(&v, &[6])], EXACT);
    check(file, "condition_guarded", &[arr(&v[..4], &[4])], EXACT);
    check(file, "condition_guarded", &[strided(&v, &[6], 2)], EXACT);
    for n in [0, 5, 12, 30] {
        check(file, "deep_return", &[In::I(n)], EXACT);
        for flag in [true, false] {
            check(
                file,
                "return_in_branch_loop",
                &[In::I(n), In::B(flag)],
                EXACT,
            );
        }
    }
    for (n, m) in [(-1, 1), (3, 2), (3, -2), (0, 0)] {
        check(file, "nested_ifs_then_while", &[In::I(n), In::I(m)], EXACT);
    }
    for n in [1, 2, 7, 27] {
        check(file, "collatz_steps", &[In::I(n)], EXACT);
    }
    check(file, "grow", &[arr(&v, &[6])], EXACT);
    check(file, "grow", &[strided(&v, &[6], 2)], EXACT);
}

#[test]
fn arrays_flow_out_of_branches_and_loops_with_python_aliasing() {
    let file = "array_control_flow.py";
    let v = vec![1.0, 2.0, 3.0, -0.5, 4.0, 0.25];
    let inputs = [arr(&v, &[6]), strided(&v, &[6], 2)];
    for a in &inputs {
        for flag in [true, false] {
            for f in ["branch_arr", "branch_alias", "views_out"] {
                check(file, f, &[a.clone(), In::B(flag)], 1e-12);
            }
        }
        for n in [0, 1, 2, 3, 7] {
            for f in [
                "iterate",
                "iterate_arg",
                "swap",
                "alias_two",
                "cond_update",
                "with_break",
                "with_continue",
                "nested",
                "early_ret",
            ] {
                check(file, f, &[a.clone(), In::I(n)], 1e-12);
            }
        }
        check(file, "while_shrink", std::slice::from_ref(a), 1e-12);
        check(file, "while_break", std::slice::from_ref(a), 1e-12);
        check(file, "while_ret", std::slice::from_ref(a), 1e-12);
        for tol in [0.01, 1e-300] {
            check(file, "solve", &[a.clone(), In::F(tol)], 1e-12);
        }
    }
    let m: Vec<f64> = (0..48).map(|i| ((i * 7) % 12) as f64 / 12.0).collect();
    for matrix in [arr(&m[..12], &[3, 4]), strided(&m, &[6, 8], 2)] {
        for t in [0.0, 0.5, 0.9, 2.0] {
            check(file, "first_row_above", &[matrix.clone(), In::F(t)], EXACT);
            check(file, "row_view", &[matrix.clone(), In::F(t)], EXACT);
        }
    }
}

#[test]
fn array_temporaries_in_while_conditions() {
    let v: Vec<f64> = (0..8).map(|i| i as f64).collect();
    check("while_arrays.py", "shrink", &[arr(&v, &[8])], EXACT);
    check("while_arrays.py", "shrink", &[strided(&v, &[8], 3)], EXACT);
}

#[test]
fn matrix_products() {
    let a: Vec<f64> = (0..12).map(|i| (i % 5) as f64 - 1.5).collect();
    let b: Vec<f64> = (0..8).map(|i| i as f64 * 0.25).collect();
    check(
        "products.py",
        "chain3",
        &[arr(&a, &[3, 4]), arr(&b, &[4, 2]), arr(&[1.0, -1.0], &[2])],
        1e-12,
    );
    let v: Vec<f64> = vec![1.0, 2.0, -3.0];
    let m: Vec<f64> = (0..12).map(|i| i as f64 - 6.0).collect();
    check(
        "products.py",
        "dots",
        &[arr(&v, &[3]), arr(&m, &[3, 4])],
        1e-12,
    );
    check(
        "products.py",
        "dots",
        &[
            strided(&[1.0, 0.0, 2.0, 0.0, -3.0, 0.0], &[6], 2),
            arr(&m, &[3, 4]),
        ],
        1e-12,
    );
    // Contractions of 1..=17 terms (eight partial sums and a remainder loop).
    for k in 1..=17 {
        let a: Vec<f64> = (0..5 * k)
            .map(|i| ((i * 7) % 11) as f64 * 0.37 - 1.5)
            .collect();
        let b: Vec<f64> = (0..k * 6)
            .map(|i| ((i * 5) % 13) as f64 * 0.21 - 1.0)
            .collect();
        let x: Vec<f64> = (0..6).map(|i| i as f64 * 0.5 - 1.0).collect();
        check(
            "products.py",
            "chain3",
            &[arr(&a, &[5, k]), arr(&b, &[k, 6]), arr(&x, &[6])],
            1e-12,
        );
        let v: Vec<f64> = (0..k).map(|i| i as f64 * 0.75 - 2.0).collect();
        let m: Vec<f64> = (0..k * 3).map(|i| (i % 4) as f64 - 1.25).collect();
        check(
            "products.py",
            "dots",
            &[arr(&v, &[k]), arr(&m, &[k, 3])],
            1e-12,
        );
    }
    // Products large enough to run their rows on threads (at least 2^16 multiply-adds
    // each: matrix-vector, vector-matrix and matrix-matrix), at 1 to 3 threads, contiguous
    // and strided.
    {
        let (n, k, m) = (300, 260, 280);
        let wave = |len: usize, f: usize| -> Vec<f64> {
            (0..len)
                .map(|i| ((i * f % 101) as f64 - 50.0) / 16.0)
                .collect()
        };
        let (a, b, x) = (wave(n * k, 7), wave(k * m, 11), wave(m, 13));
        for threads in [1, 2, 3] {
            let t = |o: &mut blackbird::Options| o.num_threads = Some(threads);
            check_with(
                "products.py",
                "chain3",
                &[arr(&a, &[n, k]), arr(&b, &[k, m]), arr(&x, &[m])],
                1e-12,
                t,
            );
            check_with(
                "products.py",
                "chain3",
                &[
                    arr(&a, &[n, k]),
                    arr(&b, &[k, m]),
                    strided(&wave(2 * m, 3), &[2 * m], 2),
                ],
                1e-12,
                t,
            );
            check_with(
                "products.py",
                "dots",
                &[arr(&x[..k], &[k]), arr(&b, &[k, m])],
                1e-12,
                t,
            );
        }
    }
    // Matrix-matrix and vector-matrix products around the 4 x 8 register blocks: whole
    // blocks, rows below them, columns beside them, empty contractions; contiguous and with
    // strided rows of B (summed element by element). Quarters: every sum is exact in any
    // order, so the results must equal NumPy's bit for bit.
    let wave = |len: usize| -> Vec<f64> {
        (0..len)
            .map(|i| ((i * 37 % 23) as f64 - 11.0) * 0.25)
            .collect()
    };
    for (n, k, m) in [
        (4, 3, 8),
        (5, 7, 9),
        (9, 1, 17),
        (3, 0, 8),
        (8, 13, 16),
        (1, 5, 7),
    ] {
        let (a, b) = (wave(n * k), wave(k * m + 5));
        check(
            "products.py",
            "product",
            &[arr(&a, &[n, k]), arr(&b[..k * m], &[k, m])],
            EXACT,
        );
        check(
            "products.py",
            "product",
            &[arr(&a[..k], &[k]), arr(&b[..k * m], &[k, m])],
            EXACT,
        );
        let doubled = wave(4 * k * m);
        check(
            "products.py",
            "product",
            &[arr(&a, &[n, k]), strided(&doubled, &[2 * k, 2 * m], 2)],
            EXACT,
        );
    }
    // `@` of two vectors (a scalar), row by row.
    let rows: Vec<f64> = (0..12).map(|i| (i % 5) as f64 - 1.5).collect();
    check(
        "products.py",
        "row_dots",
        &[arr(&rows, &[3, 4]), arr(&[0.5, -1.0, 2.0, 0.25], &[4])],
        EXACT,
    );
    // Mismatched inner dimensions raise ValueError, as NumPy does.
    check(
        "products.py",
        "chain3",
        &[arr(&a, &[3, 4]), arr(&a, &[3, 4]), arr(&[1.0, -1.0], &[2])],
        EXACT,
    );
}

/// Whether the CPU fuses a multiplication and an addition (the JIT compiles for the host).
fn cpu_has_fma() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("fma");
    #[cfg(target_arch = "aarch64")]
    return true;
    #[allow(unreachable_code)]
    false
}

/// Products multiply-add fused where the CPU can, as BLAS kernels do: `-1 * 1 + (1 + e)(1 - e)`
/// is `-e²` rounded once (fused), but `0` when the product `1 - e²` is rounded to `1` first.
/// Every kernel: vector·vector, matrix·vector rows, vector·matrix and matrix·matrix blocks
/// (4 × 8) and the elements beside them.
#[test]
fn matrix_products_multiply_add_fused_where_the_cpu_can() {
    let e = 2f64.powi(-30);
    let fused = match cpu_has_fma() {
        true => -e * e,
        false => 0.0,
    };
    let module = Module::from_source(
        "from numba import njit\n\n@njit\ndef mm(a, b):\n    return a @ b\n",
        "mm.py",
    )
    .unwrap();
    let mm = module.function("mm").unwrap();
    let mut row = ndarray::Array2::<f64>::zeros((5, 2));
    row.column_mut(0).fill(-1.0);
    row.column_mut(1).fill(1.0 + e);
    let mut column = ndarray::Array2::<f64>::zeros((2, 9));
    column.row_mut(0).fill(1.0);
    column.row_mut(1).fill(1.0 - e);
    let bits = |v: PyValue| -> Vec<u64> {
        match v {
            PyValue::Float(f) => vec![f.to_bits()],
            PyValue::Array(a) => match &a.data {
                blackbird::runtime::ArrayData::F64(values) => {
                    values.iter().map(|f| f.to_bits()).collect()
                }
                other => panic!("float64, got {other:?}"),
            },
            other => panic!("a float or an array, got {other:?}"),
        }
    };
    let mut cases: Vec<(ArrayD<f64>, ArrayD<f64>, usize)> = vec![
        (
            row.row(0).to_owned().into_dyn(),
            column.column(0).to_owned().into_dyn(),
            1,
        ),
        (
            row.clone().into_dyn(),
            column.column(0).to_owned().into_dyn(),
            5,
        ),
        (
            row.row(0).to_owned().into_dyn(),
            column.clone().into_dyn(),
            9,
        ),
        (row.clone().into_dyn(), column.clone().into_dyn(), 45),
    ];
    for (a, b, count) in &mut cases {
        let result = mm
            .call(&mut [
                Arg::Array(ArrayArg::new(a.view_mut())),
                Arg::Array(ArrayArg::new(b.view_mut())),
            ])
            .unwrap();
        assert_eq!(bits(result), vec![fused.to_bits(); *count], "{a} @ {b}");
    }
}

#[test]
fn more_numpy_functions_at_special_values() {
    let file = "numpy_more_functions.py";
    let special = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        0.0,
        1.5,
        -2.5,
        3.75,
    ];
    check(file, "elementwise_extras", &[arr(&special, &[8])], EXACT);
    let matrix = arr(&[0.0, 1.0, -2.0, 0.5, 0.75, 3.0], &[2, 3]);
    check(
        file,
        "truth_reductions",
        &[arr(&special, &[8]), matrix.clone()],
        EXACT,
    );
    check(file, "truth_reductions", &[arr(&[], &[0]), matrix], EXACT);
    // Other sizes that differ: NumPy's ValueError.
    let rows = |n: usize, m: usize| arr(&vec![1.5; n * m], &[n, m]);
    check(file, "joined_rows", &[rows(2, 3), rows(1, 3)], EXACT);
    check(file, "joined_rows", &[rows(2, 3), rows(2, 4)], EXACT);
    // A shape that holds another number of elements: NumPy's ValueError.
    check(
        file,
        "reshapes",
        &[arr(&[1.0, 2.0], &[2]), rows(4, 3)],
        EXACT,
    );
    check(
        file,
        "reshapes",
        &[arr(&[1.0, 2.0], &[2]), rows(3, 3)],
        EXACT,
    );
    check(file, "scalar_conversions", &[In::F(-0.0)], EXACT);
    check(file, "scalar_conversions", &[In::F(-3.75)], EXACT);
    // Python's max/min keep a NaN met first and skip later ones; empty vectors raise.
    check(
        file,
        "python_extremes",
        &[arr(&[f64::NAN, 1.0, 3.0, -2.0], &[4])],
        EXACT,
    );
    check(
        file,
        "python_extremes",
        &[arr(&[1.0, f64::NAN, 3.0, -2.0], &[4])],
        EXACT,
    );
    check(file, "python_extremes", &[arr(&[], &[0])], EXACT);
    check(file, "int_powers", &[In::I(3), In::I(5)], EXACT);
    check(file, "int_powers", &[In::I(0), In::I(0)], EXACT);
    let ints = In::IA {
        data: vec![7, -3, 12, 0],
        shape: vec![4],
    };
    check(file, "int_array_powers", &[ints.clone(), In::I(5)], EXACT);
    check(file, "int_array_powers", &[ints, In::I(-2)], EXACT);
    let square: Vec<f64> = (0..16).map(|i| i as f64 - 7.5).collect();
    for k in [-5, -1, 0, 2, 4] {
        check(file, "triangles", &[arr(&square, &[4, 4]), In::I(k)], EXACT);
    }
    // A negative integer exponent: NumPy's ValueError (Python's result would be a float).
    let module = Module::from_file(Path::new("tests/programs/numpy_more_functions.py")).unwrap();
    let powers = module.function("int_powers").unwrap();
    match powers.call(&mut [Arg::Int(2), Arg::Int(-6)]) {
        Err(Error::Raised { kind, message, .. }) => {
            assert_eq!(kind, "ValueError");
            assert!(message.contains("negative integer powers"), "{message}");
        }
        other => panic!("expected ValueError, got {other:?}"),
    }
}

#[test]
fn reductions_along_an_axis() {
    let m: Vec<f64> = (0..12).map(|i| ((i * 7) % 5) as f64 - 1.5).collect();
    check("axis_reductions.py", "per_axis", &[arr(&m, &[3, 4])], 1e-12);
    check(
        "axis_reductions.py",
        "per_axis",
        &[strided(&m, &[3, 4], 2)],
        1e-12,
    );
    check(
        "axis_reductions.py",
        "int_columns",
        &[In::IA {
            data: vec![1, 2, 3, -4, 5, 6],
            shape: vec![2, 3],
        }],
        EXACT,
    );
    let mut with_nan = m.clone();
    with_nan[5] = f64::NAN;
    for f in [
        "row_variance",
        "column_std",
        "argmin_columns",
        "argmax_rows",
        "per_axis",
    ] {
        for input in [
            arr(&m, &[3, 4]),
            arr(&m, &[4, 3]),
            strided(&m, &[3, 4], 2),
            arr(&with_nan, &[3, 4]),
            // An empty axis: NaN variances, ValueError for argmin/argmax.
            arr(&[], &[0, 3]),
            arr(&[], &[3, 0]),
        ] {
            check("axis_reductions.py", f, &[input], 1e-12);
        }
    }
    let cube: Vec<f64> = (0..24).map(|i| ((i * 5) % 7) as f64).collect();
    check(
        "axis_reductions.py",
        "argmin_middle",
        &[arr(&cube, &[2, 3, 4])],
        EXACT,
    );
    let mut cube_nan: Vec<f64> = cube.iter().map(|x| x * 0.37 - 1.0).collect();
    for input in [
        arr(&cube_nan, &[2, 3, 4]),
        strided(&cube_nan, &[2, 3, 4], 2),
    ] {
        check("axis_reductions.py", "extremes_3d", &[input], 1e-12);
    }
    cube_nan[7] = f64::NAN;
    check(
        "axis_reductions.py",
        "extremes_3d",
        &[arr(&cube_nan, &[2, 3, 4])],
        1e-12,
    );
    check(
        "axis_reductions.py",
        "int_extremes",
        &[In::IA {
            data: vec![1, -2, 3, -4, 5, 6, 5, -4, 3],
            shape: vec![3, 3],
        }],
        EXACT,
    );
    check(
        "axis_reductions.py",
        "int_spread",
        &[In::IA {
            data: vec![1, 2, 3, -4, 5, 6, 5, -4, 3],
            shape: vec![3, 3],
        }],
        1e-12,
    );
}

#[test]
fn uint8_and_int8_arrays_read_their_bits_as_numpy_does() {
    let bytes = |data: &[i64], signed: bool| In::Small {
        data: data.to_vec(),
        shape: vec![data.len()],
        signed,
    };
    let a = [250, 3, 128, 7, 0, 255, 129];
    let b = [10, 200, 3, 7, 1, 2, 255];
    check(
        "small_ints.py",
        "ops",
        &[bytes(&a, false), bytes(&b, false)],
        EXACT,
    );
    // Division by a zero element: NumPy's 0 (with a warning), no exception.
    check(
        "small_ints.py",
        "ops",
        &[bytes(&b, false), bytes(&a, false)],
        EXACT,
    );
    for i in 0..6 {
        check(
            "small_ints.py",
            "scalars",
            &[bytes(&b, false), In::I(i)],
            EXACT,
        );
    }
    check(
        "small_ints.py",
        "scalars",
        &[bytes(&a, false), In::I(0)],
        EXACT,
    );
    let values: Vec<f64> = (0..256).map(|i| i as f64 * 0.5).collect();
    for idx in [0, 127, 128, 200, 255] {
        check(
            "small_ints.py",
            "index_with",
            &[arr(&values, &[256]), bytes(&[idx], false)],
            EXACT,
        );
    }
    let signed = [-5, 127, -128, 3, -1];
    for (data, signed) in [
        (vec![250, 3, 128, 7, 0, 255, 129, 1, 200], false),
        (vec![-6, 3, -128, 7, 0, -1, 127, 1, -56], true),
    ] {
        let grid = In::Small {
            data,
            shape: vec![3, 3],
            signed,
        };
        check("small_ints.py", "column_extremes", &[grid], EXACT);
    }
    check("small_ints.py", "total", &[bytes(&a, false)], EXACT);
    check("small_ints.py", "total", &[bytes(&signed, true)], EXACT);
    check(
        "small_ints.py",
        "scale_in_place",
        &[bytes(&a, false), In::I(3)],
        EXACT,
    );
    check(
        "small_ints.py",
        "scale_in_place",
        &[bytes(&signed, true), In::I(3)],
        EXACT,
    );
}

#[test]
fn shape_errors_stop_before_any_loop_runs() {
    // Compiled code runs on to the function's end after raising: loops over the sizes that
    // failed their check must not run (a 10 000 000-element loop reading a 5-element array
    // crashed the process).
    let small = arr(&[1.0; 5], &[5]);
    let big = arr(&vec![0.0; 10_000_000], &[10_000_000]);
    let mut five = vec![small.clone(); 4];
    five.push(big.clone());
    check("fused_expressions.py", "fused", &five, EXACT);
    five.rotate_right(1);
    check("fused_expressions.py", "fused", &five, EXACT);
    check(
        "fused_expressions.py",
        "assign",
        &[small.clone(), big.clone()],
        EXACT,
    );
    check(
        "fused_expressions.py",
        "assign",
        &[big.clone(), small.clone()],
        EXACT,
    );
    check(
        "products.py",
        "chain3",
        &[
            arr(&vec![0.0; 10_000_000], &[1, 10_000_000]),
            arr(&[1.0; 8], &[4, 2]),
            arr(&[1.0, 2.0], &[2]),
        ],
        EXACT,
    );
    check(
        "products.py",
        "product",
        &[big, arr(&[1.0; 8], &[4, 2])],
        EXACT,
    );
}

/// Inputs for one parameter type: a few values, including non-contiguous views for arrays
/// whose signature allows any layout.
fn inputs_for(
    ctx: &blackbird::dialects::ir::Context,
    t: blackbird::dialects::ir::Type,
    seed: usize,
) -> Vec<In> {
    use blackbird::dialects::ir::{ArrayLayout, TypeKind};
    match ctx.type_kind(t) {
        TypeKind::Int { width: 1, .. } => vec![In::B(seed % 2 == 0), In::B(seed % 2 == 1)],
        // Small non-negative integers stay valid indices of the generated arrays (indexing is
        // unchecked without boundscheck, as in Numba); negative values are tested explicitly.
        TypeKind::Int { .. } => vec![In::I(2), In::I(1), In::I(3)],
        TypeKind::Float(_) => vec![In::F(2.5 + seed as f64), In::F(-1.25), In::F(0.75)],
        TypeKind::PyArray { elem, rank, layout } => {
            let shape: Vec<usize> = match rank {
                1 => vec![7],
                2 => vec![4, 5],
                _ => vec![2, 3, 4],
            };
            let n: usize = shape.iter().product();
            let values: Vec<f64> = (0..n)
                .map(|i| (((i + seed) * 37 % 11) as f64 - 4.0) * 0.5 + 0.25)
                .collect();
            if ctx.type_kind(*elem).is_integer() {
                let ints: Vec<i64> = values.iter().map(|v| (v * 2.0) as i64).collect();
                return vec![In::IA { data: ints, shape }];
            }
            if *layout == ArrayLayout::F {
                return vec![In::FA {
                    data: values,
                    shape,
                }];
            }
            let mut out = vec![In::A {
                data: values.clone(),
                shape: shape.clone(),
                step: 1,
            }];
            if *layout == ArrayLayout::A {
                let big: Vec<usize> = shape.iter().map(|d| 2 * d).collect();
                let m: usize = big.iter().product();
                let data: Vec<f64> = (0..m)
                    .map(|i| ((i * 13 % 17) as f64 - 8.0) * 0.25 + 0.125)
                    .collect();
                out.push(In::A {
                    data,
                    shape: big,
                    step: 2,
                });
            }
            out
        }
        // Tuples of scalars: the items' inputs side by side.
        TypeKind::Tuple(items) => {
            let per_item: Vec<Vec<In>> = items.iter().map(|t| inputs_for(ctx, *t, seed)).collect();
            let literal = |x: &In| matches!(x, In::I(_) | In::F(_) | In::B(_) | In::T(_));
            if per_item
                .iter()
                .any(|v| v.is_empty() || !v.iter().all(literal))
            {
                return vec![];
            }
            let n = per_item.iter().map(Vec::len).max().unwrap_or(1);
            (0..n)
                .map(|j| In::T(per_item.iter().map(|v| v[j % v.len()].clone()).collect()))
                .collect()
        }
        _ => vec![],
    }
}

#[test]
fn every_program_runs_differentially_on_generated_inputs() {
    use blackbird::dialects::ir::{Context, TypeKind};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (mut checked, mut skipped) = (0, vec![]);
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let mut ctx = Context::new();
        let program = blackbird::lower_python(&mut ctx, &source, &file).unwrap();
        // (function, signature type, signature text: None for the eager signature)
        let mut requests: Vec<(String, blackbird::dialects::ir::Type, Option<String>)> = vec![];
        for line in source.lines() {
            if let Some(rest) = line.strip_prefix("# sig: ") {
                let (f, sig) = rest.split_once(' ').unwrap();
                requests.push((
                    f.to_string(),
                    blackbird::frontend::parse_signature(&mut ctx, sig).unwrap(),
                    Some(sig.to_string()),
                ));
            }
        }
        for f in &program.functions {
            let njit = f.decorator.as_ref().is_some_and(|d| {
                matches!(
                    d.kind,
                    blackbird::frontend::DecoratorKind::Jit
                        | blackbird::frontend::DecoratorKind::Njit
                )
            });
            if let (true, Some(sig)) = (
                njit,
                f.decorator.as_ref().and_then(|d| d.signatures.first()),
            ) {
                requests.push((f.name.clone(), *sig, None));
            }
        }
        for (function, sig, text) in requests {
            let TypeKind::Function { inputs, .. } = ctx.type_kind(sig).clone() else {
                unreachable!()
            };
            // GPU kernels run in tests/gpu.rs (on a machine with a GPU).
            let kernel = program
                .function(&function)
                .and_then(|f| f.decorator.as_ref())
                .is_some_and(|d| d.options.gpu.is_some());
            if kernel {
                continue;
            }
            if blackbird::dump(&source, &file, &function, "loop", text.as_deref()).is_err() {
                skipped.push(format!("{file}::{function}"));
                continue;
            }
            let f32_involved = inputs
                .iter()
                .any(|t| blackbird::dialects::ir::type_to_string(&ctx, *t).contains("f32"))
                || source.contains("float32");
            let rel = if f32_involved { 1e-5 } else { 1e-9 };
            let choices: Vec<Vec<In>> = inputs
                .iter()
                .enumerate()
                .map(|(i, t)| inputs_for(&ctx, *t, i))
                .collect();
            if choices.iter().any(|c| c.is_empty()) {
                skipped.push(format!("{file}::{function}"));
                continue;
            }
            // Each input position cycles through its choices (a diagonal, not the product).
            let rounds = choices.iter().map(|c| c.len()).max().unwrap_or(1);
            for r in 0..rounds {
                let args: Vec<In> = choices.iter().map(|c| c[r % c.len()].clone()).collect();
                check(&format!("{file}"), &function, &args, rel);
                checked += 1;
            }
        }
    }
    eprintln!("checked {checked} calls; not compiled yet: {skipped:?}");
    assert!(checked >= 60, "only {checked} differential calls ran");
}

#[test]
fn linspace_and_eye() {
    for n in [1, 2, 5, 50] {
        check("numpy_functions.py", "grids", &[In::I(n)], 1e-12);
    }
}

#[test]
fn vectorize_applies_elementwise_with_broadcasting() {
    let pos: Vec<f64> = vec![1.0, 10.0, 100.0, 0.5, 3.0, 7.5];
    check(
        "vectorize_log10.py",
        "log10_ufunc",
        &[arr(&pos, &[6])],
        1e-12,
    );
    check(
        "vectorize_log10.py",
        "log10_ufunc",
        &[strided(&pos, &[6], 2)],
        1e-12,
    );
    check(
        "vectorize_log10.py",
        "log10_ufunc",
        &[arr(&pos, &[2, 3])],
        1e-12,
    );
    check("vectorize_log10.py", "log10_ufunc", &[In::F(1000.0)], 1e-12);
    check(
        "vectorize_log10.py",
        "log10_ufunc",
        &[In::IA {
            data: vec![1, 10, 1000],
            shape: vec![3],
        }],
        1e-12,
    );
    // Two inputs broadcast together: (3, 1) with (4,) gives (3, 4); a scalar broadcasts too.
    let col: Vec<f64> = vec![1.0, -2.0, 3.5];
    let row: Vec<f64> = vec![0.5, 1.0, -2.0, 4.0];
    check(
        "ufuncs.py",
        "rel_diff",
        &[arr(&col, &[3, 1]), arr(&row, &[4])],
        1e-12,
    );
    check(
        "ufuncs.py",
        "rel_diff",
        &[arr(&row, &[4]), In::F(2.0)],
        1e-12,
    );
    // Lazy @vectorize (no signatures): compiled for the element type.
    check(
        "ufuncs.py",
        "clipped_sqrt",
        &[arr(&[4.0, -1.0, 2.25, 0.0], &[4])],
        1e-12,
    );
    // NumPy's error model: x / 0.0 is ±inf or NaN, x // 0 and x % 0 are 0 (no raise).
    check(
        "ufuncs.py",
        "ratio",
        &[
            arr(&[1.0, -2.0, 0.0, 3.0, -0.0], &[5]),
            arr(&[0.0, 0.0, 0.0, 2.0, -4.0], &[5]),
        ],
        EXACT,
    );
    check(
        "ufuncs.py",
        "int_quotient",
        &[
            In::IA {
                data: vec![7, -7, 0, 9, -9],
                shape: vec![5],
            },
            In::IA {
                data: vec![0, 2, 0, -4, 0],
                shape: vec![5],
            },
        ],
        EXACT,
    );
}

/// `f(x, out)`: the results written into a given array, as with a NumPy ufunc's `out`.
#[test]
fn vectorize_writes_into_an_output_array() {
    let pos: Vec<f64> = vec![1.0, 10.0, 100.0, 0.5, 3.0, 7.5];
    let zeros = |n: usize| vec![0.0; n];
    let log10 = |args: &[In]| check("vectorize_log10.py", "log10_ufunc", args, 1e-12);
    log10(&[arr(&pos, &[6]), arr(&zeros(6), &[6])]);
    // Strided input and output; the inputs broadcast to the output's shape.
    log10(&[strided(&pos, &[6], 2), strided(&zeros(6), &[6], 2)]);
    log10(&[arr(&pos[..3], &[3]), arr(&zeros(6), &[2, 3])]);
    log10(&[In::F(1000.0), arr(&zeros(4), &[2, 2])]);
    // Two inputs broadcast together into the output.
    let col: Vec<f64> = vec![1.0, -2.0, 3.5];
    let row: Vec<f64> = vec![0.5, 1.0, -2.0, 4.0];
    check(
        "ufuncs.py",
        "rel_diff",
        &[
            arr(&col, &[3, 1]),
            arr(&row, &[4]),
            arr(&zeros(12), &[3, 4]),
        ],
        1e-12,
    );
    // An output the inputs do not broadcast to: ValueError, as in NumPy.
    log10(&[arr(&pos, &[6]), arr(&zeros(3), &[3])]);
    log10(&[arr(&pos, &[2, 3]), arr(&zeros(3), &[3])]);
}

/// A ufunc's output array takes its results by NumPy's "same_kind" casting: float64 into
/// float32 is converted, float64 into int64 is a TypingError; a scalar is no output array.
#[test]
fn vectorize_output_casting() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/vectorize_log10.py");
    let module = Module::from_file(&path).unwrap();
    let f = module.function("log10_ufunc").unwrap();
    let mut x = ndarray::arr1(&[1.0f64, 20.0, 300.0]);
    let mut narrow = ndarray::Array1::<f32>::zeros(3);
    let result = f
        .call(&mut [
            Arg::Array(ArrayArg::new(x.view_mut())),
            Arg::Array(ArrayArg::new(narrow.view_mut())),
        ])
        .unwrap();
    assert_eq!(result.to_string(), "None");
    let expected: Vec<f32> = [1.0f64, 20.0, 300.0]
        .iter()
        .map(|v| v.log10() as f32)
        .collect();
    assert_eq!(narrow.to_vec(), expected);

    let mut ints = ndarray::Array1::<i64>::zeros(3);
    let err = f
        .call(&mut [
            Arg::Array(ArrayArg::new(x.view_mut())),
            Arg::Array(ArrayArg::new(ints.view_mut())),
        ])
        .unwrap_err();
    assert!(
        matches!(&err, Error::Typing(m) if m.contains("from float64 to int64 with casting rule 'same_kind'")),
        "{err:?}"
    );
    let err = f
        .call(&mut [Arg::Array(ArrayArg::new(x.view_mut())), Arg::Float(0.0)])
        .unwrap_err();
    assert!(
        matches!(&err, Error::Typing(m) if m.contains("output argument of ufunc `log10_ufunc` must be an array")),
        "{err:?}"
    );
    let err = f
        .call(&mut [
            Arg::Array(ArrayArg::new(x.view_mut())),
            Arg::Float(2.0),
            Arg::Float(3.0),
        ])
        .unwrap_err();
    assert!(
        matches!(&err, Error::Typing(m) if m.contains("takes 1 input(s) and an optional output array, got 3")),
        "{err:?}"
    );
}

/// The fused-expression cases, compiled with options `adjust`.
fn fused_expression_cases(adjust: fn(&mut blackbird::Options)) {
    let v: Vec<f64> = (0..13).map(|i| (i as f64) * 0.5 - 2.0).collect();
    let ints = |n: i64| In::IA {
        data: (0..n).map(|i| i * 3 - 7).collect(),
        shape: vec![n as usize],
    };
    for step in [1, 2, 3] {
        let x = strided(&v, &[13], step);
        check_with(
            "fused_expressions.py",
            "fused",
            &[x.clone(), x.clone(), arr(&v, &[13]), x.clone(), x.clone()],
            ULPS,
            adjust,
        );
        // Sources overlapping the destination (views of one array) read the old values.
        check_with(
            "fused_expressions.py",
            "reverse_add",
            std::slice::from_ref(&x),
            EXACT,
            adjust,
        );
        check_with("fused_expressions.py", "squares", &[x], EXACT, adjust);
    }
    for n in [0, 1, 2, 9] {
        check_with(
            "fused_expressions.py",
            "shift_right",
            &[ints(n)],
            EXACT,
            adjust,
        );
        check_with(
            "fused_expressions.py",
            "shift_left",
            &[ints(n)],
            EXACT,
            adjust,
        );
    }
    // Broadcasting a row over a matrix, and a shape mismatch (ValueError).
    check_with(
        "fused_expressions.py",
        "norm2d",
        &[arr(&v[..12], &[3, 4]), arr(&v[..4], &[4])],
        ULPS,
        adjust,
    );
    check_with(
        "fused_expressions.py",
        "norm2d",
        &[arr(&v[..12], &[3, 4]), arr(&v[..3], &[3])],
        ULPS,
        adjust,
    );
    // The LU update in place, for rows before, after and equal to the pivot row.
    let m: Vec<f64> = (0..16).map(|i| ((i * 7) % 11) as f64 - 4.5).collect();
    for (i, j) in [(0, 1), (1, 3), (2, 0), (1, 1)] {
        check_with(
            "fused_expressions.py",
            "row_update",
            &[arr(&m, &[4, 4]), In::I(i), In::I(j)],
            EXACT,
            adjust,
        );
    }
}

/// Views of one array (taken in an earlier statement, carried by a loop, chosen by a branch,
/// or passed to a call as two arguments) may overlap: a value reading the array is complete
/// before it is written through any of them, as in NumPy, however the code is fused.
#[test]
fn assignments_through_aliasing_views_match_numpy() {
    let file = "aliasing_views.py";
    for (n, steps) in [(6, 3), (1, 2), (5, 0), (9, 4)] {
        check(file, "smooth", &[In::I(n), In::I(steps)], ULPS);
    }
    for n in [0, 1, 2, 5] {
        check(file, "view_of_fresh_in_loop", &[In::I(n), In::I(3)], EXACT);
        check(file, "view_from_call", &[In::I(n)], EXACT);
        check(file, "view_in_while", &[In::I(n)], EXACT);
    }
    let x: Vec<f64> = (0..8).map(|i| i as f64 / 8.0).collect();
    check(file, "grid3", &[arr(&x, &[8])], EXACT);
    check(file, "grid3", &[arr(&x[..1], &[1])], EXACT);
    let v: Vec<f64> = (0..14).map(|i| ((i * 5) % 9) as f64 * 0.75 - 2.0).collect();
    for a in [
        arr(&v[..7], &[7]),
        strided(&v, &[14], 2),
        strided(&v, &[14], 3),
    ] {
        for f in [
            "shift_add",
            "reverse_assign",
            "shift_scaled",
            "temp_then_assign",
            "aliased_call",
            "disjoint_halves",
        ] {
            check(file, f, std::slice::from_ref(&a), EXACT);
        }
        for flag in [true, false] {
            check(file, "view_from_branch", &[a.clone(), In::B(flag)], EXACT);
        }
        check(
            file,
            "view_of_argument_in_loop",
            &[a.clone(), In::I(3)],
            EXACT,
        );
    }
    let m: Vec<f64> = (0..64).map(|i| ((i * 7) % 13) as f64 - 6.5).collect();
    for a in [
        arr(&m[..16], &[4, 4]),
        strided(&m, &[8, 8], 2),
        arr(&m[..12], &[3, 4]),
    ] {
        // A square matrix and its transpose (a non-square one: ValueError, as NumPy).
        check(file, "transpose_assign", std::slice::from_ref(&a), EXACT);
        check(file, "aliased_call_2d", std::slice::from_ref(&a), EXACT);
    }
}

#[test]
fn fused_expressions_and_overlapping_assignments_match_numpy() {
    fused_expression_cases(|_| {});
}

/// Without `tensor-fuse` (every operation its own nest and temporary), the same results: what
/// the LU benchmark's unfused variant measures is the same computation.
#[test]
fn unfused_pipelines_compute_the_same() {
    fused_expression_cases(|o| o.tensor_passes = Some("canonicalize,cse,dce".into()));
    let src = "from numba import njit\n\n@njit\ndef f(a):\n    return a * 2.0\n";
    let module = Module::from_source(src, "f.py").unwrap();
    let f = module
        .function_with("f", |o| {
            o.tensor_passes = Some("tensor-fuse,no-such-pass".into())
        })
        .unwrap();
    let mut a = ndarray::Array1::<f64>::zeros(3);
    let err = f
        .call(&mut [Arg::Array(ArrayArg::new(a.view_mut()))])
        .unwrap_err()
        .to_string();
    assert!(err.contains("no-such-pass"), "{err}");
}

#[test]
fn prange_reductions_match_cpython_with_any_thread_count() {
    // Large enough that every thread gets iterations; float reductions combine per-thread
    // partial results, so they agree to rounding, integer ones exactly.
    let n = 10_001;
    let x: Vec<f64> = (0..n)
        .map(|i| ((i * 7919 % 1000) as f64 - 500.0) / 64.0)
        .collect();
    let bits: Vec<i64> = (0..n as i64)
        .map(|i| (i * 2654435761) % 1_000_003)
        .collect();
    let m: Vec<f64> = (0..300 * 40)
        .map(|i| ((i * 31 % 97) as f64 - 40.0) / 8.0)
        .collect();
    for threads in [1, 2, 3, 4] {
        let t = |o: &mut blackbird::Options| o.num_threads = Some(threads);
        let file = "prange_reductions.py";
        check_with(file, "sum_of_squares", &[arr(&x, &[n])], 1e-12, t);
        check_with(file, "total", &[arr(&m, &[300, 40])], 1e-12, t);
        check_with(
            file,
            "product_and_difference",
            &[arr(&x[..400], &[400])],
            1e-12,
            t,
        );
        check_with(file, "count_positive", &[strided(&x, &[n], 3)], EXACT, t);
        for sign in [-1.0, 0.0, 1.0] {
            // Mixed signs, then all above and all below zero: bool reductions either way.
            let y: Vec<f64> = match sign {
                0.0 => x.clone(),
                _ => x.iter().map(|v| sign * (v.abs() + 1.0)).collect(),
            };
            check_with(file, "all_and_any", &[arr(&y, &[n])], EXACT, t);
        }
        let ints = In::IA {
            data: bits.clone(),
            shape: vec![n],
        };
        check_with(file, "any_bits", &[ints], EXACT, t);
        check_with(file, "nested_prange", &[arr(&m, &[300, 40])], 1e-12, t);
        // Arrays reduced from per-thread partial arrays.
        let arrays = "prange_arrays.py";
        for f in ["column_sums", "column_sums_rebound", "mixed_reductions"] {
            check_with(arrays, f, &[arr(&m, &[300, 40])], 1e-12, t);
            check_with(arrays, f, &[arr(&m[..40], &[1, 40])], 1e-12, t);
        }
        check_with(arrays, "scaled_products", &[arr(&m, &[300, 40])], 1e-12, t);
        check_with(
            arrays,
            "aliased_accumulator",
            &[strided(&m, &[300, 40], 2)],
            1e-12,
            t,
        );
        check_with(arrays, "histogram", &[arr(&x, &[n]), In::I(13)], EXACT, t);
        check_with(file, "reversed_fill", &[arr(&x, &[n])], EXACT, t);
        // Minimum and maximum, with NaNs (skipped) and infinities (kept) among the values.
        let mut special = x.clone();
        special[17] = f64::NAN;
        special[5003] = f64::NAN;
        check_with(file, "extremes", &[arr(&special, &[n])], EXACT, t);
        special[9000] = f64::INFINITY;
        special[42] = f64::NEG_INFINITY;
        check_with(file, "extremes", &[arr(&special, &[n])], EXACT, t);
        let infinities = [
            f64::INFINITY,
            f64::NAN,
            f64::INFINITY,
            f64::INFINITY,
            f64::NAN,
        ];
        check_with(file, "extremes", &[arr(&infinities, &[5])], EXACT, t);
        check_with(file, "extremes", &[arr(&[f64::NAN], &[1])], EXACT, t);
        check_with(file, "extremes", &[arr(&[], &[0])], EXACT, t);
        check_with(file, "extremes", &[strided(&x, &[n], 7)], EXACT, t);
        let ints = In::IA {
            data: bits.iter().map(|b| b - 500_000).collect(),
            shape: vec![n],
        };
        check_with(file, "int_extremes", &[ints], EXACT, t);
        check_with(
            "prange_parallel.py",
            "row_sums",
            &[arr(&m, &[300, 40])],
            EXACT,
            t,
        );
        let file = "parallel_array_expressions.py";
        let (a, b) = (arr(&m, &[300, 40]), strided(&m, &[300, 40], 2));
        let row = arr(&m[..40], &[40]);
        check_with(
            file,
            "blend",
            &[a.clone(), a.clone(), row.clone()],
            EXACT,
            t,
        );
        // (The oracle takes its inputs as one command-line argument: at most 128 KiB.)
        let y = arr(&x[..2000], &[2000]);
        check_with(
            file,
            "axpy_into",
            &[y, In::F(0.5), strided(&x[..4000], &[4000], 2)],
            EXACT,
            t,
        );
        check_with(file, "matvec", &[b, arr(&x[..20], &[20])], 1e-12, t);
        check_with(file, "norms", &[a.clone()], 1e-12, t);
        check_with(file, "rel_diff", &[a, row], EXACT, t);
    }
}

/// `@guvectorize` against Numba itself (the CPython oracle has no gufunc machinery): the
/// moving average of Numba's documentation over the rows of a matrix (and of a strided view
/// of it), the window given as a Python scalar and as a 1-element array.
#[test]
fn guvectorize_matches_numba() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/guvectorize_moving_average.py");
    let (rows, cols, window) = (6usize, 50usize, 5i64);
    let data: Vec<f64> = (0..rows * cols)
        .map(|i| ((i * 37 % 23) as f64) * 0.5 - 3.0)
        .collect();
    let script = format!(
        "import importlib.util, json, sys\nimport numpy as np\n\
         spec = importlib.util.spec_from_file_location('m', {path:?})\n\
         m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n\
         a = np.array({data:?}).reshape({rows}, {cols})\n\
         full = np.zeros(({rows}, {cols})); m.move_mean(a, {window}, full)\n\
         half = np.zeros(({rows} // 2, {cols})); m.move_mean(a[::2], np.array([{window}]), half)\n\
         print(json.dumps([full.ravel().tolist(), half.ravel().tolist()]))\n"
    );
    let out = Command::new(python())
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "numba failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<Vec<f64>> = String::from_utf8_lossy(&out.stdout)
        .trim()
        .trim_start_matches("[[")
        .trim_end_matches("]]")
        .split("], [")
        .map(|part| part.split(", ").map(|x| x.parse().unwrap()).collect())
        .collect();
    let module = Module::from_file(&path).unwrap();
    let f = module.function("move_mean").unwrap();
    let mut a = ndarray::Array2::from_shape_vec((rows, cols), data).unwrap();
    let mut full = ndarray::Array2::<f64>::zeros((rows, cols));
    let result = f
        .call(&mut [
            Arg::Array(ArrayArg::new(a.view_mut())),
            Arg::Int(window),
            Arg::Array(ArrayArg::new(full.view_mut())),
        ])
        .unwrap();
    assert_eq!(result, PyValue::None);
    assert_eq!(full.iter().copied().collect::<Vec<_>>(), expected[0]);
    let mut half = ndarray::Array2::<f64>::zeros((rows / 2, cols));
    let mut w = ndarray::arr1(&[window]);
    f.call(&mut [
        Arg::Array(ArrayArg::new(a.slice_mut(ndarray::s![..;2, ..]))),
        Arg::Array(ArrayArg::new(w.view_mut())),
        Arg::Array(ArrayArg::new(half.view_mut())),
    ])
    .unwrap();
    assert_eq!(half.iter().copied().collect::<Vec<_>>(), expected[1]);
    // Mismatched outer shapes and missing outputs are errors, not crashes.
    let mut wrong = ndarray::Array2::<f64>::zeros((rows + 1, cols));
    let err = f
        .call(&mut [
            Arg::Array(ArrayArg::new(a.view_mut())),
            Arg::Int(window),
            Arg::Array(ArrayArg::new(wrong.view_mut())),
        ])
        .unwrap_err();
    assert!(err.to_string().contains("outer shape"), "{err}");
    let err = f
        .call(&mut [Arg::Array(ArrayArg::new(a.view_mut())), Arg::Int(window)])
        .unwrap_err();
    assert!(err.to_string().contains("preallocated"), "{err}");
}

/// A `()` core argument typed as a scalar (`int64`, not `int64[:]`): a Python scalar reaches
/// every outer position, an array gives each outer position its own element, as in Numba.
#[test]
fn guvectorize_scalar_core_arguments_match_numba() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/guvectorize_moving_average.py");
    let (rows, cols) = (4usize, 3usize);
    let data: Vec<f64> = (0..rows * cols).map(|i| i as f64 * 0.5 - 2.0).collect();
    let script = format!(
        "import importlib.util, json\nimport numpy as np\n\
         spec = importlib.util.spec_from_file_location('m', {path:?})\n\
         m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n\
         a = np.array({data:?}).reshape({rows}, {cols})\n\
         one = np.zeros(({rows}, {cols})); m.scale(a, 3, one)\n\
         each = np.zeros(({rows}, {cols})); m.scale(a, np.arange({rows}) - 1, each)\n\
         print(json.dumps([one.ravel().tolist(), each.ravel().tolist()]))\n"
    );
    let out = Command::new(python())
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "numba failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<Vec<f64>> = String::from_utf8_lossy(&out.stdout)
        .trim()
        .trim_start_matches("[[")
        .trim_end_matches("]]")
        .split("], [")
        .map(|part| part.split(", ").map(|x| x.parse().unwrap()).collect())
        .collect();
    let module = Module::from_file(&path).unwrap();
    let f = module.function("scale").unwrap();
    let mut a = ndarray::Array2::from_shape_vec((rows, cols), data).unwrap();
    let mut one = ndarray::Array2::<f64>::zeros((rows, cols));
    f.call(&mut [
        Arg::Array(ArrayArg::new(a.view_mut())),
        Arg::Int(3),
        Arg::Array(ArrayArg::new(one.view_mut())),
    ])
    .unwrap();
    assert_eq!(one.iter().copied().collect::<Vec<_>>(), expected[0]);
    let mut k = ndarray::Array1::from_iter((0..rows as i64).map(|i| i - 1));
    let mut each = ndarray::Array2::<f64>::zeros((rows, cols));
    f.call(&mut [
        Arg::Array(ArrayArg::new(a.view_mut())),
        Arg::Array(ArrayArg::new(k.view_mut())),
        Arg::Array(ArrayArg::new(each.view_mut())),
    ])
    .unwrap();
    assert_eq!(each.iter().copied().collect::<Vec<_>>(), expected[1]);
    // A float where the kernel takes an int64 matches no signature.
    let err = f
        .call(&mut [
            Arg::Array(ArrayArg::new(a.view_mut())),
            Arg::Float(1.5),
            Arg::Array(ArrayArg::new(one.view_mut())),
        ])
        .unwrap_err();
    assert!(err.to_string().contains("no signature"), "{err}");
}

/// Ranges whose length overflows a naive `(stop - start + step - 1) // step`: counted in
/// unsigned arithmetic, at the int64 extremes and with every sign of step.
#[test]
fn ranges_at_the_int64_extremes() {
    let (min, max) = (i64::MIN, i64::MAX);
    for (start, stop, step, limit) in [
        (0, max, 3_000_000_000_000_000_000, 100),
        (max, min, -3_000_000_000_000_000_000, 100),
        (min, max, 1, 1),
        (min, max, 1, 3),
        (max, min, -1, 3),
        (min, max, max, 100),
        (max, min, min, 100),
        (min, max, min, 100),
        (min, max, -1, 100),
        (max - 1, max, 5, 100),
        (min + 2, min, -1, 100),
        (0, 10, 3, 100),
        (10, 0, -3, 100),
        (5, 5, 1, 100),
        (0, 7, -1, 100),
    ] {
        let args = [In::I(start), In::I(stop), In::I(step), In::I(limit)];
        check("range_extremes.py", "range_walk", &args, EXACT);
    }
}

/// Creation functions built from `tensor.iota` at the edges NumPy defines: negative and
/// fractional steps, empty results, zero steps (ZeroDivisionError), lengths that cannot be
/// computed, non-square and offset identities, negative sizes.
#[test]
fn ranges_and_grids_match_numpy_at_the_edges() {
    let file = "ranges_and_grids.py";
    for (a, b, c) in [(0, 10, 3), (10, 0, -3), (5, 5, 1), (0, 7, -1), (-4, 4, 0)] {
        check(file, "arange3", &[In::I(a), In::I(b), In::I(c)], 0.0);
    }
    for (a, b, c) in [
        (0.1, 1.0, 0.1),
        (5.0, 0.0, -1.5),
        (1.0, 2.5, 0.5),
        (0.0, 1.0, 0.0),
        (0.0, 1.0, -0.1),
        (0.0, f64::INFINITY, 1.0),
        (0.0, f64::NAN, 1.0),
    ] {
        check(file, "arange3", &[In::F(a), In::F(b), In::F(c)], 0.0);
    }
    for (n, m, k) in [(3, 4, 1), (4, 3, -2), (2, 2, 5), (0, 3, 0), (3, -1, 0)] {
        check(file, "eye3", &[In::I(n), In::I(m), In::I(k)], 0.0);
    }
    for n in [0, 1, 2, 7, -1] {
        check(file, "linspace3", &[In::F(-1.0), In::F(2.0), In::I(n)], 0.0);
        check(file, "filled", &[In::I(n)], 0.0);
    }
}

/// A tuple holding an array and a scalar, passed through the library API: the array inside is
/// a zero-copy view (the write is seen by the caller), and a tuple of the wrong shape or item
/// types is a TypingError naming what was expected.
#[test]
fn tuples_carry_arrays_and_are_checked() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/tuple_arguments.py");
    let module = blackbird::Module::from_file(&path).unwrap();
    let f = module.function("array_pair").unwrap();
    let mut a = ndarray::arr1(&[1.0, 2.0, 3.0]);
    let result = f
        .call(&mut [Arg::Tuple(vec![
            Arg::Array(ArrayArg::new(a.view_mut().into_dyn())),
            Arg::Float(2.0),
        ])])
        .unwrap();
    assert_eq!(result.to_string(), "array([4.0, 4.0, 6.0])");
    assert_eq!(a.to_vec(), vec![2.0, 2.0, 3.0]);
    let norm = module.function("eager_norm").unwrap();
    let ok = norm
        .call(&mut [Arg::Tuple(vec![Arg::Int(2), Arg::Float(3.0), Arg::Int(6)])])
        .unwrap();
    assert_eq!(ok, blackbird::PyValue::Float(7.0));
    for (wrong, why) in [
        (
            vec![Arg::Tuple(vec![Arg::Float(1.0), Arg::Float(2.0)])],
            "expected a tuple of 3 items, got UniTuple(float64 x 2)",
        ),
        (
            vec![Arg::Float(1.0), Arg::Float(2.0), Arg::Float(3.0)],
            "expected 1 arguments, got 3",
        ),
    ] {
        let mut wrong = wrong;
        let e = norm.call(&mut wrong).unwrap_err().to_string();
        assert!(e.contains(why), "{e}");
    }
}

/// Complex arithmetic against CPython's: Mandelbrot escape counts over a grid (the loop
/// carries a complex value), division by either larger part, by zero (ZeroDivisionError)
/// and with infinite or NaN parts.
#[test]
fn complex_scalars_match_cpython() {
    let file = "complex_numbers.py";
    for i in 0..12 {
        for j in 0..8 {
            let (x, y) = (-2.0 + 0.21 * i as f64, -1.0 + 0.27 * j as f64);
            check(file, "mandel", &[In::F(x), In::F(y), In::I(100)], EXACT);
        }
    }
    for (x, y) in [
        (3.0, 0.5),
        (0.5, 3.0),
        (-2.0, -2.0),
        (0.0, 0.0),
        (0.0, 1e-300),
        (f64::INFINITY, 1.0),
        (1.0, f64::NAN),
        (1e308, 1e308),
    ] {
        check(file, "divide", &[In::F(x), In::F(y)], 1e-15);
        check(file, "arithmetic", &[In::F(x), In::F(y)], 1e-15);
    }
    check(file, "roots_of_unity", &[In::I(7)], 1e-12);
}

/// `@njit(error_model='numpy')` divides as NumPy does (the oracle, CPython, raises); the
/// default `'python'` model raises ZeroDivisionError.
#[test]
fn error_model_numpy_divides_without_raising() {
    let src = "from numba import njit\n\n@njit(error_model='numpy')\ndef quiet(a, b, i, j):\n    return a / b, i // j, i % j\n\n@njit\ndef loud(a, b):\n    return a / b\n";
    let module = Module::from_source(src, "error_model.py").unwrap();
    let quiet = module.function("quiet").unwrap();
    let result = quiet
        .call(&mut [Arg::Float(-1.0), Arg::Float(0.0), Arg::Int(7), Arg::Int(0)])
        .unwrap();
    assert_eq!(
        result,
        PyValue::Tuple(vec![
            PyValue::Float(f64::NEG_INFINITY),
            PyValue::Int(0),
            PyValue::Int(0)
        ])
    );
    let loud = module.function("loud").unwrap();
    match loud.call(&mut [Arg::Float(1.0), Arg::Float(0.0)]) {
        Err(Error::Raised { kind, .. }) => assert_eq!(kind, "ZeroDivisionError"),
        other => panic!("expected ZeroDivisionError, got {other:?}"),
    }
}

/// Values whose sums round at almost every addition: any other order of additions than
/// NumPy's gives a different result in the last bits.
fn rounding_values(n: usize, seed: u64) -> Vec<f64> {
    spread(n, 0.0, 1.0, seed)
        .into_iter()
        .map(|unit| (unit - 0.3) * 1e3 / (1.0 + unit))
        .collect()
}

#[test]
fn float_sums_are_numpys_bit_for_bit() {
    // Runs around the leaf size (128), the lanes (8) and a deep tree.
    for n in [
        0, 1, 7, 8, 9, 15, 16, 127, 128, 129, 136, 255, 1000, 4097, 100_003,
    ] {
        let v = rounding_values(n, n as u64 + 1);
        let w = rounding_values(n, n as u64 + 7);
        for f in ["total", "mean", "variance"] {
            check("numpy_sums.py", f, &[arr(&v, &[n])], EXACT);
        }
        check(
            "numpy_sums.py",
            "sum_of_products",
            &[arr(&v, &[n]), arr(&w, &[n])],
            EXACT,
        );
        // A strided vector is one run too.
        check("numpy_sums.py", "total", &[strided(&v, &[n], 2)], EXACT);
        check(
            "numpy_sums.py",
            "sums_around_writes",
            &[arr(&v, &[n])],
            EXACT,
        );
    }
    // C-contiguous matrices are one run in C order; each row along the last axis is a run.
    for shape in [[1, 129], [3, 1000], [37, 301], [300, 7], [0, 5]] {
        let m = rounding_values(shape[0] * shape[1], 11);
        for f in [
            "method_total",
            "deviation",
            "row_sums",
            "row_norms",
            "row_variance",
        ] {
            check("numpy_sums.py", f, &[arr(&m, &shape)], EXACT);
        }
        // Strided rows are runs of their own, as NumPy sums them along the last axis.
        for f in ["row_sums", "row_norms", "row_variance"] {
            check("numpy_sums.py", f, &[strided(&m, &shape, 2)], EXACT);
        }
        // NumPy buffers a strided matrix in chunks for a full sum: the same rounding, another
        // order.
        check(
            "numpy_sums.py",
            "method_total",
            &[strided(&m, &shape, 2)],
            1e-12,
        );
    }
    // Integers summed as floats (np.mean of an int64 array) go through NumPy's casting
    // buffer: pairwise runs of 8192 elements, added in turn.
    for n in [100, 8192, 8193, 20_000, 100_003] {
        let ints: Vec<i64> = rounding_values(n, 3)
            .iter()
            .map(|x| (x * 1e12) as i64)
            .collect();
        for f in ["mean", "variance"] {
            let input = In::IA {
                data: ints.clone(),
                shape: vec![n],
            };
            check("numpy_sums.py", f, &[input], EXACT);
        }
    }
    // Runs from 2^18 elements are summed in eight parts of NumPy's tree on threads: the same
    // result on any number of threads.
    let long = rounding_values(300_007, 5);
    let other = rounding_values(300_007, 6);
    for threads in [1, 2, 3] {
        let t = |o: &mut blackbird::Options| o.num_threads = Some(threads);
        check_with(
            "numpy_sums.py",
            "total",
            &[arr(&long, &[300_007])],
            EXACT,
            t,
        );
        check_with(
            "numpy_sums.py",
            "mean",
            &[arr(&long[..262_144], &[262_144])],
            EXACT,
            t,
        );
        check_with(
            "numpy_sums.py",
            "sum_of_products",
            &[arr(&long, &[300_007]), arr(&other, &[300_007])],
            EXACT,
            t,
        );
        check_with(
            "numpy_sums.py",
            "method_total",
            &[arr(&long[..300_000], &[300, 1000])],
            EXACT,
            t,
        );
        check_with(
            "numpy_sums.py",
            "variance",
            &[arr(&long, &[300_007])],
            EXACT,
            t,
        );
        // Reduction epilogues over as many elements run their rows on threads.
        for f in ["row_sums", "row_norms"] {
            let rows = arr(&long[..300_000], &[300, 1000]);
            check_with("numpy_sums.py", f, &[rows], EXACT, t);
        }
    }
}

#[test]
fn wide_unsigned_arrays_read_their_bits_as_numpy_does() {
    let wide = |data: &[u64], bits: u32| In::Wide {
        data: data.to_vec(),
        shape: vec![data.len()],
        bits,
    };
    // Values above the signed range of each width.
    let a = [18_000_000_000_000_000_000, 3, 1 << 63, 7, 0, u64::MAX, 129];
    let b = [10, 12_000_000_000_000_000_000, 3, 7, 1, 2, u64::MAX];
    for bits in [16, 32, 64] {
        let cut = |v: &[u64]| -> Vec<u64> {
            v.iter()
                .map(|x| if bits == 64 { *x } else { x % (1 << bits) })
                .collect()
        };
        let values = cut(&a);
        let (a, b) = (wide(&values, bits), wide(&cut(&b), bits));
        check("wide_uints.py", "ops", &[a.clone(), b.clone()], EXACT);
        // Division by a zero element: NumPy's 0, no exception.
        check("wide_uints.py", "ops", &[b.clone(), a.clone()], EXACT);
        check(
            "wide_uints.py",
            "reductions",
            std::slice::from_ref(&a),
            EXACT,
        );
        // (A zero scalar divisor raises ZeroDivisionError, as in Numba.)
        for i in (0..6).filter(|i| values[i + 1] != 0) {
            check(
                "wide_uints.py",
                "scalars",
                &[a.clone(), In::I(i as i64)],
                EXACT,
            );
        }
    }
    let signed = In::IA {
        data: vec![-1, 2, -3, 4, 5, -6, 7],
        shape: vec![7],
    };
    check("wide_uints.py", "mixed", &[wide(&a, 64), signed], EXACT);
    let grid = In::Wide {
        data: vec![65_000, 3, 7, 40_000, 9, 1],
        shape: vec![2, 3],
        bits: 16,
    };
    check("wide_uints.py", "extremes", &[grid], EXACT);
    check(
        "wide_uints.py",
        "scale_in_place",
        &[wide(&[65_000, 3, 40_000, 7], 16), In::I(3)],
        EXACT,
    );
}

/// Arrays too big for NumPy are refused as NumPy refuses them: ValueError when the byte size
/// exceeds isize::MAX (counting all dimensions and the item size), MemoryError when the
/// memory cannot be allocated (2**50 float64s exceed any address space), also when fusion
/// never stores the array (`np.zeros(n).sum()` raises at once instead of summing).
#[test]
fn too_big_allocations_raise_as_numpy() {
    let file = "allocation_limits.py";
    for n in [1i64 << 62, 2305843009213693953, 1 << 50, 10, 0] {
        check(file, "zeros", &[In::I(n)], 0.0);
        check(file, "zeros_sum", &[In::I(n)], 0.0);
        check(file, "doubled_range", &[In::I(n)], 0.0);
    }
    for (n, m) in [
        (1i64 << 31, 1i64 << 31),
        (1 << 62, 2),
        (0, 1 << 62),
        (1 << 40, 1 << 20),
        (3, 2),
    ] {
        check(file, "matrix", &[In::I(n), In::I(m)], 0.0);
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/programs")
        .join(file);
    let module = Module::from_file(&path).unwrap();
    let zeros = module.function("zeros").unwrap();
    match zeros.call(&mut [Arg::Int(1 << 62)]) {
        Err(Error::Raised { kind, message, .. }) => {
            assert_eq!(kind, "ValueError");
            assert!(message.starts_with("array is too big;"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    match zeros.call(&mut [Arg::Int(1 << 50)]) {
        Err(Error::Raised { kind, message, .. }) => {
            assert_eq!(kind, "MemoryError");
            assert!(message.contains("float64"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

/// Arrays of booleans follow NumPy: True is 1 when ordered, widened or counted; `+` and `*`
/// are logical or / and (so `np.sum(a + b)` counts the elements true in either).
#[test]
fn bool_arrays_follow_numpy() {
    let x = [0.9, 0.1, 0.7, 0.3, 0.6, 0.0];
    let y = [0.8, 0.9, 0.2, 0.1, 0.6, 0.4];
    let file = "bool_arrays.py";
    check(file, "extremes", &[arr(&x, &[6])], 0.0);
    check(file, "extremes", &[arr(&[0.9, 0.8], &[2])], 0.0);
    check(file, "elementwise", &[arr(&x, &[6]), arr(&y, &[6])], 0.0);
    check(file, "along_axis", &[arr(&x, &[2, 3])], 0.0);
    check(file, "counts", &[arr(&x, &[6])], 1e-12);
    check(file, "in_place", &[arr(&x, &[6]), arr(&y, &[6])], 0.0);
    check(file, "scalars", &[arr(&x, &[6])], 0.0);
    check(file, "scalars", &[arr(&y, &[6])], 0.0);
}
