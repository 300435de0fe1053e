//! The tensor-level optimisations of `benches/peers/fusion_kernels.py` under criterion: fused
//! elementwise kernels on 1e7 float64 (into an existing array, and returning a new one),
//! `np.sum(a * b)`, and `(A @ B) @ x` at n = 1000 (reassociated to `A @ (B @ x)`).
//! NumPy, Numba and the machine's copy bandwidth are measured in the same run, with ratios
//! printed, by `benches/peers/fusion_peers.py`.

use criterion::{criterion_group, criterion_main, Criterion};
use ndarray::{Array1, Array2};

use blackbird::{Arg, ArrayArg, Function, Module};

const N: usize = 10_000_000;
const CHAIN_N: usize = 1000;

/// Deterministic values in [0, 1).
fn vector(n: usize, seed: usize) -> Array1<f64> {
    Array1::from_shape_fn(n, |i| {
        ((i * 7919 + seed * 104_729) % 10_007) as f64 / 10_007.0
    })
}

fn matrix(n: usize, seed: usize) -> Array2<f64> {
    Array2::from_shape_fn((n, n), |(i, j)| {
        ((i * 31 + j * 17 + seed * 13) % 101) as f64 / 101.0
    })
}

/// Time `f` on `arrays` (passed in order, written in place where the kernel does).
fn time(c: &mut Criterion, name: &str, f: &Function, arrays: &mut [ndarray::ArrayD<f64>]) {
    c.bench_function(name, |b| {
        b.iter(|| {
            let mut args: Vec<Arg> = arrays
                .iter_mut()
                .map(|a| Arg::Array(ArrayArg::new(a.view_mut())))
                .collect();
            f.call(&mut args).unwrap()
        })
    });
}

fn bench(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/peers/fusion_kernels.py"
    );
    let module = Module::from_source(&std::fs::read_to_string(path).unwrap(), path).unwrap();
    let function = |name: &str| module.function(name).unwrap();
    let inputs: Vec<_> = (0..5).map(|k| vector(N, k).into_dyn()).collect();
    let mut into = vec![Array1::<f64>::zeros(N).into_dyn()];
    into.extend(inputs.iter().cloned());
    time(c, "fused_into", &function("fused_into"), &mut into);
    time(c, "fused", &function("fused"), &mut inputs.clone());
    let mut hypot_into = vec![into[0].clone(), inputs[0].clone(), inputs[1].clone()];
    time(c, "hypot_into", &function("hypot_into"), &mut hypot_into);
    let mut pair = vec![inputs[0].clone(), inputs[1].clone()];
    time(c, "hypot", &function("hypot"), &mut pair);
    time(
        c,
        "sum_of_products",
        &function("sum_of_products"),
        &mut pair,
    );
    let mut chain = vec![
        matrix(CHAIN_N, 1).into_dyn(),
        matrix(CHAIN_N, 2).into_dyn(),
        vector(CHAIN_N, 3).into_dyn(),
    ];
    time(c, "chain_n1000", &function("chain"), &mut chain);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
