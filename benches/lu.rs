//! The LU example compiled by Blackbird at n = 10, 32, 64, 128, 256 (each call on a fresh copy),
//! with and without `tensor-fuse`.
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
    // As compiled, and without tensor-fuse (each array operation its own loop nest and
    // temporary): what fusion buys.
    let fused = module.function("lu").unwrap();
    let unfused = module
        .function_with("lu", |o| {
            o.tensor_passes = Some("canonicalize,cse,dce,tensor-eqsat,canonicalize,cse,dce".into())
        })
        .unwrap();
    for (name, lu) in [("lu", fused), ("lu_unfused", unfused)] {
        run(c, name, &lu);
    }
}

fn run(c: &mut Criterion, name: &str, lu: &blackbird::Function) {
    let mut group = c.benchmark_group(name);
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
