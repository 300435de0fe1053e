//! Values exchanged with the oracle and the Blackbird worker (JSON, floats as exact reprs),
//! and how two outcomes are compared.

use serde_json::{json, Value as Json};

/// A Python value: what a call returned, or an array argument's base after the call.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    None,
    Int(i128),
    Float(f64),
    Bool(bool),
    Tuple(Vec<Value>),
    Array {
        dtype: String,
        shape: Vec<usize>,
        data: Vec<f64>,
    },
}

/// What one call did.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Returned {
        result: Value,
        arrays: Vec<Value>,
    },
    Raised(String),
    /// The function did not compile (Blackbird) or the module did not load.
    CompileError(String),
    Timeout,
    /// The worker process died (signal or abort) on this call.
    Crash(String),
}

pub fn float_text(x: f64) -> String {
    match x {
        x if x.is_nan() => "nan".into(),
        x if x.is_infinite() => (if x > 0.0 { "inf" } else { "-inf" }).into(),
        x => format!("{x:?}"),
    }
}

fn parse_float(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("bad float {s}"))
}

impl Value {
    pub fn to_json(&self) -> Json {
        match self {
            Value::None => json!({"none": true}),
            Value::Int(i) => json!({ "int": *i as i64 }),
            Value::Float(f) => json!({ "float": float_text(*f) }),
            Value::Bool(b) => json!({ "bool": b }),
            Value::Tuple(items) => {
                json!({"tuple": items.iter().map(Value::to_json).collect::<Vec<_>>()})
            }
            Value::Array { dtype, shape, data } => {
                let data: Vec<Json> = data
                    .iter()
                    .map(|x| match dtype.as_str() {
                        "float64" | "float32" => json!(float_text(*x)),
                        "bool" => json!(*x != 0.0),
                        _ => json!(*x as i64),
                    })
                    .collect();
                json!({"array": {"dtype": dtype, "shape": shape, "data": data}})
            }
        }
    }

    pub fn from_json(j: &Json) -> Value {
        if let Some(items) = j.get("tuple") {
            let items = items.as_array().expect("tuple");
            return Value::Tuple(items.iter().map(Value::from_json).collect());
        }
        if let Some(a) = j.get("array") {
            let data = a["data"]
                .as_array()
                .expect("data")
                .iter()
                .map(|x| match x {
                    Json::String(s) => parse_float(s),
                    Json::Bool(b) => *b as u8 as f64,
                    x => x.as_f64().expect("number"),
                })
                .collect();
            let shape = a["shape"].as_array().expect("shape");
            return Value::Array {
                dtype: a["dtype"].as_str().expect("dtype").to_string(),
                shape: shape.iter().map(|d| d.as_u64().unwrap() as usize).collect(),
                data,
            };
        }
        if let Some(f) = j.get("float") {
            return Value::Float(parse_float(f.as_str().expect("float text")));
        }
        if let Some(i) = j.get("int") {
            let i = i.as_i64().map(i128::from);
            return Value::Int(i.unwrap_or_else(|| j["int"].as_u64().unwrap() as i128));
        }
        if let Some(b) = j.get("bool") {
            return Value::Bool(b.as_bool().unwrap());
        }
        Value::None
    }
}

impl Outcome {
    pub fn from_json(j: &Json) -> Outcome {
        if j.get("timeout").is_some() {
            return Outcome::Timeout;
        }
        if let Some(kind) = j.get("raised") {
            return Outcome::Raised(kind.as_str().unwrap_or("?").to_string());
        }
        if let Some(e) = j.get("compile_error") {
            return Outcome::CompileError(e.as_str().unwrap_or("?").to_string());
        }
        Outcome::Returned {
            result: Value::from_json(&j["result"]),
            arrays: j["arrays"]
                .as_array()
                .map(|a| a.iter().map(Value::from_json).collect())
                .unwrap_or_default(),
        }
    }

    pub fn to_json(&self) -> Json {
        match self {
            Outcome::Returned { result, arrays } => json!({
                "result": result.to_json(),
                "arrays": arrays.iter().map(Value::to_json).collect::<Vec<_>>(),
            }),
            Outcome::Raised(kind) => json!({ "raised": kind }),
            Outcome::CompileError(e) => json!({ "compile_error": e }),
            Outcome::Timeout => json!({"timeout": true}),
            Outcome::Crash(e) => json!({ "compile_error": format!("crash: {e}") }),
        }
    }
}

/// Floats equal bit for bit (`rel == 0`, NaN equal to NaN, -0.0 to 0.0) or within `rel`
/// relative to the larger magnitude, or to 1 (values near zero).
fn close(x: f64, y: f64, rel: f64) -> bool {
    x == y || (x.is_nan() && y.is_nan()) || (x - y).abs() <= rel * x.abs().max(y.abs()).max(1.0)
}

/// Why `got` differs from `expected`, or None when they agree within `rel`.
pub fn difference(expected: &Value, got: &Value, rel: f64) -> Option<String> {
    let same = match (expected, got) {
        (Value::Float(x), Value::Float(y)) => close(*x, *y, rel),
        // Python's `min(1, 2.5)` keeps the int; compiled code has one type: compare numbers.
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => *x as f64 == *y,
        (Value::Tuple(x), Value::Tuple(y)) if x.len() == y.len() => {
            return x.iter().zip(y).find_map(|(p, q)| difference(p, q, rel));
        }
        (
            Value::Array {
                dtype: d1,
                shape: s1,
                data: x,
            },
            Value::Array {
                dtype: d2,
                shape: s2,
                data: y,
            },
        ) => {
            if d1 != d2 || s1 != s2 {
                return Some(format!("dtype/shape {d1}{s1:?} vs {d2}{s2:?}"));
            }
            if let Some(i) = (0..x.len()).find(|&i| !close(x[i], y[i], rel)) {
                return Some(format!(
                    "element {i} (flat): {} vs {}",
                    float_text(x[i]),
                    float_text(y[i])
                ));
            }
            true
        }
        (a, b) => a == b,
    };
    (!same).then(|| "values differ".to_string())
}

/// Why the two outcomes disagree, or None.
pub fn compare(expected: &Outcome, got: &Outcome, rel: f64) -> Option<String> {
    match (expected, got) {
        (Outcome::Raised(a), Outcome::Raised(b)) if a == b => None,
        (
            Outcome::Returned {
                result: r1,
                arrays: a1,
            },
            Outcome::Returned {
                result: r2,
                arrays: a2,
            },
        ) => {
            if let Some(d) = difference(r1, r2, rel) {
                return Some(format!("result: {d}"));
            }
            if a1.len() != a2.len() {
                return Some("number of arrays".into());
            }
            (0..a1.len()).find_map(|i| {
                difference(&a1[i], &a2[i], rel).map(|d| format!("argument {i} after the call: {d}"))
            })
        }
        _ => Some("outcomes differ".into()),
    }
}

/// A short name for the way a pair of outcomes disagrees, kept while shrinking.
pub fn failure_kind(expected: &Outcome, got: &Outcome, why: &str) -> String {
    let side = |o: &Outcome| match o {
        Outcome::Returned { .. } => "value".to_string(),
        Outcome::Raised(k) => format!("raised {k}"),
        Outcome::CompileError(e) => format!(
            "compile error: {}",
            e.lines()
                .next()
                .unwrap_or("")
                .split(": ")
                .last()
                .unwrap_or("")
        ),
        Outcome::Timeout => "timeout".into(),
        Outcome::Crash(_) => "crash".into(),
    };
    let where_ = why.split(':').next().unwrap_or("");
    format!("expected {}, got {} ({where_})", side(expected), side(got))
}
