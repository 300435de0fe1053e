//! Powers and roots (strength reduction).

use super::{per_float, Condition, Legality, RuleText};

/// Exact: `x**2 = x*x` (C's pow is exact there; LLVM makes the same rewrite), `x**1 = x`,
/// and `x**0 = 1` for scalar x (also for NaN, as C's pow).
pub fn exact() -> Vec<RuleText> {
    let mut rules = per_float(
        &[
            ("powf-two", "(powf ?x 2.0:F)", "(mulf ?x ?x)"),
            ("powf-one", "(powf ?x 1.0:F)", "?x"),
        ],
        Legality::Exact,
        Condition::Always,
    );
    rules.extend(per_float(
        &[("powf-zero", "(powf ?x 0.0:F)", "1.0:F")],
        Legality::Exact,
        Condition::ScalarX,
    ));
    rules
}

/// Fastmath: `x**3 = x*x*x`, `x**0.5 = sqrt(x)` (differs at -0.0 and -inf), `x**-1 = 1/x`,
/// `sqrt(x*x) = |x|` (no overflow), `sqrt(x)*sqrt(x) = x` (wrong for x < 0).
pub fn fastmath() -> Vec<RuleText> {
    per_float(
        &[
            ("powf-three", "(powf ?x 3.0:F)", "(mulf (mulf ?x ?x) ?x)"),
            ("powf-half", "(powf ?x 0.5:F)", "(sqrt ?x)"),
            ("powf-minus-one", "(powf ?x -1.0:F)", "(divf 1.0:F ?x)"),
            ("sqrt-square", "(sqrt (mulf ?x ?x))", "(absf ?x)"),
            ("square-sqrt", "(mulf (sqrt ?x) (sqrt ?x))", "?x"),
        ],
        Legality::Fastmath,
        Condition::Always,
    )
}
