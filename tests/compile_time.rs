//! Compile time stays near-linear in a function's length and in its loop nesting depth.
//!
//! Deterministic rather than timed: the work the passes do is measured by the ops they visit
//! (listing a block again after a change, walking, stepping: `Context::op_visits`) and the ops
//! they create (`Context::ops_created`), from Python source through the tensor and loop
//! pipelines, and compared between programs of n and 4n statements (or nested loops). Linear
//! work grows 4×; a pass that rescans its block or function per op, or copies a growing body
//! per fused op, grows 16×. The bound, 6×, leaves room for the small fixed part.

use blackbird::dialects::ir::Context;
use blackbird::passes::default_registry;
use blackbird::passes::pipeline::PassManager;

/// What `compile` runs after the frontend (its tensor and loop pipelines, on the CPU).
fn pipeline(signature: &str) -> String {
    format!(
        "py-infer-types{{function=f,signature=\"{signature}\"}},convert-py-to-tensor{{function=f}},\
         ownership-based-buffer-deallocation,canonicalize,cse,dce,tensor-fuse,tensor-eqsat,canonicalize,cse,dce,\
         convert-tensor-to-loop{{threaded-products=true,threaded-sums=true,pairwise-sums=true}},\
         canonicalize,cse,dce"
    )
}

/// (ops visited, ops created) compiling `f` of `source` for `signature`.
fn work(source: &str, signature: &str) -> (u64, usize) {
    let mut ctx = Context::new();
    let program = blackbird::lower_python(&mut ctx, source, "long.py").expect("lowers");
    let mut pm = PassManager::parse(&default_registry(), &pipeline(signature)).expect("parses");
    pm.run(&mut ctx, program.module).expect("compiles");
    (ctx.op_visits(), ctx.ops_created())
}

fn assert_near_linear(what: &str, program: impl Fn(usize) -> String, signature: &str, n: usize) {
    let (visits, created) = work(&program(n), signature);
    let (visits_4n, created_4n) = work(&program(4 * n), signature);
    for (measure, small, large) in [
        ("ops visited", visits as f64, visits_4n as f64),
        ("ops created", created as f64, created_4n as f64),
    ] {
        let ratio = large / small;
        assert!(
            ratio < 6.0,
            "{what}: {measure} grow {ratio:.1}× from {n} to {} (linear: 4×): {small} → {large}",
            4 * n
        );
    }
}

/// `body(k)` for k in 0..n, every tenth statement an `if`, as the function `f(x, y)`.
fn straight_line(n: usize, statement: &str, branch: &str) -> String {
    let mut out = String::from("import numpy as np\n\ndef f(x, y):\n");
    for k in 0..n {
        if k % 10 == 9 {
            out.push_str(&branch.replace("K", &k.to_string()));
        } else {
            out.push_str(statement);
        }
    }
    out.push_str("    return x\n");
    out
}

#[test]
fn scalar_statements() {
    assert_near_linear(
        "scalar statements",
        |n| {
            straight_line(
                n,
                "    x = x * 1.0001 + y\n",
                "    if x > K.0:\n        x = x - 1.0\n",
            )
        },
        "(f64, i64) -> !py.object",
        200,
    );
}

#[test]
fn array_statements_with_branches() {
    assert_near_linear(
        "array statements",
        |n| {
            straight_line(
                n,
                "    x = x * 2.0 + y\n",
                "    if x[0] > K.0:\n        x = x - 1.0\n",
            )
        },
        "(!py.array<f64, 1, C>, !py.array<f64, 1, C>) -> !py.object",
        40,
    );
}

/// One expression fused across every statement: a single map whose body grows with n.
#[test]
fn one_fused_chain() {
    assert_near_linear(
        "a fused chain",
        |n| straight_line(n, "    x = x * 2.0 + y\n", "    x = x * 2.0 + y\n"),
        "(!py.array<f64, 1, C>, !py.array<f64, 1, C>) -> !py.object",
        50,
    );
}

#[test]
fn nested_loops() {
    assert_near_linear(
        "nested loops",
        |n| {
            let mut out = String::from("def f(x, y):\n    s = 0.0\n");
            for k in 0..n {
                out.push_str(&" ".repeat(4 * (k + 1)));
                out.push_str(&format!("for i{k} in range(y):\n"));
            }
            out.push_str(&" ".repeat(4 * (n + 1)));
            out.push_str("s = s + x\n    return s\n");
            out
        },
        "(f64, i64) -> !py.object",
        25,
    );
}
