//! Greedy shrinking: try smaller variants of a failing program (statements deleted, blocks
//! inlined, expressions replaced by a child of the same type or a literal, helpers dropped,
//! inputs simplified) and keep the first that still fails the same way, until none does.

use super::ast::{Expr, Input, Program, Stmt, Ty, View};
use super::runner::Runner;

/// Variants of `e`: a child of the same type in its place, or a variant of one child.
fn expr_variants(e: &Expr) -> Vec<Expr> {
    let mut out: Vec<Expr> = e.args.iter().filter(|a| a.ty == e.ty).cloned().collect();
    if let Ty::Scalar(d) = &e.ty {
        let lit = match d {
            super::ast::DType::Bool => "True",
            super::ast::DType::F64 => "1.0",
            _ => "1",
        };
        if e.tpl != lit {
            out.push(Expr::leaf(lit, e.ty.clone()));
        }
    }
    for (i, a) in e.args.iter().enumerate() {
        for v in expr_variants(a) {
            let mut copy = e.clone();
            copy.args[i] = v;
            out.push(copy);
        }
    }
    out
}

/// Variants of a block: one statement deleted or inlined, or one expression simplified.
fn block_variants(b: &[Stmt]) -> Vec<Vec<Stmt>> {
    let mut out = vec![];
    let with = |i: usize, replacement: Vec<Stmt>| {
        let mut copy = b.to_vec();
        copy.splice(i..=i, replacement);
        copy
    };
    for i in 0..b.len() {
        out.push(with(i, vec![]));
    }
    for (i, s) in b.iter().enumerate() {
        match s {
            Stmt::For(_, _, body) => out.push(with(i, body.clone())),
            Stmt::If(_, then, other) => {
                out.push(with(i, then.clone()));
                out.push(with(i, other.clone()));
            }
            _ => {}
        }
    }
    for (i, s) in b.iter().enumerate() {
        match s {
            Stmt::Assign(t, op, e) => out.extend(
                expr_variants(e)
                    .into_iter()
                    .map(|v| with(i, vec![Stmt::Assign(t.clone(), op, v)])),
            ),
            Stmt::Eval(e) => out.extend(
                expr_variants(e)
                    .into_iter()
                    .map(|v| with(i, vec![Stmt::Eval(v)])),
            ),
            Stmt::Return(Some(e)) => out.extend(
                expr_variants(e)
                    .into_iter()
                    .map(|v| with(i, vec![Stmt::Return(Some(v))])),
            ),
            Stmt::For(var, range, body) => {
                out.extend(
                    block_variants(body)
                        .into_iter()
                        .map(|v| with(i, vec![Stmt::For(var.clone(), range.clone(), v)])),
                );
            }
            Stmt::If(c, then, other) => {
                out.extend(
                    expr_variants(c)
                        .into_iter()
                        .map(|v| with(i, vec![Stmt::If(v, then.clone(), other.clone())])),
                );
                out.extend(
                    block_variants(then)
                        .into_iter()
                        .map(|v| with(i, vec![Stmt::If(c.clone(), v, other.clone())])),
                );
                out.extend(
                    block_variants(other)
                        .into_iter()
                        .map(|v| with(i, vec![Stmt::If(c.clone(), then.clone(), v)])),
                );
            }
            _ => {}
        }
    }
    out
}

fn program_variants(p: &Program) -> Vec<Program> {
    let mut out = vec![];
    for k in 0..p.funcs.len() - 1 {
        let mut copy = p.clone();
        copy.funcs.remove(k);
        out.push(copy);
    }
    for (k, f) in p.funcs.iter().enumerate() {
        for body in block_variants(&f.body) {
            let mut copy = p.clone();
            copy.funcs[k].body = body;
            out.push(copy);
        }
    }
    for (k, input) in p.inputs.iter().enumerate() {
        if let Input::Array {
            dtype,
            base,
            view,
            data,
        } = input
        {
            let mut simpler = vec![];
            if *view == View::Rev {
                // the same base, passed as it is (`step` and `T` views have other shapes)
                simpler.push(Input::Array {
                    dtype: *dtype,
                    base: base.clone(),
                    view: View::None,
                    data: data.clone(),
                });
            }
            for f in [|x: f64| x.round(), |_| 1.0, |_| 0.0] {
                let d: Vec<f64> = data.iter().map(|x| f(*x)).collect();
                if &d != data {
                    simpler.push(Input::Array {
                        dtype: *dtype,
                        base: base.clone(),
                        view: *view,
                        data: d,
                    });
                }
            }
            for s in simpler {
                let mut copy = p.clone();
                copy.inputs[k] = s;
                out.push(copy);
            }
        }
    }
    out
}

/// The smallest variant of `p` found that fails as `kind`, and how many runs it took.
pub fn shrink(runner: &mut Runner, p: &Program, kind: &str, budget: usize) -> (Program, usize) {
    let mut best = p.clone();
    let mut runs = 0;
    'outer: while runs < budget {
        let candidates = program_variants(&best);
        for chunk in candidates.chunks(16) {
            let reports = runner.run_batch(chunk);
            runs += chunk.len();
            for (c, r) in chunk.iter().zip(reports) {
                if r.failure.as_ref().is_some_and(|(k, _)| k == kind) {
                    best = c.clone();
                    continue 'outer;
                }
            }
            if runs >= budget {
                break 'outer;
            }
        }
        break;
    }
    (best, runs)
}
