//! NumPy's `Generator` over PCG64, bit for bit: `np.random.default_rng(seed)` hashes the
//! integer seed with NumPy's `SeedSequence` (`numpy/random/bit_generator.pyx`) into PCG64's
//! 128-bit state and increment (`numpy/random/src/pcg64/`), and the draws follow
//! `numpy/random/src/distributions/distributions.c`: 53-bit doubles, the ziggurat normal
//! and exponential samplers (NumPy's tables, [`super::ziggurat`]), Lemire's bounded
//! integers (32-bit draws while the range fits) and the masked rejection of
//! `random_interval` (the shuffles').
//!
//! `rand_pcg`'s `Lcg128Xsl64` steps and outputs as NumPy's PCG64 does (it steps first, and
//! seeds the same way), but lacks the bit generator's buffered `next_uint32` (the high half
//! of a 64-bit draw kept for the next 32-bit draw), which the bounded integers read: the
//! twenty lines are written here instead.
//!
//! Compiled code holds a generator as a pointer to a [`SharedGenerator`] that
//! `default_rng` leaks (about 64 bytes per call; compiled code cannot free it, as it cannot
//! tell when the last alias goes); its lock lets `prange` bodies share one generator
//! without a data race, as NumPy's `Generator.lock`.

use std::sync::Mutex;

use super::ziggurat::{EXP_R, FE, FI, KE, KI, NOR_INV_R, NOR_R, WE, WI};
use super::{masked_interval, BitGenerator};

/// PCG64's multiplier (`PCG_DEFAULT_MULTIPLIER_128`).
const MULTIPLIER: u128 = (2549297995355413924u128 << 64) | 4865540595714422341;

/// `SeedSequence`'s hashing constants.
const INIT_A: u32 = 0x43b0_d7e5;
const MULT_A: u32 = 0x931e_8875;
const INIT_B: u32 = 0x8b51_f9dd;
const MULT_B: u32 = 0x58f3_8ded;
const MIX_MULT_L: u32 = 0xca01_f9dd;
const MIX_MULT_R: u32 = 0x4973_f715;
const POOL_SIZE: usize = 4;

/// NumPy's `SeedSequence(entropy).generate_state(n_words, np.uint32)` for entropy given as
/// its 32-bit words (lowest first), with no spawn key.
pub fn seed_sequence_words(entropy: &[u32], n_words: usize) -> Vec<u32> {
    let hashmix = |value: u32, hash_const: &mut u32| {
        let mut value = value ^ *hash_const;
        *hash_const = hash_const.wrapping_mul(MULT_A);
        value = value.wrapping_mul(*hash_const);
        value ^ (value >> 16)
    };
    let mix = |x: u32, y: u32| {
        let r = MIX_MULT_L
            .wrapping_mul(x)
            .wrapping_sub(MIX_MULT_R.wrapping_mul(y));
        r ^ (r >> 16)
    };
    let mut hash_const = INIT_A;
    let mut pool = [0u32; POOL_SIZE];
    for (i, slot) in pool.iter_mut().enumerate() {
        *slot = hashmix(entropy.get(i).copied().unwrap_or(0), &mut hash_const);
    }
    for src in 0..POOL_SIZE {
        for dst in 0..POOL_SIZE {
            if src != dst {
                pool[dst] = mix(pool[dst], hashmix(pool[src], &mut hash_const));
            }
        }
    }
    for &word in entropy.iter().skip(POOL_SIZE) {
        for slot in pool.iter_mut() {
            *slot = mix(*slot, hashmix(word, &mut hash_const));
        }
    }
    let mut hash_const = INIT_B;
    (0..n_words)
        .map(|i| {
            let mut v = pool[i % POOL_SIZE] ^ hash_const;
            hash_const = hash_const.wrapping_mul(MULT_B);
            v = v.wrapping_mul(hash_const);
            v ^ (v >> 16)
        })
        .collect()
}

/// `_int_to_uint32_array`: a non-negative integer's 32-bit words, lowest first (`[0]` for 0).
fn int_words(seed: u64) -> Vec<u32> {
    match seed >> 32 {
        0 => vec![seed as u32],
        high => vec![seed as u32, high as u32],
    }
}

/// PCG64 (XSL-RR 128/64) with its buffered 32-bit half: NumPy's `pcg64_state`.
#[derive(Clone, Debug)]
pub struct Pcg64 {
    state: u128,
    inc: u128,
    /// The high half of the last 64-bit draw `next_u32` split, not yet returned.
    spare_u32: Option<u32>,
}

impl Pcg64 {
    /// `PCG64(SeedSequence(words))`: four 64-bit words of the seed sequence (each two
    /// 32-bit words, low first) give the state's and the increment's high and low halves.
    fn from_entropy_words(words: &[u32]) -> Self {
        let w = seed_sequence_words(words, 8);
        let word64 = |i: usize| u128::from(w[2 * i]) | (u128::from(w[2 * i + 1]) << 32);
        let init_state = (word64(0) << 64) | word64(1);
        let init_seq = (word64(2) << 64) | word64(3);
        // `pcg_setseq_128_srandom_r`.
        let mut g = Pcg64 {
            state: 0,
            inc: (init_seq << 1) | 1,
            spare_u32: None,
        };
        g.step();
        g.state = g.state.wrapping_add(init_state);
        g.step();
        g
    }

    /// `PCG64(seed)` for a non-negative integer seed, as `np.random.default_rng(seed)`.
    pub fn seeded(seed: u64) -> Self {
        Self::from_entropy_words(&int_words(seed))
    }

    /// `PCG64()`: 128 bits of the operating system's entropy through the seed sequence.
    pub fn from_os_entropy() -> Self {
        use std::hash::{BuildHasher, Hasher};
        let mut words = [0u32; 4];
        for (i, pair) in words.chunks_mut(2).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            h.write_u64(u64::from(std::process::id()));
            let v = h.finish();
            pair[0] = v as u32;
            pair[1] = (v >> 32) as u32;
        }
        Self::from_entropy_words(&words)
    }

    fn step(&mut self) {
        self.state = self.state.wrapping_mul(MULTIPLIER).wrapping_add(self.inc);
    }

    /// `pcg64_next64`: step, then the XSL-RR output of the new state.
    pub fn next_u64(&mut self) -> u64 {
        self.step();
        let s = self.state;
        (((s >> 64) as u64) ^ (s as u64)).rotate_right((s >> 122) as u32)
    }

    /// `pcg64_next32`: the low half of a 64-bit draw, its high half on the next call.
    pub fn next_u32(&mut self) -> u32 {
        if let Some(high) = self.spare_u32.take() {
            return high;
        }
        let next = self.next_u64();
        self.spare_u32 = Some((next >> 32) as u32);
        next as u32
    }

    /// `pcg64_next_double`: 53 random bits in `[0, 1)`.
    pub fn next_double(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `random_standard_normal`: the ziggurat.
    pub fn standard_normal(&mut self) -> f64 {
        loop {
            let r = self.next_u64();
            let idx = (r & 0xff) as usize;
            let r = r >> 8;
            let rabs = (r >> 1) & 0x000f_ffff_ffff_ffff;
            let mut x = rabs as f64 * WI[idx];
            if r & 1 == 1 {
                x = -x;
            }
            if rabs < KI[idx] {
                return x;
            }
            if idx == 0 {
                loop {
                    let xx = -NOR_INV_R * (-self.next_double()).ln_1p();
                    let yy = -(-self.next_double()).ln_1p();
                    if yy + yy > xx * xx {
                        return match (rabs >> 8) & 1 {
                            1 => -(NOR_R + xx),
                            _ => NOR_R + xx,
                        };
                    }
                }
            }
            if (FI[idx - 1] - FI[idx]) * self.next_double() + FI[idx] < (-0.5 * x * x).exp() {
                return x;
            }
        }
    }

    /// `random_standard_exponential`: the ziggurat.
    pub fn standard_exponential(&mut self) -> f64 {
        loop {
            let ri = self.next_u64() >> 3;
            let idx = (ri & 0xff) as usize;
            let ri = ri >> 8;
            let x = ri as f64 * WE[idx];
            if ri < KE[idx] {
                return x;
            }
            // `standard_exponential_unlikely`.
            if idx == 0 {
                return EXP_R - (-self.next_double()).ln_1p();
            }
            if (FE[idx - 1] - FE[idx]) * self.next_double() + FE[idx] < (-x).exp() {
                return x;
            }
        }
    }

    /// `random_bounded_uint64(off=0, rng, use_masked=False)`: uniform on `[0, rng]` by
    /// Lemire's method, from 32-bit draws while `rng` fits in 32 bits.
    pub fn bounded(&mut self, rng: u64) -> u64 {
        if rng == 0 {
            0
        } else if rng == 0xffff_ffff {
            u64::from(self.next_u32())
        } else if rng < 0xffff_ffff {
            let rng = rng as u32;
            let excl = rng + 1;
            let mut m = u64::from(self.next_u32()) * u64::from(excl);
            let mut leftover = m as u32;
            if leftover < excl {
                let threshold = (u32::MAX - rng) % excl;
                while leftover < threshold {
                    m = u64::from(self.next_u32()) * u64::from(excl);
                    leftover = m as u32;
                }
            }
            m >> 32
        } else if rng == u64::MAX {
            self.next_u64()
        } else {
            let excl = rng + 1;
            let mut m = u128::from(self.next_u64()) * u128::from(excl);
            let mut leftover = m as u64;
            if leftover < excl {
                let threshold = (u64::MAX - rng) % excl;
                while leftover < threshold {
                    m = u128::from(self.next_u64()) * u128::from(excl);
                    leftover = m as u64;
                }
            }
            (m >> 64) as u64
        }
    }

    /// `random_interval(max)` (see [`masked_interval`]), as the `Generator`'s shuffles draw.
    pub fn interval(&mut self, max: u64) -> u64 {
        masked_interval(self, max)
    }
}

impl BitGenerator for Pcg64 {
    fn next_u32(&mut self) -> u32 {
        Pcg64::next_u32(self)
    }
    fn next_u64(&mut self) -> u64 {
        Pcg64::next_u64(self)
    }
    fn next_double(&mut self) -> f64 {
        Pcg64::next_double(self)
    }
}

impl Pcg64 {
    /// `random_poisson`, as `Generator.poisson` draws (the same algorithm as the legacy one).
    pub fn poisson(&mut self, lam: f64) -> i64 {
        super::poisson(self, lam)
    }

    /// `random_standard_gamma`: an exponential for shape 1, Johnk-style rejection below 1,
    /// Marsaglia and Tsang's method above.
    pub fn standard_gamma(&mut self, shape: f64) -> f64 {
        if shape == 1.0 {
            return self.standard_exponential();
        }
        if shape == 0.0 {
            return 0.0;
        }
        if shape < 1.0 {
            loop {
                let u = self.next_double();
                let v = self.standard_exponential();
                if u <= 1.0 - shape {
                    let x = u.powf(1.0 / shape);
                    if x <= v {
                        return x;
                    }
                } else {
                    let y = -((1.0 - u) / shape).ln();
                    let x = (1.0 - shape + shape * y).powf(1.0 / shape);
                    if x <= v + y {
                        return x;
                    }
                }
            }
        }
        let b = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * b).sqrt();
        loop {
            let (mut x, mut v);
            loop {
                x = self.standard_normal();
                v = 1.0 + c * x;
                // NumPy's `while (V <= 0.0)`: a NaN shape leaves with NaN.
                if v > 0.0 || v.is_nan() {
                    break;
                }
            }
            v = v * v * v;
            let u = self.next_double();
            if u < 1.0 - 0.0331 * (x * x) * (x * x) {
                return b * v;
            }
            if u.ln() < 0.5 * x * x + b * (1.0 - v + v.ln()) {
                return b * v;
            }
        }
    }

    /// `random_beta`: Johnk's algorithm when both parameters are at most 1, else a ratio of
    /// gammas.
    pub fn beta(&mut self, a: f64, b: f64) -> f64 {
        if a <= 1.0 && b <= 1.0 {
            loop {
                let u = self.next_double();
                let v = self.next_double();
                let x = u.powf(1.0 / a);
                let y = v.powf(1.0 / b);
                let xpy = x + y;
                // Both U and V 0.0 (about 1 in 10^106) is rejected.
                if xpy <= 1.0 && xpy > 0.0 {
                    if x + y > 0.0 {
                        return x / xpy;
                    }
                    let (mut log_x, mut log_y) = (u.ln() / a, v.ln() / b);
                    let log_m = if log_x > log_y { log_x } else { log_y };
                    log_x -= log_m;
                    log_y -= log_m;
                    return (log_x - (log_x.exp() + log_y.exp()).ln()).exp();
                }
            }
        }
        let ga = self.standard_gamma(a);
        let gb = self.standard_gamma(b);
        ga / (ga + gb)
    }

    /// `random_lognormal`: `exp` of a normal.
    pub fn lognormal(&mut self, mean: f64, sigma: f64) -> f64 {
        (mean + sigma * self.standard_normal()).exp()
    }

    /// `random_laplace` (a zero uniform is drawn again).
    pub fn laplace(&mut self, loc: f64, scale: f64) -> f64 {
        loop {
            let u = self.next_double();
            if u >= 0.5 {
                return loc - scale * (2.0 - u - u).ln();
            }
            if u > 0.0 {
                return loc + scale * (u + u).ln();
            }
        }
    }

    /// `random_gumbel` (a uniform of one is drawn again).
    pub fn gumbel(&mut self, loc: f64, scale: f64) -> f64 {
        loop {
            let u = 1.0 - self.next_double();
            if u < 1.0 {
                return loc - scale * (-u.ln()).ln();
            }
        }
    }

    /// `random_logistic` (a zero uniform is drawn again).
    pub fn logistic(&mut self, loc: f64, scale: f64) -> f64 {
        loop {
            let u = self.next_double();
            if u > 0.0 {
                return loc + scale * (u / (1.0 - u)).ln();
            }
        }
    }

    /// `random_rayleigh`: the root of twice an exponential (NumPy 2).
    pub fn rayleigh(&mut self, mode: f64) -> f64 {
        mode * (2.0 * self.standard_exponential()).sqrt()
    }

    /// `random_pareto`: `expm1` of an exponential over `a` (NumPy 2).
    pub fn pareto(&mut self, a: f64) -> f64 {
        (self.standard_exponential() / a).exp_m1()
    }

    /// `random_weibull`.
    pub fn weibull(&mut self, a: f64) -> f64 {
        if a == 0.0 {
            return 0.0;
        }
        self.standard_exponential().powf(1.0 / a)
    }

    /// `random_power`: `-expm1(-E) ** (1 / a)` of an exponential `E` (NumPy 2).
    pub fn power(&mut self, a: f64) -> f64 {
        (-(-self.standard_exponential()).exp_m1()).powf(1.0 / a)
    }

    /// `random_geometric`: a search from 1/3 up, inversion of an exponential below.
    pub fn geometric(&mut self, p: f64) -> i64 {
        #[allow(clippy::excessive_precision)]
        if p >= 0.333333333333333333333333 {
            let (mut x, mut sum, mut prod) = (1, p, p);
            let q = 1.0 - p;
            let u = self.next_double();
            while u > sum {
                prod *= q;
                sum += prod;
                x += 1;
            }
            return x;
        }
        // NumPy 2: an exponential over `log1p(-p)`, capped at the largest int64.
        let z = (-self.standard_exponential() / (-p).ln_1p()).ceil();
        if z >= 9.223372036854776e18 {
            return i64::MAX;
        }
        z as i64
    }

    /// `random_binomial`, as `Generator.binomial` draws: nothing drawn when `n` or `p` is
    /// zero (where the legacy `RandomState` draws once), else the legacy algorithms.
    pub fn binomial(&mut self, n: i64, p: f64) -> i64 {
        if n == 0 || p == 0.0 {
            return 0;
        }
        super::binomial(self, n, p)
    }
}

/// A generator as compiled code holds it: behind a lock, at a fixed address.
pub type SharedGenerator = Mutex<Pcg64>;

/// A new generator (seeded with `seed`, or from the OS's entropy when `seed` is negative)
/// whose address compiled code keeps as its handle; it is never freed.
pub fn leak_new(seed: i64) -> i64 {
    let g = match u64::try_from(seed) {
        Ok(s) => Pcg64::seeded(s),
        Err(_) => Pcg64::from_os_entropy(),
    };
    Box::into_raw(Box::new(Mutex::new(g))) as i64
}

/// Run `f` on the generator behind `handle`.
///
/// # Safety
/// `handle` is a value [`leak_new`] returned: compiled code gets handles only from
/// `default_rng` (the `Generator` type has no other constructor, and none crosses the
/// entry boundary).
pub unsafe fn with_handle<R>(handle: i64, f: impl FnOnce(&mut Pcg64) -> R) -> R {
    // SAFETY: see the function's contract: a leaked, never freed `SharedGenerator`.
    let shared = unsafe { &*(handle as *const SharedGenerator) };
    let mut g = shared.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut g)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NumPy 2.4's `np.random.SeedSequence(0).generate_state(4)`,
    /// `np.random.PCG64(0).random_raw(2)` and `np.random.PCG64(2**40 + 5).random_raw(1)`
    /// (a seed of two 32-bit words). `tests/random_generator.rs` compares many seeds with
    /// NumPy at test time.
    #[test]
    fn matches_numpy_for_fixed_seeds() {
        assert_eq!(
            seed_sequence_words(&[0], 4),
            [2968811710, 3677149159, 745650761, 2884920346]
        );
        let mut g = Pcg64::seeded(0);
        assert_eq!(
            [g.next_u64(), g.next_u64()],
            [11749869230777074271, 4976686463289251617]
        );
        assert_eq!(Pcg64::seeded((1 << 40) + 5).next_u64(), 87427594128977387);
        // np.random.default_rng(12345): random(), integers(0, 10, 3), standard_normal(),
        // standard_exponential().
        let mut g = Pcg64::seeded(12345);
        assert_eq!(g.next_double(), 0.22733602246716966);
        assert_eq!([g.bounded(9), g.bounded(9), g.bounded(9)], [7, 3, 2]);
        assert_eq!(g.standard_normal(), -0.2591732349343976);
        assert_eq!(g.standard_exponential(), 0.5110474441286947);
    }

    #[test]
    fn next_u32_returns_low_then_high_half() {
        let mut a = Pcg64::seeded(7);
        let mut b = a.clone();
        let x = b.next_u64();
        assert_eq!(a.next_u32(), x as u32);
        assert_eq!(a.next_u32(), (x >> 32) as u32);
    }

    #[test]
    fn handles_are_independent() {
        let (h1, h2) = (leak_new(3), leak_new(3));
        let x = unsafe { with_handle(h1, |g| g.next_u64()) };
        let y = unsafe { with_handle(h2, |g| g.next_u64()) };
        assert_eq!(x, y);
        assert_ne!(x, unsafe { with_handle(h1, |g| g.next_u64()) });
    }
}
