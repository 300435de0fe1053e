//! Throughput of the IR core and the generic passes on a generated module: parse, verify,
//! print, and `canonicalize,cse,dce`. Run with `cargo bench --bench ir_core`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use blackbird::dialects::ir::{parse_module, print_op, verify, Context, PrintOptions};
use blackbird::passes::{default_registry, pipeline::PassManager};

/// `functions` functions, each a loop whose body is a chain of foldable and redundant arithmetic.
fn generate(functions: usize) -> String {
    let mut out = String::new();
    for f in 0..functions {
        out.push_str(&format!(
            "func.func {{function_type = (memref<?xf64>, index) -> f64, sym_name = \"f{f}\"}} {{\n^bb0(%arg0: memref<?xf64>, %arg1: index):\n  %c0 = arith.constant {{value = 0 : index}} : index\n  %c1 = arith.constant {{value = 1 : index}} : index\n  %z = arith.constant {{value = 0.0 : f64}} : f64\n  %r = loop.for %c0, %arg1, %c1, %z : (index, index, index, f64) -> f64 {{\n  ^bb0(%i: index, %acc: f64):\n    %x = loop.load %arg0, %i : (memref<?xf64>, index) -> f64\n"
        ));
        for k in 0..20 {
            let prev = if k == 0 {
                "%x".to_string()
            } else {
                format!("%t{}", k - 1)
            };
            out.push_str(&format!(
                "    %one{k} = arith.constant {{value = 1.0 : f64}} : f64\n    %m{k} = arith.mulf {prev}, %one{k} : f64\n    %d{k} = arith.mulf {prev}, %one{k} : f64\n    %t{k} = arith.addf %m{k}, %d{k} : f64\n"
            ));
        }
        out.push_str("    %s = arith.addf %acc, %t19 : f64\n    loop.yield %s : f64\n  }\n  func.return %r : f64\n}\n");
    }
    out
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("ir_core");
    for functions in [10, 100] {
        let text = generate(functions);
        let ops = text.lines().count() as u64;
        group.throughput(Throughput::Elements(ops));
        group.bench_with_input(
            BenchmarkId::new("parse_verify", functions),
            &text,
            |b, text| {
                b.iter(|| {
                    let mut ctx = Context::new();
                    let m = parse_module(&mut ctx, text, "gen.ir").unwrap();
                    verify(&ctx, m).unwrap();
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("print", functions), &text, |b, text| {
            let mut ctx = Context::new();
            let m = parse_module(&mut ctx, text, "gen.ir").unwrap();
            b.iter(|| print_op(&ctx, m, PrintOptions::default()))
        });
        group.bench_with_input(
            BenchmarkId::new("canonicalize_cse_dce", functions),
            &text,
            |b, text| {
                b.iter(|| {
                    let mut ctx = Context::new();
                    let m = parse_module(&mut ctx, text, "gen.ir").unwrap();
                    let mut pm =
                        PassManager::parse(&default_registry(), "canonicalize,cse,dce").unwrap();
                    pm.run(&mut ctx, m).unwrap();
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
