//! Python values at the boundary of compiled code: what a call returns ([`PyValue`], printed as
//! Python's `repr`), and NumPy's rules on shapes that calls of ufuncs and gufuncs apply to
//! their arrays before any code runs.
//!
//! The bottom layer of the facade: it knows no IR and no compiler.

use crate::runtime::{ArrayData, LentArray, OwnedArray};
use crate::Error;

/// A Python value returned by a compiled function.
#[derive(Clone, Debug, PartialEq)]
pub enum PyValue {
    None,
    Int(i64),
    /// A uint64 result (a Python int that may not fit an i64).
    UInt(u64),
    Float(f64),
    Bool(bool),
    Tuple(Vec<PyValue>),
    /// A complex number: real and imaginary parts.
    Complex(f64, f64),
    /// An array, owned by the caller (a copy when the function returned a view of an argument,
    /// except from the calls that lend those).
    Array(OwnedArray),
    /// An array in memory compiled code did not allocate (a view of an argument), not copied:
    /// only from [`CompiledFunction::call_raw`](crate::CompiledFunction::call_raw) and
    /// [`CompiledFunction::call_lending`](crate::CompiledFunction::call_lending), whose caller
    /// holds the arguments and makes it a view of one.
    Lent(LentArray),
}

/// The elements of an array as Python reprs, in C order.
fn element_reprs(data: &ArrayData) -> Vec<String> {
    match data {
        ArrayData::F64(v) => v.iter().map(|x| python_float_repr(*x)).collect(),
        ArrayData::F32(v) => v.iter().map(|x| python_float_repr(*x as f64)).collect(),
        ArrayData::I64(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::I32(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::I16(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::I8(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::U8(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::U16(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::U32(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::U64(v) => v.iter().map(|x| x.to_string()).collect(),
        ArrayData::Bool(v) => v
            .iter()
            .map(|x| if *x { "True".into() } else { "False".into() })
            .collect(),
    }
}

/// Nested Python lists of an array's elements (`[[1.0, 2.0], [3.0, 4.0]]`).
pub fn nested_list(a: &OwnedArray) -> String {
    fn go(items: &[String], shape: &[usize]) -> String {
        match shape.split_first() {
            None => items.first().cloned().unwrap_or_default(),
            Some((n, rest)) => {
                let chunk = rest.iter().product::<usize>().max(1);
                let parts: Vec<String> = (0..*n)
                    .map(|i| go(&items[i * chunk..((i + 1) * chunk).min(items.len())], rest))
                    .collect();
                format!("[{}]", parts.join(", "))
            }
        }
    }
    go(&element_reprs(&a.data), &a.shape)
}

impl std::fmt::Display for PyValue {
    /// As Python's `repr` prints it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PyValue::None => write!(f, "None"),
            PyValue::Int(i) => write!(f, "{i}"),
            PyValue::UInt(i) => write!(f, "{i}"),
            PyValue::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            PyValue::Float(x) => write!(f, "{}", python_float_repr(*x)),
            PyValue::Complex(re, im) => write!(f, "{}", python_complex_repr(*re, *im)),
            PyValue::Array(a) => write!(f, "array({})", nested_list(a)),
            // Its memory may be gone: described, not read.
            PyValue::Lent(a) => write!(f, "<a view of {:?} at {:#x}>", a.shape, a.first),
            PyValue::Tuple(items) => {
                let parts: Vec<String> = items.iter().map(|i| i.to_string()).collect();
                if parts.len() == 1 {
                    write!(f, "({},)", parts[0])
                } else {
                    write!(f, "({})", parts.join(", "))
                }
            }
        }
    }
}

/// Python's `repr(complex)`: `2j`, `(1+2j)`, `(1.5-0j)`, `(nan+infj)` (each part as
/// `repr(float)` without a trailing `.0`; no parentheses when the real part is +0).
pub fn python_complex_repr(re: f64, im: f64) -> String {
    let short = |x: f64| {
        let r = python_float_repr(x);
        r.strip_suffix(".0").map_or(r.clone(), str::to_string)
    };
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", short(im));
    }
    let im = short(im);
    let sign = if im.starts_with('-') { "" } else { "+" };
    format!("({}{sign}{im}j)", short(re))
}

/// Python's `repr(float)`: shortest round-trip digits, `1e-07` style exponents.
pub fn python_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let exp = if x == 0.0 {
        0
    } else {
        x.abs().log10().floor() as i32
    };
    if (-4..16).contains(&exp) {
        let s = format!("{x:?}");
        if s.contains('e') {
            format!("{x}")
        } else {
            s
        }
    } else {
        let s = format!("{x:e}");
        let (mantissa, e) = s.split_once('e').unwrap();
        let e: i32 = e.parse().unwrap();
        format!("{mantissa}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
    }
}

/// NumPy's broadcast of `shapes` (`np.broadcast_shapes`: right-aligned, sizes equal or 1), or
/// NumPy's ValueError when they do not broadcast together.
pub(crate) fn broadcast_shapes(shapes: &[&[i64]]) -> Result<Vec<i64>, Error> {
    let rank = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1; rank];
    for s in shapes {
        for (d, n) in s.iter().enumerate() {
            let o = &mut out[rank - s.len() + d];
            match (*o, *n) {
                (a, b) if a == b || b == 1 => {}
                (1, b) => *o = b,
                _ => return Err(not_broadcastable(shapes)),
            }
        }
    }
    Ok(out)
}

/// NumPy's error for operands whose shapes do not broadcast together.
fn not_broadcastable(shapes: &[&[i64]]) -> Error {
    let texts: Vec<String> = shapes.iter().map(|s| shape_text(s)).collect();
    Error::value_error(
        format!(
            "operands could not be broadcast together with shapes {}",
            texts.join(" ")
        ),
        "",
    )
}

/// A shape as NumPy prints it: `(3,)`, `(2, 3)`.
pub(crate) fn shape_text(shape: &[i64]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => {
            let dims: Vec<String> = shape.iter().map(|n| n.to_string()).collect();
            format!("({})", dims.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_python_repr_does() {
        // Expected strings are Python's own `repr` of the same values.
        for (x, py) in [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (-2.5, "-2.5"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e20, "1.5e+20"),
            (123456789.0, "123456789.0"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
            (-0.0, "-0.0"),
        ] {
            assert_eq!(python_float_repr(x), py, "{x:e}");
        }
    }

    #[test]
    fn shapes_broadcast_as_numpy_does() {
        assert_eq!(broadcast_shapes(&[&[3, 1], &[4]]).unwrap(), vec![3, 4]);
        assert_eq!(broadcast_shapes(&[&[], &[2]]).unwrap(), vec![2]);
        assert_eq!(
            broadcast_shapes(&[&[2, 1, 5], &[3, 1]]).unwrap(),
            vec![2, 3, 5]
        );
        assert_eq!(broadcast_shapes(&[]).unwrap(), Vec::<i64>::new());
        let err = broadcast_shapes(&[&[3], &[4]]).unwrap_err().to_string();
        assert!(
            err.contains("operands could not be broadcast together with shapes (3,) (4,)"),
            "{err}"
        );
        assert_eq!(
            (shape_text(&[3]), shape_text(&[2, 3])),
            ("(3,)".into(), "(2, 3)".into())
        );
    }
}
