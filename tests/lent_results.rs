//! Results in an argument's memory (`return a[1:]`, `return a`): the calls that lend them
//! (`CompiledFunction::call_lending`, the Python dispatcher's) give their descriptor, not a
//! copy, and no buffer is leaked or freed twice; the plain call still copies them.

use blackbird::runtime::{count_heap_buffers, take_buffer_balance, ArrayArg, DType};
use blackbird::{Arg, Module, PyValue};

const SOURCE: &str = "\
import numpy as np
from numba import njit


@njit
def tail(a):
    return a[1:]


@njit
def itself(a):
    return a


@njit
def backwards(a):
    return a[::-1, ::2]


@njit
def fresh_and_view(a):
    b = a * 2.0
    return b, a[2:]


@njit
def view_or_fresh(a, k):
    if k > 0:
        return a[1:]
    return a + 1.0
";

fn module() -> Module {
    count_heap_buffers(true);
    Module::from_source(SOURCE, "lent.py").unwrap()
}

/// Call `name` of `m` lending, and check the heap buffers balance.
fn call_lending(m: &Module, name: &str, args: &mut [Arg]) -> PyValue {
    let f = m.function(name).unwrap();
    let c = f.specialization(args).unwrap();
    take_buffer_balance();
    let v = c.call_lending(args).unwrap();
    let balance = take_buffer_balance().expect("compiled with buffer counting");
    assert!(balance.is_balanced(), "{name}: {balance:?}");
    v
}

#[test]
fn views_of_arguments_are_lent_not_copied() {
    let m = module();
    let mut a = ndarray::Array1::from_iter((0..6).map(f64::from));
    let first = a.as_ptr() as usize;
    let mut args = [Arg::Array(ArrayArg::new(a.view_mut()))];
    match call_lending(&m, "tail", &mut args) {
        PyValue::Lent(l) => {
            assert_eq!(l.dtype, DType::F64);
            assert_eq!(l.first, first + 8);
            assert_eq!((l.shape.clone(), l.strides.clone()), (vec![5], vec![1]));
            assert_eq!(l.byte_extent(), Some((first + 8, first + 48)));
            // SAFETY: `a` is alive.
            let copy = unsafe { l.copy() };
            assert_eq!(*copy.data_f64(), [1.0, 2.0, 3.0, 4.0, 5.0]);
        }
        other => panic!("{other:?}"),
    }
    match call_lending(&m, "itself", &mut args) {
        PyValue::Lent(l) => assert_eq!((l.first, l.shape), (first, vec![6])),
        other => panic!("{other:?}"),
    }
    // The plain call copies.
    let f = m.function("tail").unwrap();
    assert!(matches!(f.call(&mut args).unwrap(), PyValue::Array(_)));
}

#[test]
fn negative_strides_are_lent_with_their_extent() {
    let m = module();
    let mut a = ndarray::Array2::from_shape_fn((3, 4), |(i, j)| (4 * i + j) as f64);
    let first = a.as_ptr() as usize;
    let mut args = [Arg::Array(ArrayArg::new(a.view_mut()))];
    match call_lending(&m, "backwards", &mut args) {
        PyValue::Lent(l) => {
            assert_eq!(
                (l.shape.clone(), l.strides.clone()),
                (vec![3, 2], vec![-4, 2])
            );
            assert_eq!(l.first, first + 8 * 8);
            // Rows 2, 1, 0 and columns 0, 2: elements 0 to 10.
            assert_eq!(l.byte_extent(), Some((first, first + 11 * 8)));
            // SAFETY: `a` is alive.
            let copy = unsafe { l.copy() };
            assert_eq!(*copy.data_f64(), [8.0, 10.0, 4.0, 6.0, 0.0, 2.0]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn fresh_arrays_stay_owned_beside_lent_ones() {
    let m = module();
    let mut a = ndarray::Array1::from_iter((0..5).map(f64::from));
    let mut args = [Arg::Array(ArrayArg::new(a.view_mut()))];
    match call_lending(&m, "fresh_and_view", &mut args) {
        PyValue::Tuple(items) => match items.as_slice() {
            [PyValue::Array(b), PyValue::Lent(v)] => {
                assert_eq!(*b.data_f64(), [0.0, 2.0, 4.0, 6.0, 8.0]);
                assert_eq!(v.shape, vec![3]);
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    let mut args = [Arg::Array(ArrayArg::new(a.view_mut())), Arg::Int(1)];
    assert!(matches!(
        call_lending(&m, "view_or_fresh", &mut args),
        PyValue::Lent(_)
    ));
    let mut args = [Arg::Array(ArrayArg::new(a.view_mut())), Arg::Int(0)];
    assert!(matches!(
        call_lending(&m, "view_or_fresh", &mut args),
        PyValue::Array(_)
    ));
}

trait F64Data {
    fn data_f64(&self) -> Vec<f64>;
}

impl F64Data for blackbird::runtime::OwnedArray {
    fn data_f64(&self) -> Vec<f64> {
        match &self.data {
            blackbird::runtime::ArrayData::F64(d) => d.to_vec(),
            other => panic!("{other:?}"),
        }
    }
}
