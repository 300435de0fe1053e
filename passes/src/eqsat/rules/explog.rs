//! Exponentials and logarithms.

use super::{per_float, plain, Rule};

/// Fastmath: `exp(a)*exp(b) = exp(a+b)` (one call instead of two; overflow differs),
/// `log(exp(x)) = x`, `exp(log(x)) = x` (wrong for x < 0 and by rounding).
pub fn fastmath() -> Vec<Rule> {
    plain(
        [
            (
                "exp-product",
                "(mulf (exp ?a) (exp ?b))",
                "(exp (addf ?a ?b))",
            ),
            ("log-exp", "(log (exp ?x))", "?x"),
            ("exp-log", "(exp (log ?x))", "?x"),
        ]
        .iter()
        .flat_map(|(n, l, r)| per_float(n, l, r))
        .collect(),
    )
}
