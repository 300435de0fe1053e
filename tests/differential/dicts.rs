//! Python dicts and sets against CPython: the `# case:` lines of `tests/programs/dicts.py`
//! and `tests/programs/sets.py`, and no dict or set outlives the call that made it.

use super::harness::check_cases;

#[test]
fn dict_program_cases() {
    let n = check_cases("dicts.py", |_| {});
    assert!(n >= 50, "only {n} checks: `# case:` lines lost?");
    // Every dict the calls on this thread made was freed when its call ended.
    assert_eq!(blackbird::runtime::lists::live_lists(), 0);
}

#[test]
fn set_program_cases() {
    let n = check_cases("sets.py", |_| {});
    assert!(n >= 20, "only {n} checks: `# case:` lines lost?");
    assert_eq!(blackbird::runtime::lists::live_lists(), 0);
}
