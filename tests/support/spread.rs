//! Deterministic test inputs shared by the integration tests.

/// A deterministic spread of inputs: uniform over [lo, hi] by a linear congruential sequence.
pub fn spread(n: usize, lo: f64, hi: f64, seed: u64) -> Vec<f64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            lo + (hi - lo) * ((state >> 11) as f64 / (1u64 << 53) as f64)
        })
        .collect()
}
