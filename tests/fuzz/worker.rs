//! The Blackbird side, run in a child process (so that a crash or an endless loop cannot take
//! the runner down): it reads the oracle's requests from standard input, one JSON line each,
//! compiles and calls the function, and answers `@@` + the outcome's JSON on standard output.

use std::io::{BufRead, Write};

use blackbird::runtime::{ArrayData, OwnedArray};
use blackbird::{Arg, ArrayArg, Error, Module, PyValue};
use ndarray::{ArrayD, IxDyn, Slice};
use serde_json::Value as Json;

use super::value::{Outcome, Value};

/// One argument's base array, of its dtype.
enum Base {
    F64(ArrayD<f64>),
    F32(ArrayD<f32>),
    I64(ArrayD<i64>),
    I32(ArrayD<i32>),
    Bool(ArrayD<bool>),
}

fn view_arg<'a, T: blackbird::runtime::Element>(a: &'a mut ArrayD<T>, view: &str) -> Arg<'a> {
    let mut v = a.view_mut();
    match view {
        "step" => {
            for axis in 0..v.ndim() {
                v.slice_axis_inplace(ndarray::Axis(axis), Slice::new(0, None, 2));
            }
        }
        "T" => v = v.reversed_axes(),
        "rev" => v.slice_axis_inplace(ndarray::Axis(0), Slice::new(0, None, -1)),
        _ => {}
    }
    Arg::Array(ArrayArg::new(v))
}

impl Base {
    fn new(spec: &Json) -> Base {
        let shape: Vec<usize> = spec["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_u64().unwrap() as usize)
            .collect();
        let data: Vec<f64> = spec["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| match x {
                Json::String(s) => s.parse().unwrap(),
                Json::Bool(b) => *b as u8 as f64,
                x => x.as_f64().unwrap(),
            })
            .collect();
        let shape = IxDyn(&shape);
        let make = |f: fn(f64) -> _| {
            ArrayD::from_shape_vec(shape.clone(), data.iter().map(|x| f(*x)).collect()).unwrap()
        };
        match spec["dtype"].as_str().unwrap() {
            "float64" => Base::F64(make(|x| x)),
            "float32" => Base::F32(
                ArrayD::from_shape_vec(shape.clone(), data.iter().map(|x| *x as f32).collect())
                    .unwrap(),
            ),
            "int64" => Base::I64(
                ArrayD::from_shape_vec(shape.clone(), data.iter().map(|x| *x as i64).collect())
                    .unwrap(),
            ),
            "int32" => Base::I32(
                ArrayD::from_shape_vec(shape.clone(), data.iter().map(|x| *x as i32).collect())
                    .unwrap(),
            ),
            _ => Base::Bool(
                ArrayD::from_shape_vec(shape.clone(), data.iter().map(|x| *x != 0.0).collect())
                    .unwrap(),
            ),
        }
    }

    fn arg(&mut self, view: &str) -> Arg<'_> {
        match self {
            Base::F64(a) => view_arg(a, view),
            Base::F32(a) => view_arg(a, view),
            Base::I64(a) => view_arg(a, view),
            Base::I32(a) => view_arg(a, view),
            Base::Bool(a) => view_arg(a, view),
        }
    }

    fn value(&self) -> Value {
        let (dtype, shape, data): (&str, &[usize], Vec<f64>) = match self {
            Base::F64(a) => ("float64", a.shape(), a.iter().copied().collect()),
            Base::F32(a) => ("float32", a.shape(), a.iter().map(|x| *x as f64).collect()),
            Base::I64(a) => ("int64", a.shape(), a.iter().map(|x| *x as f64).collect()),
            Base::I32(a) => ("int32", a.shape(), a.iter().map(|x| *x as f64).collect()),
            Base::Bool(a) => (
                "bool",
                a.shape(),
                a.iter().map(|x| *x as u8 as f64).collect(),
            ),
        };
        Value::Array {
            dtype: dtype.into(),
            shape: shape.to_vec(),
            data,
        }
    }
}

fn owned_value(a: &OwnedArray) -> Value {
    let (dtype, data): (&str, Vec<f64>) = match &a.data {
        ArrayData::F64(v) => ("float64", v.to_vec()),
        ArrayData::F32(v) => ("float32", v.iter().map(|x| *x as f64).collect()),
        ArrayData::I64(v) => ("int64", v.iter().map(|x| *x as f64).collect()),
        ArrayData::I32(v) => ("int32", v.iter().map(|x| *x as f64).collect()),
        ArrayData::I16(v) => ("int16", v.iter().map(|x| *x as f64).collect()),
        ArrayData::I8(v) => ("int8", v.iter().map(|x| *x as f64).collect()),
        ArrayData::U8(v) => ("uint8", v.iter().map(|x| *x as f64).collect()),
        ArrayData::U16(v) => ("uint16", v.iter().map(|x| *x as f64).collect()),
        ArrayData::U32(v) => ("uint32", v.iter().map(|x| *x as f64).collect()),
        ArrayData::U64(v) => ("uint64", v.iter().map(|x| *x as f64).collect()),
        ArrayData::Bool(v) => ("bool", v.iter().map(|x| *x as u8 as f64).collect()),
    };
    if a.shape.is_empty() {
        // a 0-d array is NumPy's scalar
        return match dtype {
            "float64" | "float32" => Value::Float(data[0]),
            "bool" => Value::Bool(data[0] != 0.0),
            _ => Value::Int(data[0] as i128),
        };
    }
    Value::Array {
        dtype: dtype.into(),
        shape: a.shape.clone(),
        data,
    }
}

fn value(v: &PyValue) -> Value {
    match v {
        PyValue::None => Value::None,
        PyValue::Int(i) => Value::Int(*i as i128),
        PyValue::UInt(u) => Value::Int(*u as i128),
        PyValue::Float(f) => Value::Float(*f),
        PyValue::Bool(b) => Value::Bool(*b),
        PyValue::Tuple(items) => Value::Tuple(items.iter().map(value).collect()),
        PyValue::Complex(re, _) => Value::Float(*re),
        PyValue::Array(a) => owned_value(a),
        // `Function::call` copies every array result.
        PyValue::Lent(_) => unreachable!("a lent array from a copying call"),
    }
}

fn call(module: &Module, request: &Json) -> Outcome {
    let f = match module.function(request["function"].as_str().unwrap()) {
        Ok(f) => f,
        Err(e) => return Outcome::CompileError(e.render(Some(module.source()))),
    };
    let specs = request["args"].as_array().unwrap();
    let mut bases: Vec<Base> = specs
        .iter()
        .filter_map(|a| a.get("array").map(Base::new))
        .collect();
    let result = {
        let mut it = bases.iter_mut();
        let mut args: Vec<Arg> = specs
            .iter()
            .map(|a| {
                if a.get("array").is_some() {
                    return it.next().unwrap().arg(a["view"].as_str().unwrap_or("none"));
                }
                if let Some(i) = a.get("int") {
                    return Arg::Int(i.as_i64().unwrap());
                }
                if let Some(b) = a.get("bool") {
                    return Arg::Bool(b.as_bool().unwrap());
                }
                Arg::Float(a["float"].as_str().unwrap().parse().unwrap())
            })
            .collect();
        f.call(&mut args)
    };
    match result {
        Ok(v) => Outcome::Returned {
            result: value(&v),
            arrays: bases.iter().map(Base::value).collect(),
        },
        Err(Error::Raised { kind, .. }) => Outcome::Raised(kind),
        Err(e) => Outcome::CompileError(e.render(Some(module.source()))),
    }
}

/// Serve requests until standard input ends.
pub fn serve() {
    let stdin = std::io::stdin();
    let mut module: Option<(String, Module)> = None;
    for line in stdin.lock().lines() {
        let request: Json = serde_json::from_str(&line.unwrap()).unwrap();
        let source = request["source"].as_str().unwrap();
        if module.as_ref().is_none_or(|(s, _)| s != source) {
            module = match Module::from_source(source, "fuzzed.py") {
                Ok(m) => Some((source.to_string(), m)),
                Err(e) => {
                    let o = Outcome::CompileError(e.render(Some(source)));
                    println!("@@{}", o.to_json());
                    std::io::stdout().flush().unwrap();
                    continue;
                }
            };
        }
        let outcome = call(&module.as_ref().unwrap().1, &request);
        println!("@@{}", outcome.to_json());
        std::io::stdout().flush().unwrap();
    }
}
