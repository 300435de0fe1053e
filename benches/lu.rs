//! The LU example compiled by Blackbird at n = 10, 32, 64, 128, 256 (each call on a fresh copy).
//! Peers (Numba, SciPy, NumPy) are timed in the same run by `benches/peers/lu_peers.py`.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use ndarray::Array2;

use blackbird::{Arg, ArrayArg, Module};

fn matrix(n: usize) -> Array2<f64> {
    // Diagonally dominant, deterministic.
    Array2::from_shape_fn((n, n), |(i, j)| {
        if i == j {
            n as f64 + 1.0
        } else {
            ((i * 31 + j * 17) % 13) as f64 / 13.0
        }
    })
}

fn bench(c: &mut Criterion) {
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/lu.py")).unwrap();
    let module = Module::from_source(&source, "examples/lu.py").unwrap();
    let lu = module.function("lu").unwrap();
    let mut group = c.benchmark_group("lu");
    for n in [10, 32, 64, 128, 256] {
        let a = matrix(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &a, |b, a| {
            b.iter_batched(
                || a.clone(),
                |mut m| {
                    lu.call(&mut [Arg::Array(ArrayArg::new(m.view_mut()))])
                        .unwrap();
                    m
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
