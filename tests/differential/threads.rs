//! Unfused pipelines (the `# case:` lines of `fused_expressions.py` without `tensor-fuse`),
//! `prange` reductions on any number of threads.

use blackbird::{Arg, ArrayArg, Module};

use crate::harness::*;

/// Without `tensor-fuse` (every operation its own nest and temporary), the same results: what
/// the LU benchmark's unfused variant measures is the same computation.
#[test]
fn unfused_pipelines_compute_the_same() {
    let unfused = check_cases("fused_expressions.py", |o| {
        o.tensor_passes = Some("canonicalize,cse,dce".into())
    });
    assert!(unfused > 0);
    let src = "from numba import njit\n\n@njit\ndef f(a):\n    return a * 2.0\n";
    let module = Module::from_source(src, "f.py").unwrap();
    let f = module
        .function_with("f", |o| {
            o.tensor_passes = Some("tensor-fuse,no-such-pass".into())
        })
        .unwrap();
    let mut a = ndarray::Array1::<f64>::zeros(3);
    let err = f
        .call(&mut [Arg::Array(ArrayArg::new(a.view_mut()))])
        .unwrap_err()
        .to_string();
    assert!(err.contains("no-such-pass"), "{err}");
}

#[test]
fn prange_reductions_match_cpython_with_any_thread_count() {
    // Large enough that every thread gets iterations; float reductions combine per-thread
    // partial results, so they agree to rounding, integer ones exactly.
    let n = 10_001;
    let x: Vec<f64> = (0..n)
        .map(|i| ((i * 7919 % 1000) as f64 - 500.0) / 64.0)
        .collect();
    let bits: Vec<i64> = (0..n as i64)
        .map(|i| (i * 2654435761) % 1_000_003)
        .collect();
    let m: Vec<f64> = (0..300 * 40)
        .map(|i| ((i * 31 % 97) as f64 - 40.0) / 8.0)
        .collect();
    for threads in [1, 2, 3, 4] {
        let t = |o: &mut blackbird::Options| o.num_threads = Some(threads);
        let file = "prange_reductions.py";
        check_with(file, "sum_of_squares", &[arr(&x, &[n])], 1e-12, t);
        check_with(file, "total", &[arr(&m, &[300, 40])], 1e-12, t);
        check_with(
            file,
            "product_and_difference",
            &[arr(&x[..400], &[400])],
            1e-12,
            t,
        );
        check_with(file, "count_positive", &[strided(&x, &[n], 3)], EXACT, t);
        for sign in [-1.0, 0.0, 1.0] {
            // Mixed signs, then all above and all below zero: bool reductions either way.
            let y: Vec<f64> = match sign {
                0.0 => x.clone(),
                _ => x.iter().map(|v| sign * (v.abs() + 1.0)).collect(),
            };
            check_with(file, "all_and_any", &[arr(&y, &[n])], EXACT, t);
        }
        let bit_array = ints(&bits, &[n]);
        check_with(file, "any_bits", &[bit_array], EXACT, t);
        check_with(file, "nested_prange", &[arr(&m, &[300, 40])], 1e-12, t);
        // Arrays reduced from per-thread partial arrays.
        let arrays = "prange_arrays.py";
        for f in ["column_sums", "column_sums_rebound", "mixed_reductions"] {
            check_with(arrays, f, &[arr(&m, &[300, 40])], 1e-12, t);
            check_with(arrays, f, &[arr(&m[..40], &[1, 40])], 1e-12, t);
        }
        check_with(arrays, "scaled_products", &[arr(&m, &[300, 40])], 1e-12, t);
        check_with(
            arrays,
            "aliased_accumulator",
            &[strided(&m, &[300, 40], 2)],
            1e-12,
            t,
        );
        check_with(arrays, "histogram", &[arr(&x, &[n]), In::I(13)], EXACT, t);
        check_with(file, "reversed_fill", &[arr(&x, &[n])], EXACT, t);
        // Minimum and maximum, with NaNs (skipped) and infinities (kept) among the values.
        let mut special = x.clone();
        special[17] = f64::NAN;
        special[5003] = f64::NAN;
        check_with(file, "extremes", &[arr(&special, &[n])], EXACT, t);
        special[9000] = f64::INFINITY;
        special[42] = f64::NEG_INFINITY;
        check_with(file, "extremes", &[arr(&special, &[n])], EXACT, t);
        let infinities = [
            f64::INFINITY,
            f64::NAN,
            f64::INFINITY,
            f64::INFINITY,
            f64::NAN,
        ];
        check_with(file, "extremes", &[arr(&infinities, &[5])], EXACT, t);
        check_with(file, "extremes", &[arr(&[f64::NAN], &[1])], EXACT, t);
        check_with(file, "extremes", &[arr(&[], &[0])], EXACT, t);
        check_with(file, "extremes", &[strided(&x, &[n], 7)], EXACT, t);
        let shifted = ints(&bits.iter().map(|b| b - 500_000).collect::<Vec<_>>(), &[n]);
        check_with(file, "int_extremes", &[shifted], EXACT, t);
        // (`prange_parallel.py`'s row sums: its `# case:` line.)
        let file = "parallel_array_expressions.py";
        let (a, b) = (arr(&m, &[300, 40]), strided(&m, &[300, 40], 2));
        let row = arr(&m[..40], &[40]);
        check_with(
            file,
            "blend",
            &[a.clone(), a.clone(), row.clone()],
            EXACT,
            t,
        );
        // (The oracle takes its inputs as one command-line argument: at most 128 KiB.)
        let y = arr(&x[..2000], &[2000]);
        check_with(
            file,
            "axpy_into",
            &[y, In::F(0.5), strided(&x[..4000], &[4000], 2)],
            EXACT,
            t,
        );
        check_with(file, "matvec", &[b, arr(&x[..20], &[20])], 1e-12, t);
        check_with(file, "norms", std::slice::from_ref(&a), 1e-12, t);
        check_with(file, "rel_diff", &[a, row], EXACT, t);
    }
}
