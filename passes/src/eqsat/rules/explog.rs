//! Exponentials and logarithms.

use super::{per_float, Condition, Legality, RuleText};

/// Fastmath: `exp(a)*exp(b) = exp(a+b)` (one call instead of two; overflow differs),
/// `log(exp(x)) = x`, `exp(log(x)) = x` (wrong for x < 0 and by rounding).
pub fn fastmath() -> Vec<RuleText> {
    per_float(
        &[
            (
                "exp-product",
                "(mulf (exp ?a) (exp ?b))",
                "(exp (addf ?a ?b))",
            ),
            ("log-exp", "(log (exp ?x))", "?x"),
            ("exp-log", "(exp (log ?x))", "?x"),
        ],
        Legality::Fastmath,
        Condition::Always,
    )
}
