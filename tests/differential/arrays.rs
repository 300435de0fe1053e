//! Arrays: views, strides, writes in place, loops and branches that carry arrays, aliasing.

use std::path::Path;

use blackbird::{Arg, ArrayArg};

use crate::harness::*;

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
