//! Rewrite rules by topic. Each rule is directional (`lhs => rhs`) or an equivalence
//! (`<=>`, both directions); its legality is stated where it is defined:
//! - **exact**: the two sides compute bit-identical IEEE results (and raise the same errors)
//!   for every input, including NaN, infinities and signed zeros; always on.
//! - **fastmath**: equal in real arithmetic, but rounding, NaN, infinities or signed zeros
//!   may differ; only with `fastmath=true` (Numba's `fastmath=True`).
//! - **reassociate-matmul**: matrix-chain reassociation. Equal in real arithmetic; like any
//!   BLAS blocking it changes the summation order, so results agree to rounding (NumPy gives
//!   no summation order for `@` either). On by default, `reassociate-matmul=false` disables it.
//!
//! Patterns are written once with `:F` (or `:I`) in constants and instantiated per float (or
//! integer) type, since constants are typed.

mod arithmetic;
mod explog;
mod linalg;
mod power;

use egg::{Id, Rewrite, Subst, Var};

use super::analysis::EqsatAnalysis;
use super::language::TensorLang;

pub type Rule = Rewrite<TensorLang, EqsatAnalysis>;
type Graph = egg::EGraph<TensorLang, EqsatAnalysis>;

/// Which rule sets run.
#[derive(Copy, Clone, Debug)]
pub struct RuleSet {
    pub fastmath: bool,
    pub reassociate_matmul: bool,
}

/// The rules of `set`, exact ones first.
pub fn rules(set: RuleSet) -> Vec<Rule> {
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

/// `pattern` with its `:F` constants typed `f32` and `f64`, named `name-f32`, `name-f64`.
fn per_float(name: &str, lhs: &str, rhs: &str) -> Vec<(String, String, String)> {
    typed(name, lhs, rhs, ":F", &["f32", "f64"])
}

/// `pattern` with its `:I` constants typed `i32` and `i64`.
fn per_int(name: &str, lhs: &str, rhs: &str) -> Vec<(String, String, String)> {
    typed(name, lhs, rhs, ":I", &["i32", "i64"])
}

/// One rule per type in `types`, `marker` replaced by the type (one rule if no constant is
/// typed).
fn typed(
    name: &str,
    lhs: &str,
    rhs: &str,
    marker: &str,
    types: &[&str],
) -> Vec<(String, String, String)> {
    if !lhs.contains(marker) && !rhs.contains(marker) {
        return vec![(name.to_string(), lhs.to_string(), rhs.to_string())];
    }
    types
        .iter()
        .map(|t| {
            let ty = format!(":{t}");
            (
                format!("{name}-{t}"),
                lhs.replace(marker, &ty),
                rhs.replace(marker, &ty),
            )
        })
        .collect()
}

/// Plain rewrites from `(name, lhs, rhs)` triples.
fn plain(triples: Vec<(String, String, String)>) -> Vec<Rule> {
    triples
        .into_iter()
        .map(|(name, lhs, rhs)| {
            let l: egg::Pattern<TensorLang> = lhs.parse().expect("a valid pattern");
            let r: egg::Pattern<TensorLang> = rhs.parse().expect("a valid pattern");
            Rewrite::new(name, l, r).expect("a valid rule")
        })
        .collect()
}

/// Rewrites that apply only when `condition` holds for the match.
fn conditional(
    triples: Vec<(String, String, String)>,
    condition: fn(&mut Graph, Id, &Subst) -> bool,
) -> Vec<Rule> {
    triples
        .into_iter()
        .map(|(name, lhs, rhs)| {
            let l: egg::Pattern<TensorLang> = lhs.parse().expect("a valid pattern");
            let r: egg::Pattern<TensorLang> = rhs.parse().expect("a valid pattern");
            Rewrite::new(
                name,
                l,
                egg::ConditionalApplier {
                    condition,
                    applier: r,
                },
            )
            .expect("a valid rule")
        })
        .collect()
}

/// Is the class bound to `?x` a scalar? (A rewrite dropping an operand is only sound when
/// that operand cannot broadcast the result to a larger shape.)
fn scalar_x(egraph: &mut Graph, _: Id, subst: &Subst) -> bool {
    let x: Var = "?x".parse().expect("a variable");
    egraph[subst[x]].data.rank.is_none()
}

/// Both directions of an equivalence: `name` (lhs => rhs) and `name-rev`.
fn equivalence(triples: Vec<(String, String, String)>) -> Vec<(String, String, String)> {
    triples
        .into_iter()
        .flat_map(|(name, l, r)| [(format!("{name}-rev"), r.clone(), l.clone()), (name, l, r)])
        .collect()
}
