//! Matrix products and reductions.

use egg::{Id, Subst, Var};

use super::{conditional, per_float, Graph, Rule};

/// Matrix-chain reassociation `(a @ b) @ c <=> a @ (b @ c)`, where both groupings are valid
/// products (no intermediate is a scalar: NumPy's `@` rejects scalars). The cost model picks
/// the grouping with fewer flops, e.g. `(A @ B) @ x` → `A @ (B @ x)`: O(n²) instead of O(n³).
/// Errors: a size mismatch raises the same ValueError either way.
pub fn reassociate() -> Vec<Rule> {
    let triples = vec![
        (
            "matmul-associate".to_string(),
            "(matmul (matmul ?a ?b) ?c)".to_string(),
            "(matmul ?a (matmul ?b ?c))".to_string(),
        ),
        (
            "matmul-associate-rev".to_string(),
            "(matmul ?a (matmul ?b ?c))".to_string(),
            "(matmul (matmul ?a ?b) ?c)".to_string(),
        ),
    ];
    conditional(triples, products_stay_arrays)
}

/// Do both groupings of `?a @ ?b @ ?c` have array (not scalar) intermediates?
fn products_stay_arrays(egraph: &mut Graph, _: Id, subst: &Subst) -> bool {
    let rank = |name: &str| {
        let v: Var = name.parse().expect("a variable");
        egraph[subst[v]].data.rank.unwrap_or(0)
    };
    let (a, b, c) = (rank("?a"), rank("?b"), rank("?c"));
    a + b > 2 && b + c > 2
}

/// Fastmath: a scalar factor leaves a sum or a product: `sum(x*s) = sum(x)*s`,
/// `(a*s) @ b = (a @ b)*s` (one multiply per result instead of per element; rounding differs).
pub fn fastmath() -> Vec<Rule> {
    let mut triples = per_float("sum-scale", "(sum (mulf ?x ?s))", "(mulf (sum ?x) ?s)");
    triples.extend(per_float(
        "matmul-scale",
        "(matmul (mulf ?x ?s) ?b)",
        "(mulf (matmul ?x ?b) ?s)",
    ));
    conditional(triples, scalar_s)
}

fn scalar_s(egraph: &mut Graph, _: Id, subst: &Subst) -> bool {
    let s: Var = "?s".parse().expect("a variable");
    egraph[subst[s]].data.rank.is_none()
}
