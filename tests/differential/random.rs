//! `np.random`'s legacy streams (`tests/programs/random_legacy.py`): after `np.random.seed(s)`
//! compiled code gives NumPy's numbers bit for bit, for 60 seeds per function. The program's
//! cases also run with every other program's; this test runs them alone
//! (`cargo test --test differential random`).

use crate::harness::*;

#[test]
fn random_streams_equal_numpys() {
    let checks = check_cases("random_legacy.py", |_| {});
    assert!(checks >= 13 * 60, "only {checks} checks");
}

/// `np.random.default_rng(s)`'s `Generator` (`tests/programs/random_generator.py`): compiled
/// code gives NumPy's numbers bit for bit, for 60 seeds per method.
#[test]
fn generator_streams_equal_numpys() {
    let checks = check_cases("random_generator.py", |_| {});
    assert!(checks >= 15 * 60, "only {checks} checks");
}
