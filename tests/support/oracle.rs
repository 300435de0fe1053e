//! The CPython + NumPy oracle of the differential tests: one persistent process per test binary
//! (`tests/support/oracle_server.py`, JSON lines), every request under a time limit; a request
//! that is not answered in time kills the process (the next request starts another) and fails.
//! Also the arguments both sides are called with ([`In`]) and their JSON form.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

use blackbird::runtime::{ArrayData, DType};
use blackbird::{Arg, ArrayArg};
use serde_json::{json, Value};

#[path = "python.rs"]
pub(crate) mod python;

/// How long one request may take.
const LIMIT: Duration = Duration::from_secs(120);

/// The running oracle: the process, its input, and the lines it answers.
struct Process {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
}

static ORACLE: Mutex<Option<Process>> = Mutex::new(None);

fn start() -> Process {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/oracle_server.py");
    let mut child = Command::new(python::python())
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {}: {e}; run scripts/setup.sh or set BLACKBIRD_PYTHON",
                python::python().display()
            )
        });
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    Process {
        child,
        stdin,
        lines,
    }
}

/// The oracle's answer to `request` (an `{"error": …}` answer is an `Err`).
pub fn ask(request: &Value) -> Result<Value, String> {
    let mut oracle = ORACLE.lock().unwrap_or_else(|e| e.into_inner());
    let process = oracle.get_or_insert_with(start);
    let sent = writeln!(process.stdin, "{request}").and_then(|_| process.stdin.flush());
    let answer = match sent {
        Ok(()) => process.lines.recv_timeout(LIMIT),
        Err(_) => Err(RecvTimeoutError::Disconnected),
    };
    let failure = match answer {
        Ok(line) => {
            let value: Value = serde_json::from_str(&line)
                .map_err(|e| format!("the oracle's answer is not JSON ({e}): {line}"))?;
            return match value.get("error") {
                Some(error) => Err(format!("the oracle failed: {}", error.as_str().unwrap())),
                None => Ok(value),
            };
        }
        Err(RecvTimeoutError::Timeout) => {
            format!("the oracle gave no answer in {} s", LIMIT.as_secs())
        }
        Err(RecvTimeoutError::Disconnected) => "the oracle exited".to_string(),
    };
    // Killed and forgotten: the next request starts a fresh process.
    let mut process = oracle.take().unwrap();
    let _ = process.child.kill();
    let _ = process.child.wait();
    Err(format!(
        "{failure} (restarted); request: {}",
        brief(request)
    ))
}

fn brief(request: &Value) -> String {
    let text = request.to_string();
    match text.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// An argument of a differential call.
#[derive(Clone, Debug)]
pub enum In {
    I(i64),
    F(f64),
    B(bool),
    /// A tuple of scalars (or of tuples of them).
    T(Vec<In>),
    A(ArrayIn),
}

/// An array argument: the memory it views (each argument has its own) and the view.
#[derive(Clone, Debug)]
pub struct ArrayIn {
    pub dtype: DType,
    /// The memory's elements in native byte order.
    pub bytes: Vec<u8>,
    /// The first element's position in the memory and the strides, in elements.
    pub offset: usize,
    pub shape: Vec<usize>,
    pub strides: Vec<usize>,
}

/// Element types of arrays in tests.
pub trait Elem: Copy {
    const DTYPE: DType;
    fn put(self, out: &mut Vec<u8>);
    fn get(bytes: &[u8]) -> Self;
    fn to_f64(self) -> f64;
    fn wrap(values: Vec<Self>) -> ArrayData;
}

macro_rules! elems {
    ($($t:ty => $d:ident),*) => {$(
        impl Elem for $t {
            const DTYPE: DType = DType::$d;
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_ne_bytes());
            }
            fn get(bytes: &[u8]) -> Self {
                <$t>::from_ne_bytes(bytes.try_into().unwrap())
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn wrap(values: Vec<Self>) -> ArrayData {
                ArrayData::$d(values.into())
            }
        }
    )*};
}
elems!(
    f64 => F64, f32 => F32, i64 => I64, i32 => I32, i16 => I16, i8 => I8,
    u8 => U8, u16 => U16, u32 => U32, u64 => U64
);

impl Elem for bool {
    const DTYPE: DType = DType::Bool;
    fn put(self, out: &mut Vec<u8>) {
        out.push(u8::from(self));
    }
    fn get(bytes: &[u8]) -> Self {
        bytes[0] != 0
    }
    fn to_f64(self) -> f64 {
        f64::from(u8::from(self))
    }
    fn wrap(values: Vec<Self>) -> ArrayData {
        ArrayData::Bool(values.into())
    }
}

/// `$f::<T>($args)` for the element type `T` of `$dtype`.
macro_rules! by_dtype {
    ($dtype:expr, $f:ident($($arg:expr),*)) => {
        match $dtype {
            DType::F64 => $f::<f64>($($arg),*),
            DType::F32 => $f::<f32>($($arg),*),
            DType::I64 => $f::<i64>($($arg),*),
            DType::I32 => $f::<i32>($($arg),*),
            DType::I16 => $f::<i16>($($arg),*),
            DType::I8 => $f::<i8>($($arg),*),
            DType::U8 => $f::<u8>($($arg),*),
            DType::U16 => $f::<u16>($($arg),*),
            DType::U32 => $f::<u32>($($arg),*),
            DType::U64 => $f::<u64>($($arg),*),
            DType::Bool => $f::<bool>($($arg),*),
        }
    };
}

fn decode<T: Elem>(bytes: &[u8]) -> Vec<T> {
    bytes.chunks(T::DTYPE.size()).map(T::get).collect()
}

fn values_f64<T: Elem>(bytes: &[u8]) -> Vec<f64> {
    decode::<T>(bytes).into_iter().map(T::to_f64).collect()
}

fn array_data<T: Elem>(bytes: &[u8]) -> ArrayData {
    T::wrap(decode::<T>(bytes))
}

/// Elements of `dtype` in native bytes, as numbers (exact for integers below 2^53; arrays are
/// compared exactly by their bytes where that matters).
pub fn as_f64(dtype: DType, bytes: &[u8]) -> Vec<f64> {
    by_dtype!(dtype, values_f64(bytes))
}

/// The array `dtype` and `shape` holding `bytes` (C order).
pub fn owned_array(
    dtype: DType,
    shape: Vec<usize>,
    bytes: &[u8],
) -> blackbird::runtime::OwnedArray {
    blackbird::runtime::OwnedArray {
        shape,
        data: by_dtype!(dtype, array_data(bytes)),
    }
}

/// The dtype named as NumPy names it.
pub fn dtype(name: &str) -> DType {
    use DType::*;
    [F64, F32, I64, I32, I16, I8, U8, U16, U32, U64, Bool]
        .into_iter()
        .find(|d| d.name() == name)
        .unwrap_or_else(|| panic!("no dtype {name}"))
}

/// A C-contiguous array of `data` and `shape`.
pub fn array<T: Elem>(data: &[T], shape: &[usize]) -> In {
    view(data, shape, 1)
}

/// The view `[::step, ::step, …]` of the C-contiguous array of `data` and `shape`.
pub fn view<T: Elem>(data: &[T], shape: &[usize], step: usize) -> In {
    let count: usize = shape.iter().product();
    assert_eq!(
        data.len(),
        count,
        "{} elements for shape {shape:?}",
        data.len()
    );
    let mut bytes = Vec::with_capacity(count * T::DTYPE.size());
    for x in data {
        x.put(&mut bytes);
    }
    let mut strides = vec![step; shape.len()];
    let mut inner = 1;
    for d in (0..shape.len()).rev() {
        strides[d] *= inner;
        inner *= shape[d];
    }
    In::A(ArrayIn {
        dtype: T::DTYPE,
        bytes,
        offset: 0,
        shape: shape.iter().map(|n| n.div_ceil(step)).collect(),
        strides,
    })
}

/// The Fortran-ordered array of `shape` whose elements in memory are `data`.
pub fn fortran(data: &[f64], shape: &[usize]) -> In {
    let reversed: Vec<usize> = shape.iter().rev().copied().collect();
    let In::A(mut a) = array(data, &reversed) else {
        unreachable!()
    };
    a.shape.reverse();
    a.strides.reverse();
    In::A(a)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn hex(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(2 * bytes.len());
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 15)]);
    }
    String::from_utf8(out).unwrap()
}

pub fn unhex(text: &str) -> Vec<u8> {
    let digit = |c: u8| (c as char).to_digit(16).expect("a hex digit") as u8;
    text.as_bytes()
        .chunks(2)
        .map(|pair| digit(pair[0]) << 4 | digit(pair[1]))
        .collect()
}

impl In {
    pub fn to_json(&self) -> Value {
        match self {
            In::I(i) => json!({ "int": i }),
            In::F(x) => json!({ "float": float_to_json(*x) }),
            In::B(b) => json!({ "bool": b }),
            In::T(items) => json!({ "tuple": items.iter().map(In::to_json).collect::<Vec<_>>() }),
            In::A(a) => json!({
                "array": hex(&a.bytes),
                "dtype": a.dtype.name(),
                "offset": a.offset,
                "shape": a.shape,
                "strides": a.strides,
            }),
        }
    }

    pub fn from_json(v: &Value) -> In {
        let field = |key| v.get(key);
        if let Some(i) = field("int") {
            return In::I(i.as_i64().expect("an int64"));
        }
        if let Some(x) = field("float") {
            return In::F(float_from_json(x));
        }
        if let Some(b) = field("bool") {
            return In::B(b.as_bool().unwrap());
        }
        if let Some(items) = field("tuple") {
            return In::T(
                items
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(In::from_json)
                    .collect(),
            );
        }
        let sizes = |key| -> Vec<usize> {
            v[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap() as usize)
                .collect()
        };
        In::A(ArrayIn {
            dtype: dtype(v["dtype"].as_str().unwrap()),
            bytes: unhex(v["array"].as_str().expect("an argument")),
            offset: v["offset"].as_u64().unwrap() as usize,
            shape: sizes("shape"),
            strides: sizes("strides"),
        })
    }

    /// As a call argument, viewing `memory` (this argument's own, see [`In::memory`]).
    pub fn arg<'a>(&self, memory: &mut impl Iterator<Item = &'a mut Memory>) -> Arg<'a> {
        match self {
            In::I(i) => Arg::Int(*i),
            In::F(x) => Arg::Float(*x),
            In::B(b) => Arg::Bool(*b),
            In::T(items) => Arg::Tuple(items.iter().map(|x| x.arg(memory)).collect()),
            In::A(a) => {
                let bytes = memory.next().expect("the argument's memory").bytes_mut();
                let size = a.dtype.size();
                let rest = &mut bytes[a.offset * size..];
                let count = rest.len() / size;
                let mut arg = ArrayArg::from_bytes(rest, a.dtype, vec![count as i64]);
                arg.shape = a.shape.iter().map(|n| *n as i64).collect();
                arg.strides = a.strides.iter().map(|s| *s as i64).collect();
                Arg::Array(arg)
            }
        }
    }

    /// A copy of the memory of each array in `args` (in order, tuples included).
    pub fn memory(args: &[In]) -> Vec<Memory> {
        let mut out = vec![];
        for a in args {
            match a {
                In::A(a) => out.push(Memory::new(a.dtype, &a.bytes)),
                In::T(items) => out.extend(In::memory(items)),
                _ => {}
            }
        }
        out
    }
}

/// The memory an array argument views, aligned as its elements must be (NumPy's arrays are).
pub struct Memory {
    pub dtype: DType,
    words: Vec<u64>,
    len: usize,
}

impl Memory {
    fn new(dtype: DType, bytes: &[u8]) -> Memory {
        let mut words = vec![0u64; bytes.len().div_ceil(8)];
        let mut memory = Memory {
            dtype,
            words: vec![],
            len: bytes.len(),
        };
        for (word, chunk) in words.iter_mut().zip(bytes.chunks(8)) {
            let mut padded = [0u8; 8];
            padded[..chunk.len()].copy_from_slice(chunk);
            *word = u64::from_ne_bytes(padded);
        }
        memory.words = words;
        memory
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.words
            .iter()
            .flat_map(|w| w.to_ne_bytes())
            .take(self.len)
            .collect()
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: the words' memory, `len` bytes of it, borrowed mutably as long as `self`.
        unsafe { std::slice::from_raw_parts_mut(self.words.as_mut_ptr() as *mut u8, self.len) }
    }
}

/// A float as JSON: the non-finite ones as the strings Python's `float()` reads.
fn float_to_json(x: f64) -> Value {
    match x {
        x if x.is_nan() => "nan".into(),
        x if x.is_infinite() => if x > 0.0 { "inf" } else { "-inf" }.into(),
        x => x.into(),
    }
}

pub fn float_from_json(v: &Value) -> f64 {
    match v.as_str() {
        Some(text) => text.parse().unwrap(),
        None => v.as_f64().unwrap(),
    }
}
