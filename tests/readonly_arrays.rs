//! Read-only array arguments (`ArrayArg::readonly`, a read-only NumPy array): typed
//! `!py.array<…, readonly>` (Numba's `readonly array(…)`), their own specialisation; a write
//! into one, or into a view of one, is a located typing error; reads and new arrays computed
//! from one compile and run.

use blackbird::runtime::ArrayArg;
use blackbird::{Arg, Error, Module, PyValue};

const SOURCE: &str = "\
import numpy as np
from numba import njit


@njit
def total(a):
    return a.sum()


@njit
def write(a):
    a[0] = 1.0


@njit
def write_view(a):
    b = a.T[1:]
    b[0, 0] = 1.0


@njit
def in_place(a):
    a *= 2.0


@njit
def fresh(a):
    b = a + 1.0
    b[0, 0] = 0.0
    return b.sum()
";

fn readonly(a: &mut ndarray::Array2<f64>) -> Arg<'_> {
    let mut arg = ArrayArg::new(a.view_mut());
    arg.readonly = true;
    Arg::Array(arg)
}

#[test]
fn read_only_arrays_are_their_own_specialisation() {
    let m = Module::from_source(SOURCE, "ro.py").unwrap();
    let f = m.function("total").unwrap();
    let mut a = ndarray::Array2::from_shape_fn((2, 3), |(i, j)| (3 * i + j) as f64);
    let mut w = a.clone();
    let ro = f.specialization(&[readonly(&mut a)]).unwrap();
    assert!(
        ro.signature.ends_with("(readonly array(float64, 2d, C))"),
        "{}",
        ro.signature
    );
    let rw = f
        .specialization(&[Arg::Array(ArrayArg::new(w.view_mut()))])
        .unwrap();
    assert!(
        rw.signature.ends_with("(array(float64, 2d, C))"),
        "{}",
        rw.signature
    );
    assert_eq!(
        f.call(&mut [readonly(&mut a)]).unwrap(),
        PyValue::Float(15.0)
    );
    assert_eq!(
        m.function("fresh")
            .unwrap()
            .call(&mut [readonly(&mut a)])
            .unwrap(),
        PyValue::Float(20.0)
    );
}

#[test]
fn a_write_into_a_read_only_array_is_a_located_typing_error() {
    let m = Module::from_source(SOURCE, "ro.py").unwrap();
    for (name, line, ty) in [
        ("write", 12, "readonly array(float64, 2d, C)"),
        ("write_view", 18, "readonly array(float64, 2d, A)"),
        ("in_place", 23, "readonly array(float64, 2d, C)"),
    ] {
        let mut a = ndarray::Array2::<f64>::zeros((2, 3));
        let f = m.function(name).unwrap();
        let e = match f.specialization(&[readonly(&mut a)]) {
            Err(e) => e,
            Ok(_) => panic!("{name}: compiled"),
        };
        assert!(matches!(e, Error::Diagnostic(_)), "{name}: {e:?}");
        let text = e.render(Some(SOURCE));
        assert!(
            text.contains(&format!("ro.py:{line}:"))
                && text.contains(&format!("Cannot modify readonly array of type: {ty}")),
            "{name}: {text}"
        );
        // Writeable, it compiles.
        let mut w = ndarray::Array2::<f64>::zeros((2, 3));
        assert!(f
            .specialization(&[Arg::Array(ArrayArg::new(w.view_mut()))])
            .is_ok());
    }
}
