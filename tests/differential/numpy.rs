//! NumPy functions: creation, reductions (along axes, bit for bit), special values, limits.

use std::path::Path;

use blackbird::{Arg, Error, Module};

use crate::harness::*;

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
    let ints = ints(&[7, -3, 12, 0], &[4]);
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

/// Values whose sums round at almost every addition: any other order of additions than
/// NumPy's gives a different result in the last bits.
fn rounding_values(n: usize, seed: u64) -> Vec<f64> {
    crate::spread::spread(n, 0.0, 1.0, seed)
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
        let values: Vec<i64> = rounding_values(n, 3)
            .iter()
            .map(|x| (x * 1e12) as i64)
            .collect();
        for f in ["mean", "variance"] {
            let input = ints(&values, &[n]);
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

/// Arrays too big for NumPy raise ValueError or MemoryError (as the `# case:` lines of
/// `allocation_limits.py` check) with NumPy's messages.
#[test]
fn too_big_allocations_raise_as_numpy() {
    let file = "allocation_limits.py";
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

/// `tests/programs/axis_keepdims.py`: the reductions' `axis=` (tuples too), `keepdims=`,
/// `ddof=`.
#[test]
fn axis_keepdims_cases() {
    assert!(check_cases("axis_keepdims.py", |_| {}) > 60);
}

/// `tests/programs/where_squeeze_take.py`: `np.where(cond)`, `expand_dims`, `squeeze`,
/// `take(axis=)`, `argsort(axis=)`.
#[test]
fn where_squeeze_take_cases() {
    assert!(check_cases("where_squeeze_take.py", |_| {}) > 30);
}

/// `tests/programs/advanced_indexing.py`: several index arrays, mixed with integers and
/// slices, index arrays of any rank; read, assigned and augmented.
#[test]
fn advanced_indexing_cases() {
    assert!(check_cases("advanced_indexing.py", |_| {}) > 50);
}
