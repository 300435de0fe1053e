//! Arithmetic identities.

use super::{equivalences, per_float, per_int, Condition, Legality, RuleText};

/// Exact: commutativity of IEEE `+` and `*`; `x*1`, `x/1`, `x-0`, `x+(-0)` are `x` (also for
/// x = -0.0 and NaN); `x*2 = x+x`; `x*-1 = -x`; `--x = x`; `(-x)*(-y) = x*y`;
/// `x - y = x + -y`. Integers (wrapping, as compiled): commutativity of `+` and `*`; `x+0`,
/// `x-0`, `x*1` are `x`; `x*0` and `x-x` are 0 for scalar x. (Integer associativity is exact
/// too but, with commutativity and folding, grows the e-graph without bound on index code.)
pub fn exact() -> Vec<RuleText> {
    use Condition::*;
    use Legality::Exact;
    let mut rules = per_float(
        &[
            ("commute-addf", "(addf ?x ?y)", "(addf ?y ?x)"),
            ("commute-mulf", "(mulf ?x ?y)", "(mulf ?y ?x)"),
            ("mulf-one", "(mulf ?x 1.0:F)", "?x"),
            ("divf-one", "(divf ?x 1.0:F)", "?x"),
            ("subf-zero", "(subf ?x 0.0:F)", "?x"),
            ("addf-negative-zero", "(addf ?x -0.0:F)", "?x"),
            ("mulf-minus-one", "(mulf ?x -1.0:F)", "(negf ?x)"),
            ("negf-negf", "(negf (negf ?x))", "?x"),
            (
                "mulf-negf-negf",
                "(mulf (negf ?x) (negf ?y))",
                "(mulf ?x ?y)",
            ),
        ],
        Exact,
        Always,
    );
    for (name, lhs, rhs) in equivalences(&[
        ("mulf-two", "(mulf ?x 2.0:F)", "(addf ?x ?x)"),
        ("subf-as-addf", "(subf ?x ?y)", "(addf ?x (negf ?y))"),
    ]) {
        rules.extend(per_float(&[(&name, &lhs, &rhs)], Exact, Always));
    }
    rules.extend(per_int(
        &[
            ("commute-addi", "(addi ?x ?y)", "(addi ?y ?x)"),
            ("commute-muli", "(muli ?x ?y)", "(muli ?y ?x)"),
            ("addi-zero", "(addi ?x 0:I)", "?x"),
            ("subi-zero", "(subi ?x 0:I)", "?x"),
            ("muli-one", "(muli ?x 1:I)", "?x"),
        ],
        Exact,
        Always,
    ));
    rules.extend(per_int(
        &[
            ("muli-zero", "(muli ?x 0:I)", "0:I"),
            ("subi-self", "(subi ?x ?x)", "0:I"),
        ],
        Exact,
        ScalarX,
    ));
    rules
}

/// Fastmath: associativity of `+` and `*`, factoring, `x+0 = x` (wrong for x = -0.0),
/// `x*0 = 0`, `x-x = 0`, `x/x = 1` (wrong for NaN, infinities), `a*b+c = fma(a, b, c)` (one
/// rounding instead of two).
pub fn fastmath() -> Vec<RuleText> {
    use Condition::*;
    use Legality::Fastmath;
    let mut rules = per_float(
        &[
            (
                "associate-addf",
                "(addf (addf ?x ?y) ?z)",
                "(addf ?x (addf ?y ?z))",
            ),
            (
                "associate-addf-rev",
                "(addf ?x (addf ?y ?z))",
                "(addf (addf ?x ?y) ?z)",
            ),
            (
                "associate-mulf",
                "(mulf (mulf ?x ?y) ?z)",
                "(mulf ?x (mulf ?y ?z))",
            ),
            (
                "associate-mulf-rev",
                "(mulf ?x (mulf ?y ?z))",
                "(mulf (mulf ?x ?y) ?z)",
            ),
            (
                "factor-mulf",
                "(addf (mulf ?a ?b) (mulf ?a ?c))",
                "(mulf ?a (addf ?b ?c))",
            ),
            ("addf-zero", "(addf ?x 0.0:F)", "?x"),
            ("fma", "(addf (mulf ?a ?b) ?c)", "(fma ?a ?b ?c)"),
        ],
        Fastmath,
        Always,
    );
    rules.extend(per_float(
        &[
            ("mulf-zero", "(mulf ?x 0.0:F)", "0.0:F"),
            ("subf-self", "(subf ?x ?x)", "0.0:F"),
            ("divf-self", "(divf ?x ?x)", "1.0:F"),
        ],
        Fastmath,
        ScalarX,
    ));
    rules
}
