//! Scalars: integer and float semantics, branches, recursion, ranges, complex numbers.

use blackbird::{Arg, Error, Module, PyValue};

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
