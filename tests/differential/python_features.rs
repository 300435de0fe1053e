//! The programs of the Python language's statements and functions (`assert`, loop `else`,
//! imports inside functions, inner functions, lambdas, function arguments, defaults, `try`),
//! one test per program so that each runs alone (`cargo test --test differential python_`).

use crate::harness::check_cases;

#[test]
fn python_statements_match_cpython() {
    assert!(check_cases("python_statements.py", |_| {}) >= 30);
}

#[test]
fn python_functions_and_closures_match_cpython() {
    assert!(check_cases("functions_closures.py", |_| {}) >= 30);
}

#[test]
fn python_builtins_divmod_pow_isinstance_match_cpython() {
    assert!(check_cases("builtins_more.py", |_| {}) >= 20);
}

/// `try`/`except`/`else`/`finally` (`tests/programs/try_except.py`): results, raised
/// exceptions and arrays after the call as CPython's.
#[test]
fn try_except_matches_cpython() {
    let n = super::harness::check_cases("try_except.py", |_| {});
    assert!(n >= 40, "only {n} cases");
}
