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

/// The bit generator under the `Generator`: for 60 seeds (one and two 32-bit words),
/// `SeedSequence(s).generate_state(8)` and the first 40 outputs of `PCG64(s).random_raw()`
/// equal NumPy's, which the oracle's CPython prints at test time.
#[test]
fn pcg64_raw_streams_equal_numpys() {
    use blackbird_runtime::random::generator::{seed_sequence_words, Pcg64};
    let seeds: Vec<u64> = (0..50)
        .chain([
            123456789,
            (1 << 31) - 1,
            1 << 32,
            (1 << 32) + 1,
            (1 << 40) + 5,
            (1 << 63) - 1,
            u64::MAX,
            987654321,
            1000003,
            65536,
        ])
        .collect();
    let script = "import sys, numpy as np\n\
                  for s in map(int, sys.argv[1:]):\n\
                  \x20   print(*np.random.SeedSequence(s).generate_state(8))\n\
                  \x20   print(*np.random.PCG64(s).random_raw(40))\n";
    let out = std::process::Command::new(crate::oracle::python::python())
        .arg("-c")
        .arg(script)
        .args(seeds.iter().map(u64::to_string))
        .output()
        .expect("the oracle's CPython runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("NumPy prints ASCII");
    let mut lines = text.lines();
    for s in &seeds {
        let words: Vec<u32> = lines
            .next()
            .expect("a line per seed")
            .split(' ')
            .map(|w| w.parse().unwrap())
            .collect();
        let entropy: Vec<u32> = match s >> 32 {
            0 => vec![*s as u32],
            high => vec![*s as u32, high as u32],
        };
        assert_eq!(seed_sequence_words(&entropy, 8), words, "SeedSequence({s})");
        let raw: Vec<u64> = lines
            .next()
            .expect("a line per seed")
            .split(' ')
            .map(|w| w.parse().unwrap())
            .collect();
        let mut g = Pcg64::seeded(*s);
        let ours: Vec<u64> = (0..40).map(|_| g.next_u64()).collect();
        assert_eq!(ours, raw, "PCG64({s})");
    }
}
