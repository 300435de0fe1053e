//! Differential tests: functions of `tests/programs/*.py` run compiled by Blackbird and under
//! CPython + NumPy (one oracle process, `tests/support/oracle_server.py`) on the same
//! arguments; results, raised exceptions and the arrays' memory after the call must agree.
//! The arguments are the `# case:` lines of the programs (`generated.rs` runs them all), inputs
//! generated from the signatures, and the checks written here by topic.

#[path = "../support/oracle.rs"]
mod oracle;
#[path = "../support/parallel.rs"]
mod parallel;
#[path = "../support/spread.rs"]
mod spread;

mod harness;

mod arrays;
mod dicts;
mod generated;
mod linalg;
mod lists;
mod numpy;
mod products;
mod python_features;
mod random;
mod scalars;
mod threads;
mod ufuncs;
