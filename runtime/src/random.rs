//! The random state of compiled code: NumPy's legacy `RandomState` streams bit for bit
//! (MT19937 with NumPy's integer seeding, its 53-bit doubles, the legacy polar-method
//! Gaussian with its cached second value, masked-rejection bounded integers, the legacy
//! exponential, Poisson and binomial algorithms of `numpy/random/src`).
//!
//! As in Numba, compiled code has its own state, separate from the interpreter's NumPy
//! state, and each thread has its own (so `prange` bodies draw without locking): a thread's
//! state is seeded from the operating system's entropy when it first draws, and
//! `np.random.seed(s)` seeds the calling thread's state only. Compiled code reaches these
//! functions through the module's globals `blackbird_random_<kind>_hook`
//! ([`blackbird_passes::conversion::loop_to_mlir::random_hook_symbol`]), which
//! [`install_hooks`] fills once the code is loaded, as for the raise hook: the code has no
//! undefined symbol of the runtime's and also runs from the on-disk cache.
//!
//! `np.random.default_rng` generators (NumPy's `Generator` over PCG64) are objects, not
//! thread state: [`generator`] keeps them, and the `generator_*` kinds take one's handle.

use std::cell::RefCell;
use std::ffi::c_void;

use blackbird_dialects::loops::RANDOM_KINDS;
use blackbird_passes::conversion::loop_to_mlir::random_hook_symbol;

pub mod generator;
mod ziggurat;

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// The raw draws of a bit generator (MT19937 here, PCG64 in [`generator`]), for the
/// algorithms NumPy's legacy `RandomState` and its `Generator` share.
pub(crate) trait BitGenerator {
    fn next_u32(&mut self) -> u32;
    fn next_u64(&mut self) -> u64;
    /// The generator's `next_double`: a float64 uniform on `[0, 1)`.
    fn next_double(&mut self) -> f64;
}

impl BitGenerator for RandomState {
    fn next_u32(&mut self) -> u32 {
        RandomState::next_u32(self)
    }
    fn next_u64(&mut self) -> u64 {
        RandomState::next_u64(self)
    }
    fn next_double(&mut self) -> f64 {
        RandomState::next_double(self)
    }
}

/// NumPy's `random_interval(max)`: uniform on `[0, max]` by masked rejection, from 32-bit
/// draws while `max` fits in 32 bits.
pub(crate) fn masked_interval(g: &mut impl BitGenerator, max: u64) -> u64 {
    if max == 0 {
        return 0;
    }
    let mut mask = max;
    for shift in [1, 2, 4, 8, 16, 32] {
        mask |= mask >> shift;
    }
    loop {
        let value = match max <= 0xffff_ffff {
            true => u64::from(g.next_u32()) & mask,
            false => g.next_u64() & mask,
        };
        if value <= max {
            return value;
        }
    }
}

/// One thread's state: NumPy's `mt19937_state` plus the legacy Gaussian and binomial
/// caches of its `aug_bitgen_t`.
pub struct RandomState {
    key: [u32; N],
    pos: usize,
    gauss: Option<f64>,
}

impl RandomState {
    /// NumPy's `np.random.seed(seed)` for an integer `0 <= seed < 2**32` (`mt19937_seed`).
    pub fn seeded(seed: u32) -> Self {
        let mut s = RandomState {
            key: [0; N],
            pos: N,
            gauss: None,
        };
        s.seed(seed);
        s
    }

    /// `mt19937_seed` (Knuth's generator, as the reference implementation's `init_genrand`)
    /// and the Gaussian cache reset, as `RandomState.seed`.
    pub fn seed(&mut self, seed: u32) {
        let mut x = seed;
        for pos in 0..N {
            self.key[pos] = x;
            x = 1_812_433_253u32
                .wrapping_mul(x ^ (x >> 30))
                .wrapping_add(pos as u32 + 1);
        }
        self.pos = N;
        self.gauss = None;
    }

    /// A state seeded from the operating system's entropy (the reference implementation's
    /// `init_by_array` over 8 words), for a thread that draws before any `seed`.
    fn from_entropy() -> Self {
        use std::hash::{BuildHasher, Hasher};
        let mut words = [0u32; 8];
        for (i, pair) in words.chunks_mut(2).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            h.write_u64(std::process::id() as u64);
            let v = h.finish();
            pair[0] = v as u32;
            pair[1] = (v >> 32) as u32;
        }
        let mut s = Self::seeded(19_650_218);
        let mt = &mut s.key;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(words.len()) {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(words[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= words.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        s
    }

    fn generate(&mut self) {
        let k = &mut self.key;
        let twist = |a: u32, b: u32, c: u32| {
            let y = (a & UPPER_MASK) | (b & LOWER_MASK);
            c ^ (y >> 1) ^ (0u32.wrapping_sub(y & 1) & MATRIX_A)
        };
        for i in 0..N - M {
            k[i] = twist(k[i], k[i + 1], k[i + M]);
        }
        for i in N - M..N - 1 {
            k[i] = twist(k[i], k[i + 1], k[i + M - N]);
        }
        k[N - 1] = twist(k[N - 1], k[0], k[M - 1]);
        self.pos = 0;
    }

    /// `mt19937_next32`.
    pub fn next_u32(&mut self) -> u32 {
        if self.pos == N {
            self.generate();
        }
        let mut y = self.key[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `mt19937_next64`: the first draw is the high half.
    pub fn next_u64(&mut self) -> u64 {
        let high = self.next_u32() as u64;
        (high << 32) | self.next_u32() as u64
    }

    /// `mt19937_next_double`: 53 random bits in `[0, 1)`.
    pub fn next_double(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// `legacy_gauss`: the polar method, whose second value is kept for the next call.
    pub fn gauss(&mut self) -> f64 {
        if let Some(g) = self.gauss.take() {
            return g;
        }
        loop {
            let x1 = 2.0 * self.next_double() - 1.0;
            let x2 = 2.0 * self.next_double() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * r2.ln() / r2).sqrt();
                self.gauss = Some(f * x1);
                return f * x2;
            }
        }
    }

    /// `legacy_standard_exponential`: `-log(1 - U)`.
    pub fn standard_exponential(&mut self) -> f64 {
        -(1.0 - self.next_double()).ln()
    }

    /// `random_interval(max)`, the masked rejection of `random_bounded_uint64` with
    /// `use_masked`: uniform on `[0, max]` (see [`masked_interval`]).
    pub fn interval(&mut self, max: u64) -> u64 {
        masked_interval(self, max)
    }
}

/// `random_poisson` (which `legacy_random_poisson` calls): multiplication of uniforms
/// below 10, Hörmann's transformed rejection (PTRS) from 10.
pub(crate) fn poisson(g: &mut impl BitGenerator, lam: f64) -> i64 {
    if lam >= 10.0 {
        poisson_ptrs(g, lam)
    } else if lam == 0.0 {
        0
    } else {
        let enlam = (-lam).exp();
        let mut x = 0;
        let mut prod = 1.0;
        loop {
            prod *= g.next_double();
            if prod > enlam {
                x += 1;
            } else {
                return x;
            }
        }
    }
}

fn poisson_ptrs(g: &mut impl BitGenerator, lam: f64) -> i64 {
    let slam = lam.sqrt();
    let loglam = lam.ln();
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let invalpha = 1.1239 + 1.1328 / (b - 3.4);
    let vr = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = g.next_double() - 0.5;
        let v = g.next_double();
        let us = 0.5 - u.abs();
        let k = ((2.0 * a / us + b) * u + lam + 0.43).floor() as i64;
        if us >= 0.07 && v <= vr {
            return k;
        }
        if k < 0 || (us < 0.013 && v > us) {
            continue;
        }
        if v.ln() + invalpha.ln() - (a / (us * us) + b).ln()
            <= -lam + k as f64 * loglam - loggam(k as f64 + 1.0)
        {
            return k;
        }
    }
}

/// `legacy_random_binomial`: inversion when `min(p, 1-p) * n <= 30`, else the legacy BTPE
/// (with its Stirling terms as NumPy 1.16 had them). NumPy caches the setup of the last
/// `(n, p)`; it depends on nothing else, so it is recomputed here.
pub(crate) fn binomial(g: &mut impl BitGenerator, n: i64, p: f64) -> i64 {
    if p <= 0.5 {
        if p * n as f64 <= 30.0 {
            binomial_inversion(g, n, p)
        } else {
            binomial_btpe(g, n, p)
        }
    } else {
        let q = 1.0 - p;
        if q * n as f64 <= 30.0 {
            n - binomial_inversion(g, n, q)
        } else {
            n - binomial_btpe(g, n, q)
        }
    }
}

fn binomial_inversion(g: &mut impl BitGenerator, n: i64, p: f64) -> i64 {
    let q = 1.0 - p;
    let qn = (n as f64 * q.ln()).exp();
    let np = n as f64 * p;
    let bound = (n as f64).min(np + 10.0 * (np * q + 1.0).sqrt()) as i64;
    let mut x = 0;
    let mut px = qn;
    let mut u = g.next_double();
    while u > px {
        x += 1;
        if x > bound {
            x = 0;
            px = qn;
            u = g.next_double();
        } else {
            u -= px;
            px = ((n - x + 1) as f64 * p * px) / (x as f64 * q);
        }
    }
    x
}

fn binomial_btpe(g: &mut impl BitGenerator, n: i64, p: f64) -> i64 {
    let nf = n as f64;
    let r = p.min(1.0 - p);
    let q = 1.0 - r;
    let fm = nf * r + r;
    let m = fm.floor() as i64;
    let mf = m as f64;
    let p1 = (2.195 * (nf * r * q).sqrt() - 4.6 * q).floor() + 0.5;
    let xm = mf + 0.5;
    let xl = xm - p1;
    let xr = xm + p1;
    let c = 0.134 + 20.5 / (15.3 + mf);
    let a = (fm - xl) / (fm - xl * r);
    let laml = a * (1.0 + a / 2.0);
    let a = (xr - fm) / (xr * q);
    let lamr = a * (1.0 + a / 2.0);
    let p2 = p1 * (1.0 + 2.0 * c);
    let p3 = p2 + c / laml;
    let p4 = p3 + c / lamr;
    let stirling = |x: f64| {
        let x2 = x * x;
        (13680. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / x / 166320.
    };
    let mut y: i64;
    'step10: loop {
        let nrq = nf * r * q;
        let u = g.next_double() * p4;
        let mut v = g.next_double();
        if u <= p1 {
            y = (xm - p1 * v + u).floor() as i64;
            break 'step10;
        }
        if u <= p2 {
            let x = xl + (u - p1) / c;
            v = v * c + 1.0 - (mf - x + 0.5).abs() / p1;
            if v > 1.0 {
                continue;
            }
            y = x.floor() as i64;
        } else if u <= p3 {
            y = (xl + v.ln() / laml).floor() as i64;
            if y < 0 || v == 0.0 {
                continue;
            }
            v = v * (u - p2) * laml;
        } else {
            y = (xr - v.ln() / lamr).floor() as i64;
            if y > n || v == 0.0 {
                continue;
            }
            v = v * (u - p3) * lamr;
        }
        // Step 50.
        let k = (y - m).abs();
        if !(k > 20 && (k as f64) < nrq / 2.0 - 1.0) {
            let s = r / q;
            let a = s * (nf + 1.0);
            let mut f = 1.0;
            if m < y {
                for i in m + 1..=y {
                    f *= a / i as f64 - s;
                }
            } else if m > y {
                for i in y + 1..=m {
                    f /= a / i as f64 - s;
                }
            }
            if v > f {
                continue;
            }
            break 'step10;
        }
        // Step 52.
        let kf = k as f64;
        let rho = (kf / nrq) * ((kf * (kf / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
        let t = -kf * kf / (2.0 * nrq);
        let big_a = v.ln();
        if big_a < t - rho {
            break 'step10;
        }
        if big_a > t + rho {
            continue;
        }
        let x1 = y as f64 + 1.0;
        let f1 = mf + 1.0;
        let z = nf + 1.0 - mf;
        let w = nf - y as f64 + 1.0;
        let bound = xm * (f1 / x1).ln()
            + (nf - mf + 0.5) * (z / w).ln()
            + (y - m) as f64 * (w * r / (x1 * q)).ln()
            + stirling(f1)
            + stirling(z)
            + stirling(x1)
            + stirling(w);
        if big_a > bound {
            continue;
        }
        break 'step10;
    }
    if p > 0.5 {
        y = n - y;
    }
    y
}

/// `random_loggam`: `log(gamma(x))` as NumPy's distributions compute it.
fn loggam(x: f64) -> f64 {
    // NumPy's coefficients, as written there.
    #[allow(clippy::excessive_precision)]
    const A: [f64; 10] = [
        8.333333333333333e-02,
        -2.777777777777778e-03,
        7.936507936507937e-04,
        -5.952380952380952e-04,
        8.417508417508418e-04,
        -1.917526917526918e-03,
        6.410256410256410e-03,
        -2.955065359477124e-02,
        1.796443723688307e-01,
        -1.39243221690590e+00,
    ];
    if x == 1.0 || x == 2.0 {
        return 0.0;
    }
    let n = if x < 7.0 { (7.0 - x) as i64 } else { 0 };
    let mut x0 = x + n as f64;
    let x2 = (1.0 / x0) * (1.0 / x0);
    let lg2pi = 1.8378770664093453e+00;
    let mut gl0 = A[9];
    for k in (0..=8).rev() {
        gl0 *= x2;
        gl0 += A[k];
    }
    let mut gl = gl0 / x0 + 0.5 * lg2pi + (x0 - 0.5) * x0.ln() - x0;
    if x < 7.0 {
        for _ in 1..=n {
            gl -= (x0 - 1.0).ln();
            x0 -= 1.0;
        }
    }
    gl
}

thread_local! {
    static STATE: RefCell<Option<RandomState>> = const { RefCell::new(None) };
}

/// Run `f` on the calling thread's state (seeded from entropy on first use).
pub fn with_state<R>(f: impl FnOnce(&mut RandomState) -> R) -> R {
    STATE.with(|s| f(s.borrow_mut().get_or_insert_with(RandomState::from_entropy)))
}

extern "C" fn random_seed(seed: i64) {
    STATE.with(|s| *s.borrow_mut() = Some(RandomState::seeded(seed as u32)));
}

extern "C" fn random_double() -> f64 {
    with_state(RandomState::next_double)
}

extern "C" fn random_gauss() -> f64 {
    with_state(RandomState::gauss)
}

extern "C" fn random_exponential() -> f64 {
    with_state(RandomState::standard_exponential)
}

extern "C" fn random_interval(max: i64) -> i64 {
    with_state(|s| s.interval(max as u64) as i64)
}

extern "C" fn random_poisson(lam: f64) -> i64 {
    with_state(|s| poisson(s, lam))
}

extern "C" fn random_binomial(n: i64, p: f64) -> i64 {
    with_state(|s| binomial(s, n, p))
}

extern "C" fn generator_new(seed: i64) -> i64 {
    generator::leak_new(seed)
}

extern "C" fn generator_double(handle: i64) -> f64 {
    // SAFETY: compiled code passes handles `generator_new` returned (see `with_handle`).
    unsafe { generator::with_handle(handle, generator::Pcg64::next_double) }
}

extern "C" fn generator_normal(handle: i64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, generator::Pcg64::standard_normal) }
}

extern "C" fn generator_exponential(handle: i64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, generator::Pcg64::standard_exponential) }
}

extern "C" fn generator_poisson(handle: i64, lam: f64) -> i64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.poisson(lam)) }
}

extern "C" fn generator_binomial(handle: i64, n: i64, p: f64) -> i64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.binomial(n, p)) }
}

extern "C" fn generator_gamma(handle: i64, shape: f64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.standard_gamma(shape)) }
}

extern "C" fn generator_beta(handle: i64, a: f64, b: f64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.beta(a, b)) }
}

extern "C" fn generator_lognormal(handle: i64, a: f64, b: f64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.lognormal(a, b)) }
}

extern "C" fn generator_laplace(handle: i64, a: f64, b: f64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.laplace(a, b)) }
}

extern "C" fn generator_gumbel(handle: i64, a: f64, b: f64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.gumbel(a, b)) }
}

extern "C" fn generator_logistic(handle: i64, a: f64, b: f64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.logistic(a, b)) }
}

extern "C" fn generator_rayleigh(handle: i64, a: f64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.rayleigh(a)) }
}

extern "C" fn generator_pareto(handle: i64, a: f64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.pareto(a)) }
}

extern "C" fn generator_weibull(handle: i64, a: f64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.weibull(a)) }
}

extern "C" fn generator_power(handle: i64, a: f64) -> f64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.power(a)) }
}

extern "C" fn generator_geometric(handle: i64, a: f64) -> i64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.geometric(a)) }
}

extern "C" fn generator_bounded(handle: i64, rng: i64) -> i64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.bounded(rng as u64) as i64) }
}

extern "C" fn generator_interval(handle: i64, max: i64) -> i64 {
    // SAFETY: as `generator_double`.
    unsafe { generator::with_handle(handle, |g| g.interval(max as u64) as i64) }
}

/// The runtime's function for each kind of `loop.random`.
fn hook(kind: &str) -> *const c_void {
    match kind {
        "seed" => random_seed as *const c_void,
        "double" => random_double as *const c_void,
        "gauss" => random_gauss as *const c_void,
        "exponential" => random_exponential as *const c_void,
        "interval" => random_interval as *const c_void,
        "poisson" => random_poisson as *const c_void,
        "binomial" => random_binomial as *const c_void,
        "generator_new" => generator_new as *const c_void,
        "generator_double" => generator_double as *const c_void,
        "generator_normal" => generator_normal as *const c_void,
        "generator_exponential" => generator_exponential as *const c_void,
        "generator_poisson" => generator_poisson as *const c_void,
        "generator_binomial" => generator_binomial as *const c_void,
        "generator_gamma" => generator_gamma as *const c_void,
        "generator_beta" => generator_beta as *const c_void,
        "generator_lognormal" => generator_lognormal as *const c_void,
        "generator_laplace" => generator_laplace as *const c_void,
        "generator_gumbel" => generator_gumbel as *const c_void,
        "generator_logistic" => generator_logistic as *const c_void,
        "generator_rayleigh" => generator_rayleigh as *const c_void,
        "generator_pareto" => generator_pareto as *const c_void,
        "generator_weibull" => generator_weibull as *const c_void,
        "generator_power" => generator_power as *const c_void,
        "generator_geometric" => generator_geometric as *const c_void,
        "generator_bounded" => generator_bounded as *const c_void,
        "generator_interval" => generator_interval as *const c_void,
        other => unreachable!("a random kind the runtime lacks: {other}"),
    }
}

/// Fill the random hooks of loaded code: `lookup` resolves a global's address; a module
/// without random draws has none.
pub(crate) fn install_hooks(mut lookup: impl FnMut(&str) -> Option<*mut c_void>) {
    for (kind, _, _) in RANDOM_KINDS {
        if let Some(global) = lookup(&random_hook_symbol(kind)) {
            // SAFETY: the module's pointer-sized global holding the function its
            // `loop.random {kind}` ops call with the signature `RANDOM_KINDS` gives; set
            // before the code runs.
            unsafe { (global as *mut *const c_void).write(hook(kind)) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `np.random.seed(0); [np.random.randint(2**32, dtype=np.uint32) for _ in range(3)]`
    /// and the reference implementation's first outputs.
    #[test]
    fn mt19937_matches_numpy() {
        let mut s = RandomState::seeded(0);
        assert_eq!(
            [s.next_u32(), s.next_u32(), s.next_u32()],
            [2357136044, 2546248239, 3071714933]
        );
        let mut s = RandomState::seeded(0);
        // np.random.seed(0); np.random.random()
        assert_eq!(s.next_double(), 0.5488135039273248);
    }

    #[test]
    fn every_kind_has_a_hook() {
        for (kind, _, _) in RANDOM_KINDS {
            assert!(!hook(kind).is_null(), "{kind}");
        }
    }

    #[test]
    fn gauss_keeps_its_second_value_until_seeded() {
        let mut s = RandomState::seeded(0);
        // np.random.seed(0); np.random.standard_normal(2)
        assert_eq!(s.gauss(), 1.764052345967664);
        assert_eq!(s.gauss(), 0.4001572083672233);
        s.gauss();
        s.seed(0);
        assert_eq!(s.gauss(), 1.764052345967664);
    }
}
