//! Matrix products and reductions.

use super::{per_float, Condition, Legality, RuleText};

/// Matrix-chain reassociation `(a @ b) @ c <=> a @ (b @ c)`, where both groupings are valid
/// products (no intermediate is a scalar: NumPy's `@` rejects scalars). The cost model picks
/// the grouping with fewer flops, e.g. `(A @ B) @ x` → `A @ (B @ x)`: O(n²) instead of O(n³).
/// Errors: a size mismatch raises the same ValueError either way.
pub fn reassociate() -> Vec<RuleText> {
    per_float(
        &[
            (
                "matmul-associate",
                "(matmul (matmul ?a ?b) ?c)",
                "(matmul ?a (matmul ?b ?c))",
            ),
            (
                "matmul-associate-rev",
                "(matmul ?a (matmul ?b ?c))",
                "(matmul (matmul ?a ?b) ?c)",
            ),
        ],
        Legality::Reassociation,
        Condition::ProductsStayArrays,
    )
}

/// Fastmath: a scalar factor leaves a sum or a product: `sum(x*s) = sum(x)*s`,
/// `(a*s) @ b = (a @ b)*s` (one multiply per result instead of per element; rounding differs).
pub fn fastmath() -> Vec<RuleText> {
    per_float(
        &[
            ("sum-scale", "(sum (mulf ?x ?s))", "(mulf (sum ?x) ?s)"),
            (
                "matmul-scale",
                "(matmul (mulf ?x ?s) ?b)",
                "(mulf (matmul ?x ?b) ?s)",
            ),
        ],
        Legality::Fastmath,
        Condition::ScalarS,
    )
}
