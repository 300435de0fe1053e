//! `tensor-eqsat`'s rules, checked by evaluation.
//!
//! - Every scalar rule: both sides evaluated on the same inputs. Exact rules must agree bit
//!   for bit (NaN with NaN) on special values (signed zeros, infinities, NaN, extremes,
//!   subnormals) for f32 and f64 and wrapping i32/i64; fastmath rules within a relative
//!   1e-9 on random well-conditioned inputs (proptest).
//! - Random expressions (proptest): the cheapest equivalent after saturation with the exact
//!   rules computes bit-identical results; with the fastmath rules, results within 1e-9.

use blackbird_passes::eqsat::language::{ScalarKind, TensorLang};
use blackbird_passes::eqsat::rules::{rule_texts, Legality, RuleSet, RuleText};
use blackbird_passes::eqsat::{optimize_expr, EqsatOptions};
use egg::{ENodeOrVar, Id, Language, Pattern, RecExpr};
use proptest::prelude::*;

#[derive(Copy, Clone, Debug)]
enum Val {
    F(f64),
    I(i64),
}

/// Round to the evaluation type.
fn round(v: f64, f32: bool) -> f64 {
    if f32 {
        f64::from(v as f32)
    } else {
        v
    }
}

/// Evaluate a scalar node (None for matmul, reductions, unknown ops).
fn eval_node(node: &TensorLang, args: &[Val], f32: bool, width: u32) -> Option<Val> {
    use TensorLang as T;
    let f = |i: usize| match args[i] {
        Val::F(x) => x,
        Val::I(x) => x as f64,
    };
    let i = |k: usize| match args[k] {
        Val::I(x) => x,
        Val::F(x) => x as i64,
    };
    let wrap = |v: i64| {
        if width < 64 {
            let s = 64 - width;
            (v << s) >> s
        } else {
            v
        }
    };
    let r = |v: f64| Some(Val::F(round(v, f32)));
    match node {
        T::AddF(_) => r(f(0) + f(1)),
        T::SubF(_) => r(f(0) - f(1)),
        T::MulF(_) => r(f(0) * f(1)),
        T::DivF(_) => r(f(0) / f(1)),
        T::NegF(_) => r(-f(0)),
        T::Sqrt(_) => r(f(0).sqrt()),
        T::Exp(_) if f32 => r(f64::from((f(0) as f32).exp())),
        T::Exp(_) => r(f(0).exp()),
        T::Log(_) if f32 => r(f64::from((f(0) as f32).ln())),
        T::Log(_) => r(f(0).ln()),
        T::AbsF(_) => r(f(0).abs()),
        T::PowF(_) if f32 => r(f64::from((f(0) as f32).powf(f(1) as f32))),
        T::PowF(_) => r(f(0).powf(f(1))),
        T::Fma(_) if f32 => r(f64::from((f(0) as f32).mul_add(f(1) as f32, f(2) as f32))),
        T::Fma(_) => r(f(0).mul_add(f(1), f(2))),
        T::AddI(_) => Some(Val::I(wrap(i(0).wrapping_add(i(1))))),
        T::SubI(_) => Some(Val::I(wrap(i(0).wrapping_sub(i(1))))),
        T::MulI(_) => Some(Val::I(wrap(i(0).wrapping_mul(i(1))))),
        T::Const(c) if c.kind.is_float() => Some(Val::F(c.as_f64())),
        T::Const(c) => Some(Val::I(c.as_i64())),
        _ => None,
    }
}

/// Evaluate a pattern with variables bound to `vars` (by name).
fn eval_pattern(
    p: &Pattern<TensorLang>,
    vars: &[(String, Val)],
    f32: bool,
    width: u32,
) -> Option<Val> {
    let nodes = p.ast.as_ref();
    let mut values: Vec<Val> = Vec::with_capacity(nodes.len());
    for n in nodes {
        let v = match n {
            ENodeOrVar::Var(v) => vars.iter().find(|(k, _)| *k == v.to_string())?.1,
            ENodeOrVar::ENode(node) => {
                let args: Vec<Val> = node
                    .children()
                    .iter()
                    .map(|c| values[usize::from(*c)])
                    .collect();
                eval_node(node, &args, f32, width)?
            }
        };
        values.push(v);
    }
    values.last().copied()
}

fn same_bits(a: Val, b: Val) -> bool {
    match (a, b) {
        (Val::F(x), Val::F(y)) => (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits(),
        (Val::I(x), Val::I(y)) => x == y,
        _ => false,
    }
}

fn close(a: Val, b: Val) -> bool {
    match (a, b) {
        (Val::F(x), Val::F(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        _ => same_bits(a, b),
    }
}

struct Parsed {
    rule: RuleText,
    lhs: Pattern<TensorLang>,
    rhs: Pattern<TensorLang>,
    vars: Vec<String>,
    f32: bool,
    int_width: Option<u32>,
}

/// The scalar rules (both sides evaluable).
fn scalar_rules(set: RuleSet) -> Vec<Parsed> {
    rule_texts(set)
        .into_iter()
        .filter(|r| {
            !["matmul", "sum", "prod"]
                .iter()
                .any(|op| r.lhs.contains(op) || r.rhs.contains(op))
        })
        .map(|rule| {
            let lhs: Pattern<TensorLang> = rule.lhs.parse().unwrap();
            let rhs: Pattern<TensorLang> = rule.rhs.parse().unwrap();
            let vars = lhs.vars().iter().map(|v| v.to_string()).collect();
            let int = ["addi", "subi", "muli"]
                .iter()
                .any(|op| rule.lhs.contains(op));
            let int_width = int.then(|| if rule.name.ends_with("-i32") { 32 } else { 64 });
            let f32 = rule.name.ends_with("-f32");
            Parsed {
                rule,
                lhs,
                rhs,
                vars,
                f32,
                int_width,
            }
        })
        .collect()
}

fn assignments(vars: usize, values: &[Val]) -> Vec<Vec<Val>> {
    let mut all = vec![vec![]];
    for _ in 0..vars {
        all = all
            .into_iter()
            .flat_map(|a| values.iter().map(move |v| [a.clone(), vec![*v]].concat()))
            .collect();
    }
    all
}

const SPECIAL_FLOATS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    2.0,
    3.0,
    -2.5,
    1.1,
    1e308,
    -1e308,
    1e-300,
    5e-324,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
];
const SPECIAL_INTS: &[i64] = &[
    0,
    1,
    -1,
    2,
    7,
    -12345,
    i64::MAX,
    i64::MIN,
    i32::MAX as i64,
    i32::MIN as i64,
];

#[test]
fn exact_rules_agree_bit_for_bit_on_special_values() {
    let rules = scalar_rules(RuleSet {
        fastmath: false,
        reassociate_matmul: false,
    });
    assert!(rules.len() > 20, "the exact rules are listed");
    for p in rules {
        assert_eq!(p.rule.legality, Legality::Exact, "{}", p.rule.name);
        let values: Vec<Val> = match p.int_width {
            Some(_) => SPECIAL_INTS.iter().map(|v| Val::I(*v)).collect(),
            None => SPECIAL_FLOATS
                .iter()
                .map(|v| Val::F(round(*v, p.f32)))
                .collect(),
        };
        let width = p.int_width.unwrap_or(64);
        for a in assignments(p.vars.len(), &values) {
            let a: Vec<Val> = a
                .into_iter()
                .map(|v| match v {
                    Val::I(x) if width < 64 => Val::I(i64::from(x as i32)),
                    v => v,
                })
                .collect();
            let bound: Vec<(String, Val)> = p.vars.iter().cloned().zip(a.iter().copied()).collect();
            let l = eval_pattern(&p.lhs, &bound, p.f32, width).expect("evaluable");
            let r = eval_pattern(&p.rhs, &bound, p.f32, width).expect("evaluable");
            assert!(
                same_bits(l, r),
                "rule {} differs at {bound:?}: {l:?} vs {r:?}",
                p.rule.name
            );
        }
    }
}

proptest! {
    #[test]
    fn fastmath_rules_agree_within_tolerance(xs in prop::collection::vec(0.1f64..10.0, 3)) {
        let rules = scalar_rules(RuleSet { fastmath: true, reassociate_matmul: false });
        for p in rules.iter().filter(|p| p.rule.legality == Legality::Fastmath) {
            let bound: Vec<(String, Val)> = p.vars.iter().cloned()
                .zip(xs.iter().map(|x| Val::F(round(*x, p.f32))))
                .collect();
            let l = eval_pattern(&p.lhs, &bound, p.f32, 64).expect("evaluable");
            let r = eval_pattern(&p.rhs, &bound, p.f32, 64).expect("evaluable");
            let tolerance_ok = if p.f32 {
                match (l, r) { (Val::F(x), Val::F(y)) => (x - y).abs() <= 1e-5 * x.abs().max(1.0), _ => false }
            } else {
                close(l, r)
            };
            prop_assert!(tolerance_ok, "rule {} at {:?}: {:?} vs {:?}", p.rule.name, bound, l, r);
        }
    }
}

/// A random scalar expression over leaves v0..v2 (f64).
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (0u32..3).prop_map(|i| format!("v{i}")),
        prop::sample::select(vec![
            "0.0:f64", "-0.0:f64", "1.0:f64", "2.0:f64", "0.5:f64", "-1.0:f64"
        ])
        .prop_map(str::to_string),
    ];
    leaf.prop_recursive(5, 40, 3, |inner| {
        prop_oneof![
            (
                prop::sample::select(vec!["addf", "subf", "mulf", "divf", "powf"]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(op, a, b)| format!("({op} {a} {b})")),
            (
                prop::sample::select(vec!["negf", "sqrt", "exp", "absf"]),
                inner.clone()
            )
                .prop_map(|(op, a)| format!("({op} {a})")),
        ]
    })
}

fn eval_expr(e: &RecExpr<TensorLang>, leaves: &[f64]) -> f64 {
    let mut values: Vec<Val> = vec![];
    for node in e.as_ref() {
        let v = match node {
            TensorLang::Leaf(l) => Val::F(leaves[l.0 as usize]),
            n => {
                let args: Vec<Val> = n
                    .children()
                    .iter()
                    .map(|c: &Id| values[usize::from(*c)])
                    .collect();
                eval_node(n, &args, false, 64).expect("scalar")
            }
        };
        values.push(v);
    }
    match values.last() {
        Some(Val::F(x)) => *x,
        _ => unreachable!(),
    }
}

fn leaves() -> Vec<(ScalarKind, Option<usize>)> {
    vec![(ScalarKind::F64, None); 3]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn exact_saturation_keeps_every_bit(
        text in expression(),
        xs in prop::collection::vec(prop::sample::select(SPECIAL_FLOATS.to_vec()), 3),
    ) {
        let expr: RecExpr<TensorLang> = text.parse().unwrap();
        let best = optimize_expr(&expr, &leaves(), &EqsatOptions::default());
        let (before, after) = (eval_expr(&expr, &xs), eval_expr(&best, &xs));
        prop_assert!(
            same_bits(Val::F(before), Val::F(after)),
            "{text} => {best} at {xs:?}: {before:?} vs {after:?}"
        );
    }

    #[test]
    fn fastmath_saturation_stays_close_on_positive_inputs(
        text in expression().prop_filter("no subtraction, division or powers", |t| {
            !t.contains("subf") && !t.contains("divf") && !t.contains("powf")
                && !t.contains("negf") && !t.contains("-") && !t.contains("exp")
        }),
        xs in prop::collection::vec(0.5f64..2.0, 3),
    ) {
        let expr: RecExpr<TensorLang> = text.parse().unwrap();
        let mut options = EqsatOptions::default();
        options.rules.fastmath = true;
        let best = optimize_expr(&expr, &leaves(), &options);
        let (before, after) = (eval_expr(&expr, &xs), eval_expr(&best, &xs));
        prop_assert!(
            (before - after).abs() <= 1e-9 * before.abs().max(1.0),
            "{text} => {best} at {xs:?}: {before} vs {after}"
        );
    }
}

#[test]
fn matmul_chain_is_reassociated_by_cost() {
    let expr: RecExpr<TensorLang> = "(matmul (matmul v0 v1) v2)".parse().unwrap();
    let leaves = vec![
        (ScalarKind::F64, Some(2)),
        (ScalarKind::F64, Some(2)),
        (ScalarKind::F64, Some(1)),
    ];
    let best = optimize_expr(&expr, &leaves, &EqsatOptions::default());
    let want: RecExpr<TensorLang> = "(matmul v0 (matmul v1 v2))".parse().unwrap();
    assert_eq!(best.to_string(), want.to_string());
    let mut off = EqsatOptions::default();
    off.rules.reassociate_matmul = false;
    assert_eq!(
        optimize_expr(&expr, &leaves, &off).to_string(),
        expr.to_string()
    );
    // Three matrices: no grouping is cheaper, so the input stays.
    let square = vec![(ScalarKind::F64, Some(2)); 3];
    let kept = optimize_expr(&expr, &square, &EqsatOptions::default());
    assert_eq!(kept.to_string(), expr.to_string());
}
