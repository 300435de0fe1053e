//! Matrix products (`@`, `np.dot`): every kernel, threads, fused multiply-add.

use blackbird::{Arg, ArrayArg, Module, PyValue};

use crate::harness::*;

#[test]
fn matrix_products() {
    let a: Vec<f64> = (0..12).map(|i| (i % 5) as f64 - 1.5).collect();
    let b: Vec<f64> = (0..8).map(|i| i as f64 * 0.25).collect();
    check(
        "products.py",
        "chain3",
        &[arr(&a, &[3, 4]), arr(&b, &[4, 2]), arr(&[1.0, -1.0], &[2])],
        1e-12,
    );
    let v: Vec<f64> = vec![1.0, 2.0, -3.0];
    let m: Vec<f64> = (0..12).map(|i| i as f64 - 6.0).collect();
    check(
        "products.py",
        "dots",
        &[arr(&v, &[3]), arr(&m, &[3, 4])],
        1e-12,
    );
    check(
        "products.py",
        "dots",
        &[
            strided(&[1.0, 0.0, 2.0, 0.0, -3.0, 0.0], &[6], 2),
            arr(&m, &[3, 4]),
        ],
        1e-12,
    );
    // Contractions of 1..=17 terms (eight partial sums and a remainder loop).
    for k in 1..=17 {
        let a: Vec<f64> = (0..5 * k)
            .map(|i| ((i * 7) % 11) as f64 * 0.37 - 1.5)
            .collect();
        let b: Vec<f64> = (0..k * 6)
            .map(|i| ((i * 5) % 13) as f64 * 0.21 - 1.0)
            .collect();
        let x: Vec<f64> = (0..6).map(|i| i as f64 * 0.5 - 1.0).collect();
        check(
            "products.py",
            "chain3",
            &[arr(&a, &[5, k]), arr(&b, &[k, 6]), arr(&x, &[6])],
            1e-12,
        );
        let v: Vec<f64> = (0..k).map(|i| i as f64 * 0.75 - 2.0).collect();
        let m: Vec<f64> = (0..k * 3).map(|i| (i % 4) as f64 - 1.25).collect();
        check(
            "products.py",
            "dots",
            &[arr(&v, &[k]), arr(&m, &[k, 3])],
            1e-12,
        );
    }
    // Products large enough to run their rows on threads (at least 2^16 multiply-adds
    // each: matrix-vector, vector-matrix and matrix-matrix), at 1 to 3 threads, contiguous
    // and strided.
    {
        let (n, k, m) = (300, 260, 280);
        let wave = |len: usize, f: usize| -> Vec<f64> {
            (0..len)
                .map(|i| ((i * f % 101) as f64 - 50.0) / 16.0)
                .collect()
        };
        let (a, b, x) = (wave(n * k, 7), wave(k * m, 11), wave(m, 13));
        for threads in [1, 2, 3] {
            let t = |o: &mut blackbird::Options| o.num_threads = Some(threads);
            check_with(
                "products.py",
                "chain3",
                &[arr(&a, &[n, k]), arr(&b, &[k, m]), arr(&x, &[m])],
                1e-12,
                t,
            );
            check_with(
                "products.py",
                "chain3",
                &[
                    arr(&a, &[n, k]),
                    arr(&b, &[k, m]),
                    strided(&wave(2 * m, 3), &[2 * m], 2),
                ],
                1e-12,
                t,
            );
            check_with(
                "products.py",
                "dots",
                &[arr(&x[..k], &[k]), arr(&b, &[k, m])],
                1e-12,
                t,
            );
        }
    }
    // Matrix-matrix and vector-matrix products around the 4 x 8 register blocks: whole
    // blocks, rows below them, columns beside them, empty contractions; contiguous and with
    // strided rows of B (summed element by element). Quarters: every sum is exact in any
    // order, so the results must equal NumPy's bit for bit.
    let wave = |len: usize| -> Vec<f64> {
        (0..len)
            .map(|i| ((i * 37 % 23) as f64 - 11.0) * 0.25)
            .collect()
    };
    for (n, k, m) in [
        (4, 3, 8),
        (5, 7, 9),
        (9, 1, 17),
        (3, 0, 8),
        (8, 13, 16),
        (1, 5, 7),
    ] {
        let (a, b) = (wave(n * k), wave(k * m + 5));
        check(
            "products.py",
            "product",
            &[arr(&a, &[n, k]), arr(&b[..k * m], &[k, m])],
            EXACT,
        );
        check(
            "products.py",
            "product",
            &[arr(&a[..k], &[k]), arr(&b[..k * m], &[k, m])],
            EXACT,
        );
        let doubled = wave(4 * k * m);
        check(
            "products.py",
            "product",
            &[arr(&a, &[n, k]), strided(&doubled, &[2 * k, 2 * m], 2)],
            EXACT,
        );
    }
    // `@` of two vectors (a scalar), row by row.
    let rows: Vec<f64> = (0..12).map(|i| (i % 5) as f64 - 1.5).collect();
    check(
        "products.py",
        "row_dots",
        &[arr(&rows, &[3, 4]), arr(&[0.5, -1.0, 2.0, 0.25], &[4])],
        EXACT,
    );
    // Mismatched inner dimensions raise ValueError, as NumPy does.
    check(
        "products.py",
        "chain3",
        &[arr(&a, &[3, 4]), arr(&a, &[3, 4]), arr(&[1.0, -1.0], &[2])],
        EXACT,
    );
}

/// Whether the CPU fuses a multiplication and an addition (the JIT compiles for the host).
fn cpu_has_fma() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("fma");
    #[cfg(target_arch = "aarch64")]
    return true;
    #[allow(unreachable_code)]
    false
}

/// Products multiply-add fused where the CPU can, as BLAS kernels do: `-1 * 1 + (1 + e)(1 - e)`
/// is `-e²` rounded once (fused), but `0` when the product `1 - e²` is rounded to `1` first.
/// Every kernel: vector·vector, matrix·vector rows, vector·matrix and matrix·matrix blocks
/// (4 × 8) and the elements beside them.
#[test]
fn matrix_products_multiply_add_fused_where_the_cpu_can() {
    let e = 2f64.powi(-30);
    let fused = match cpu_has_fma() {
        true => -e * e,
        false => 0.0,
    };
    let module = Module::from_source(
        "from numba import njit\n\n@njit\ndef mm(a, b):\n    return a @ b\n",
        "mm.py",
    )
    .unwrap();
    let mm = module.function("mm").unwrap();
    let mut row = ndarray::Array2::<f64>::zeros((5, 2));
    row.column_mut(0).fill(-1.0);
    row.column_mut(1).fill(1.0 + e);
    let mut column = ndarray::Array2::<f64>::zeros((2, 9));
    column.row_mut(0).fill(1.0);
    column.row_mut(1).fill(1.0 - e);
    let bits = |v: PyValue| -> Vec<u64> {
        match v {
            PyValue::Float(f) => vec![f.to_bits()],
            PyValue::Array(a) => match &a.data {
                blackbird::runtime::ArrayData::F64(values) => {
                    values.iter().map(|f| f.to_bits()).collect()
                }
                other => panic!("float64, got {other:?}"),
            },
            other => panic!("a float or an array, got {other:?}"),
        }
    };
    let mut cases: Vec<(ndarray::ArrayD<f64>, ndarray::ArrayD<f64>, usize)> = vec![
        (
            row.row(0).to_owned().into_dyn(),
            column.column(0).to_owned().into_dyn(),
            1,
        ),
        (
            row.clone().into_dyn(),
            column.column(0).to_owned().into_dyn(),
            5,
        ),
        (
            row.row(0).to_owned().into_dyn(),
            column.clone().into_dyn(),
            9,
        ),
        (row.clone().into_dyn(), column.clone().into_dyn(), 45),
    ];
    for (a, b, count) in &mut cases {
        let result = mm
            .call(&mut [
                Arg::Array(ArrayArg::new(a.view_mut())),
                Arg::Array(ArrayArg::new(b.view_mut())),
            ])
            .unwrap();
        assert_eq!(bits(result), vec![fused.to_bits(); *count], "{a} @ {b}");
    }
}
