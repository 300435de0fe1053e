//! Rewrite rules by topic, as text: each rule is directional (`lhs => rhs`; an equivalence
//! is written as two rules), with its legality stated where it is defined:
//! - **exact**: the two sides compute bit-identical IEEE results (and raise the same errors)
//!   for every input, including NaN, infinities and signed zeros; always on.
//! - **fastmath**: equal in real arithmetic, but rounding, NaN, infinities or signed zeros
//!   may differ; only with `fastmath=true` (Numba's `fastmath=True`).
//! - **reassociation**: matrix-chain reassociation. Equal in real arithmetic; like any BLAS
//!   blocking it changes the summation order, so results agree to rounding (NumPy fixes no
//!   summation order for `@` either). On by default; `reassociate-matmul=false` disables it.
//!
//! Patterns are written once with `:F` (or `:I`) in constants and instantiated per float (or
//! integer) type, since constants are typed. Tests evaluate both sides of every scalar rule
//! on many inputs (`passes/tests/eqsat_rules.rs`).

mod arithmetic;
mod explog;
mod linalg;
mod power;

use egg::{Id, Rewrite, Subst, Var};

use super::analysis::EqsatAnalysis;
use super::language::{ScalarKind, TensorLang};

pub type Rule = Rewrite<TensorLang, EqsatAnalysis>;
type Graph = egg::EGraph<TensorLang, EqsatAnalysis>;

/// Which rule sets run.
#[derive(Copy, Clone, Debug)]
pub struct RuleSet {
    pub fastmath: bool,
    pub reassociate_matmul: bool,
}

/// How far the two sides of a rule agree (see the module docs).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Legality {
    Exact,
    Fastmath,
    Reassociation,
}

/// When a rule may fire.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    Always,
    /// `?x` is a scalar (dropping it cannot change the result's shape).
    ScalarX,
    /// `?s` is a scalar.
    ScalarS,
    /// Both groupings of `?a @ ?b @ ?c` have array intermediates.
    ProductsStayArrays,
}

/// One rule as text.
#[derive(Clone, Debug)]
pub struct RuleText {
    pub name: String,
    pub lhs: String,
    pub rhs: String,
    pub legality: Legality,
    pub condition: Condition,
    /// The instantiated type of the rule's typed constants: the match must have it (else an
    /// `x+x => x*2.0:f32` would fire on f64 code).
    pub kind: Option<ScalarKind>,
}

/// The rules of `set` as text, exact ones first.
pub fn rule_texts(set: RuleSet) -> Vec<RuleText> {
    let mut rules = arithmetic::exact();
    rules.extend(power::exact());
    if set.fastmath {
        rules.extend(arithmetic::fastmath());
        rules.extend(power::fastmath());
        rules.extend(explog::fastmath());
        rules.extend(linalg::fastmath());
    }
    if set.reassociate_matmul {
        rules.extend(linalg::reassociate());
    }
    rules
}

/// The rules of `set`, ready for egg.
pub fn rules(set: RuleSet) -> Vec<Rule> {
    rule_texts(set).iter().map(build).collect()
}

fn build(rule: &RuleText) -> Rule {
    let lhs: egg::Pattern<TensorLang> = rule.lhs.parse().expect("a valid pattern");
    let rhs: egg::Pattern<TensorLang> = rule.rhs.parse().expect("a valid pattern");
    if rule.condition == Condition::Always && rule.kind.is_none() {
        return Rewrite::new(rule.name.clone(), lhs, rhs).expect("a rule");
    }
    let applier = egg::ConditionalApplier {
        condition: Guard {
            condition: rule.condition,
            kind: rule.kind,
        },
        applier: rhs,
    };
    Rewrite::new(rule.name.clone(), lhs, applier).expect("a rule")
}

/// A rule's condition and type check.
struct Guard {
    condition: Condition,
    kind: Option<ScalarKind>,
}

impl egg::Condition<TensorLang, EqsatAnalysis> for Guard {
    fn check(&self, egraph: &mut Graph, eclass: Id, subst: &Subst) -> bool {
        let rank = |name: &str| {
            let v: Var = name.parse().expect("a variable");
            egraph[subst[v]].data.rank
        };
        let holds = match self.condition {
            Condition::Always => true,
            Condition::ScalarX => rank("?x").is_none(),
            Condition::ScalarS => rank("?s").is_none(),
            Condition::ProductsStayArrays => {
                let r = |name| rank(name).unwrap_or(0);
                r("?a") + r("?b") > 2 && r("?b") + r("?c") > 2
            }
        };
        holds && self.kind.is_none_or(|k| egraph[eclass].data.kind == k)
    }
}

/// Rules from `(name, lhs, rhs)` with `:F` constants, one per float type (one in all if no
/// constant is typed).
fn per_float(
    triples: &[(&str, &str, &str)],
    legality: Legality,
    condition: Condition,
) -> Vec<RuleText> {
    typed(triples, ":F", &["f32", "f64"], legality, condition)
}

/// Rules with `:I` constants, one per integer type.
fn per_int(
    triples: &[(&str, &str, &str)],
    legality: Legality,
    condition: Condition,
) -> Vec<RuleText> {
    typed(triples, ":I", &["i32", "i64"], legality, condition)
}

fn typed(
    triples: &[(&str, &str, &str)],
    marker: &str,
    types: &[&str],
    legality: Legality,
    condition: Condition,
) -> Vec<RuleText> {
    let mut rules = vec![];
    for (name, lhs, rhs) in triples {
        let rule = |name: String, ty: &str, kind: Option<ScalarKind>| RuleText {
            name,
            lhs: lhs.replace(marker, ty),
            rhs: rhs.replace(marker, ty),
            legality,
            condition,
            kind,
        };
        if !lhs.contains(marker) && !rhs.contains(marker) {
            rules.push(rule(name.to_string(), "", None));
            continue;
        }
        for t in types {
            let kind = ScalarKind::ALL.into_iter().find(|k| k.name() == *t);
            rules.push(rule(format!("{name}-{t}"), &format!(":{t}"), kind));
        }
    }
    rules
}

/// Both directions of each equivalence: `name` (lhs => rhs) and `name-rev`.
fn equivalences(triples: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    triples
        .iter()
        .flat_map(|(n, l, r)| {
            [
                (n.to_string(), l.to_string(), r.to_string()),
                (format!("{n}-rev"), r.to_string(), l.to_string()),
            ]
        })
        .collect()
}
