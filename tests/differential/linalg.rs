//! Linear algebra through LAPACK (`tests/programs/linalg_lapack.py`): its `# case:` lines on
//! their own, so that a change to `np.linalg` can be checked without every program.

use crate::harness::*;

#[test]
fn lapack_cases_match_numpy() {
    assert!(check_cases("linalg_lapack.py", |_| {}) > 40);
}
