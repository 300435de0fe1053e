//! `raise` in compiled code through the Rust API: the exception's class, message and source
//! location reach the caller (also from a helper and from inside a loop), the code after the
//! raise does not run, and no buffer leaks or is freed twice when a function that owns arrays
//! raises.

use blackbird::runtime::{count_heap_buffers, take_buffer_balance, ArrayArg};
use blackbird::{Arg, Error, Module, PyValue};

const SOURCE: &str = "\
import numpy as np
from numba import njit


@njit
def checked(i, n):
    if i < 0 or i >= n:
        raise IndexError(\"index out of range\")
    return i


@njit
def get_checked(a, i):
    return a[checked(i, a.shape[0])]


@njit
def fill_until(a, limit):
    b = a * 2.0
    for i in range(a.shape[0]):
        if b[i] > limit:
            raise ValueError
        a[i] = b[i]
    return b


@njit
def no_message(x):
    if x:
        raise NotImplementedError()
    return 1
";

fn module() -> Module {
    count_heap_buffers(true);
    Module::from_source(SOURCE, "raising.py").unwrap()
}

fn raised(e: Error) -> (String, String, String) {
    match e {
        Error::Raised {
            kind,
            message,
            location,
        } => (kind, message, location),
        other => panic!("not a raised exception: {other:?}"),
    }
}

#[test]
fn a_raise_in_a_helper_reaches_the_caller_with_its_class_message_and_line() {
    let m = module();
    let mut a = ndarray::Array1::from_iter((0..4).map(f64::from));
    let f = m.function("get_checked").unwrap();
    let mut args = [Arg::Array(ArrayArg::new(a.view_mut())), Arg::Int(2)];
    assert!(matches!(f.call(&mut args).unwrap(), PyValue::Float(x) if x == 2.0));
    let mut args = [Arg::Array(ArrayArg::new(a.view_mut())), Arg::Int(4)];
    let (kind, message, location) = raised(f.call(&mut args).unwrap_err());
    assert_eq!(
        (kind.as_str(), message.as_str()),
        ("IndexError", "index out of range")
    );
    assert!(location.starts_with("raising.py:8:"), "{location}");
}

#[test]
fn a_raise_in_a_loop_stops_it_and_frees_the_arrays() {
    let m = module();
    let f = m.function("fill_until").unwrap();
    let mut a = ndarray::Array1::from_vec(vec![1.0, 2.0, 30.0, 4.0]);
    let mut args = [Arg::Array(ArrayArg::new(a.view_mut())), Arg::Float(10.0)];
    let c = f.specialization(&args).unwrap();
    take_buffer_balance();
    let (kind, message, _) = raised(c.call(&mut args).unwrap_err().into());
    let balance = take_buffer_balance().expect("compiled with buffer counting");
    assert!(balance.is_balanced(), "{balance:?}");
    assert_eq!((kind.as_str(), message.as_str()), ("ValueError", ""));
    // The iterations before the raise ran; none after it.
    assert_eq!(a.to_vec(), [2.0, 4.0, 30.0, 4.0]);
}

#[test]
fn a_raise_without_a_message() {
    let m = module();
    let f = m.function("no_message").unwrap();
    assert!(matches!(
        f.call(&mut [Arg::Bool(false)]).unwrap(),
        PyValue::Int(1)
    ));
    let (kind, message, _) = raised(f.call(&mut [Arg::Bool(true)]).unwrap_err());
    assert_eq!(
        (kind.as_str(), message.as_str()),
        ("NotImplementedError", "")
    );
}
