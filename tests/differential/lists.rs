//! Python lists against CPython: the `# case:` lines of `tests/programs/lists.py`, and no list
//! outlives the call that made it.

use super::harness::check_cases;

#[test]
fn list_program_cases() {
    let n = check_cases("lists.py", |_| {});
    assert!(n >= 55, "only {n} checks: `# case:` lines lost?");
    // Every list the calls on this thread made was freed when its call ended.
    assert_eq!(blackbird::runtime::lists::live_lists(), 0);
}
