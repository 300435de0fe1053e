# sig: floats (int64,)
# sig: integers (int64,)
# sig: aliases (int64,)
# np.random.default_rng's Generator (PCG64; passes/src/library/prelude/random.py): seeded
# with default_rng(s) inside the function, compiled code gives the numbers NumPy's Generator
# gives for the same seed (the oracle runs the same function under NumPy), for 60 seeds per
# function.
# let: seeds = list(range(50)) + [123456789, 2**31 - 1, 2**32, 2**32 + 1, 2**40 + 5, 2**63 - 1, 987654321, 77, 1000003, 65536]
# case: floats(s) for s in seeds
# case: normals(s) for s in seeds
# case: exponentials(s) for s in seeds
# case: counts(s) for s in seeds
# case: gammas(s, k) for s in seeds for k in [0.3, 1.0, 2.5]
# case: ratios(s, k) for s in seeds for k in [0.3, 2.5]
# case: shapes(s, k) for s in seeds for k in [0.3, 2.5]
# case: integers(s) for s in seeds
# case: wide_integers(s) for s in seeds
# case: shuffled(s, np.arange(11.0)) for s in seeds
# case: shuffled_rows(s, np.arange(24).reshape(6, 4)) for s in seeds
# case: permutations(s, np.arange(9) * 3) for s in seeds
# case: permuted_rows(s, np.arange(15.0).reshape(5, 3)) for s in seeds
# case: choices(s, np.arange(10.0) * 1.5) for s in seeds
# case: distinct_choices(s) for s in seeds
# let: w = np.array([0.1, 0.2, 0.3, 0.15, 0.25])
# case: weighted_choices(s, np.arange(5.0) * 2.5, w) for s in seeds
# case: weighted_choices(s, np.arange(5.0), np.array([0.0, 0.5, 0.0, 0.25, 0.25])) for s in seeds
# case: aliases(s) for s in seeds
# case: through_helper(s) for s in seeds
# case: no_seed_differs()
# case threads=1,2,4: generator_per_item(n) for n in [1, 7, 64]
# case threads=1,2,4: shared_in_prange(n) for n in [1, 7, 64]
# case: bad_seed(s) for s in [-1, -2**63]
# case: bad_integers(lo, hi) for lo, hi in [(0, 0), (5, 5), (5, 3), (0, -2), (-3, -3)]
# case: bad_integers_endpoint(lo, hi) for lo, hi in [(5, 4), (0, -1)]
# case: bad_scale(scale) for scale in [-1.0, -0.0, -1e-300]
# case: bad_exponential(scale) for scale in [-2.0, -0.0]
# case: bad_poisson(lam) for lam in [-1.0, np.nan, 1e20, 9.3e18]
# case: bad_binomial(n, p) for n, p in [(-1, 0.5), (5, 1.5), (-1, 1.5), (5, np.nan)]
# case: bad_gamma(shape, scale) for shape, scale in [(-1.0, 1.0), (-0.0, 1.0), (1.0, -1.0), (-1.0, -1.0), (np.nan, 1.0)]
# case: bad_beta(a, b) for a, b in [(0.0, 1.0), (1.0, -2.0), (np.nan, 1.0), (0.5, np.nan)]
# case: bad_chisquare(df) for df in [0.0, -1.0, np.nan]
# case: bad_t(df) for df in [0.0, -1.0, np.nan]
# case: bad_f(m, n) for m, n in [(0.0, 1.0), (1.0, 0.0), (np.nan, 1.0)]
# case: bad_shape(which, x) for which in range(9) for x in [-1.0, -0.0, 0.0, np.nan]
# case: bad_negative_binomial(n, p) for n, p in [(0.0, 0.5), (np.nan, 0.5), (1.0, 0.0), (1.0, 1.5), (1.0, np.nan), (1.0, 1.0), (1e18, 1e-3)]
# case: bad_uniform(lo, hi) for lo, hi in [(-1e308, 1e308), (0.0, np.inf), (np.nan, 1.0), (1.0, 0.0)]
# case: bad_choice(n, size) for n, size in [(0, 3), (-2, 1), (3, 5), (3, -1)]
# case: bad_weights(p) for p in [np.array([0.5, 0.6, 0.0]), np.array([0.5, -0.5, 1.0]),
#     np.array([0.5, np.nan, 0.5]), np.array([0.5, 0.5]), np.array([1.0, 0.0, 0.0])]
# case: empty_choices(n) for n in [0, 3]
import numpy as np
from numba import njit, prange


@njit
def floats(s):
    rng = np.random.default_rng(s)
    a = rng.random()
    b = rng.random(7)
    c = rng.random((2, 3))
    d = rng.uniform(-2.0, 3.5)
    e = rng.uniform(1.0, 5.0, 5)
    f = rng.uniform(3, 3, (2, 2))
    g = rng.uniform(size=3)
    return a, b, c, d, e, f, g


@njit
def normals(s):
    # Enough draws to take the ziggurat's rejection and tail paths.
    rng = np.random.default_rng(s)
    a = rng.standard_normal()
    b = rng.standard_normal(3000)
    c = rng.standard_normal((3, 2))
    d = rng.normal()
    e = rng.normal(2.0, 0.5, 6)
    f = rng.normal(-1, 3, (2, 2))
    g = rng.normal(scale=0.0)
    return a, b, c, d, e, f, g


@njit
def exponentials(s):
    rng = np.random.default_rng(s)
    a = rng.standard_exponential()
    b = rng.standard_exponential(3000)
    c = rng.exponential()
    d = rng.exponential(2.5, (3, 3))
    return a, b, c, d


@njit
def counts(s):
    # Poisson by multiplication below 10, PTRS from 10; binomial by inversion, BTPE where
    # min(p, 1 - p) * n > 30; nothing drawn for n == 0 or p == 0.
    rng = np.random.default_rng(s)
    a = rng.poisson(3.5, 200)
    b = rng.poisson(250.5, (4, 50))
    c = rng.poisson() + rng.poisson(0.0) + rng.poisson(9.99) + rng.poisson(10.0)
    d = rng.binomial(10, 0.3, 200)
    e = rng.binomial(1000, 0.4, 200)
    f = rng.binomial(1000, 0.97, 50)
    g = rng.binomial(0, 0.5) + rng.binomial(10, 0.0) + rng.binomial(5, 1.0)
    return a, b, c, d, e, f, g, rng.random()


@njit
def gammas(s, k):
    # Standard gamma: an exponential at 1, rejection below 1, Marsaglia-Tsang above; beta by
    # Johnk's algorithm (both parameters at most 1) or a ratio of gammas.
    rng = np.random.default_rng(s)
    a = rng.standard_gamma(k, 40)
    b = rng.gamma(k, 2.5, (4, 10))
    c = rng.chisquare(k, 40)
    d = rng.beta(k, 0.7, 40)
    e = rng.beta(k, 3.5, 40)
    f = rng.standard_gamma(1.0) + rng.standard_gamma(0.0) + rng.gamma(k)
    return a, b, c, d, e, f, rng.random()


@njit
def ratios(s, k):
    # Student's t, F, Cauchy and the negative binomial, written on the normal, gamma and
    # Poisson draws.
    rng = np.random.default_rng(s)
    a = rng.standard_t(k, 30)
    b = rng.f(k, 3.0, (3, 10))
    c = rng.standard_cauchy(30)
    d = rng.negative_binomial(k, 0.3, 30)
    e = rng.negative_binomial(k, 1.0) + rng.negative_binomial(5, 0.5)
    return a, b, c, d, e, rng.random()


@njit
def shapes(s, k):
    # NumPy's formulas on the uniform, normal and exponential draws (NumPy 2's expm1 and
    # log1p forms for Pareto, power and the geometric inversion; its cap at the largest int64).
    rng = np.random.default_rng(s)
    a = rng.lognormal(0.5, k, 20)
    b = rng.laplace(1.0, k, 20)
    c = rng.gumbel(1.0, k, 20)
    d = rng.logistic(1.0, k, 20)
    e = rng.rayleigh(k, 20)
    f = rng.pareto(k, 20)
    g = rng.weibull(k, (4, 5))
    h = rng.power(k, 20)
    i = rng.geometric(0.5, 20)
    j = rng.geometric(0.01, 20)
    m = rng.geometric(1e-300, 2)
    n = rng.lognormal() + rng.weibull(0.0) + rng.geometric(1.0)
    return a, b, c, d, e, f, g, h, i, j, m, n, rng.random()


@njit
def integers(s):
    # Ranges that fit 32 bits draw 32-bit halves (the high half kept for the next draw).
    rng = np.random.default_rng(s)
    a = rng.integers(10)
    b = rng.integers(0, 10, 20)
    c = rng.integers(-5, 5, (2, 3))
    d = rng.integers(0, 1)
    e = rng.integers(0, 100, 5, endpoint=True)
    f = rng.integers(7, size=3)
    g = rng.integers(1000000007)
    h = rng.random()
    return a, b, c, d, e, f, g, h


@njit
def wide_integers(s):
    # 32-bit ranges at their edge, 64-bit Lemire, the full int64 range.
    rng = np.random.default_rng(s)
    a = rng.integers(0, 4294967296, 5)
    b = rng.integers(0, 4294967295, 5)
    c = rng.integers(0, 2**40, 5)
    d = rng.integers(-(2**62), 2**62, 4)
    e = rng.integers(-9223372036854775807 - 1, 9223372036854775807, 3, endpoint=True)
    f = rng.integers(3)
    return a, b, c, d, e, f


@njit
def shuffled(s, v):
    rng = np.random.default_rng(s)
    rng.shuffle(v)
    return rng.random()


@njit
def shuffled_rows(s, m):
    rng = np.random.default_rng(s)
    rng.shuffle(m)
    return rng.integers(100)


@njit
def permutations(s, v):
    rng = np.random.default_rng(s)
    a = rng.permutation(10)
    b = rng.permutation(v)
    c = rng.permutation(1)
    return a, b, c, v


@njit
def permuted_rows(s, m):
    rng = np.random.default_rng(s)
    return rng.permutation(m)


@njit
def choices(s, v):
    rng = np.random.default_rng(s)
    a = rng.choice(10)
    b = rng.choice(7, 5)
    c = rng.choice(v)
    d = rng.choice(v, (2, 3))
    e = rng.choice(10, 4, replace=False)
    f = rng.choice(v, 3, False)
    return a, b, c, d, e, f


@njit
def distinct_choices(s):
    # Floyd's algorithm (small samples), the tail shuffle (large ones of over 10000),
    # with and without the final shuffle.
    rng = np.random.default_rng(s)
    a = rng.choice(20000, 5, replace=False)
    b = rng.choice(20000, 500, replace=False)
    c = rng.choice(10, 10, replace=False, shuffle=False)
    d = rng.choice(50, (2, 3), replace=False)
    e = rng.choice(30000, 700, replace=False, shuffle=False)
    return a, b, c, d, e


@njit
def weighted_choices(s, v, p):
    rng = np.random.default_rng(s)
    a = rng.choice(5, p=p)
    b = rng.choice(5, 8, p=p)
    c = rng.choice(v, 3, False, p)
    d = rng.choice(5, 2, replace=False, p=p)
    return a, b, c, d


@njit
def aliases(s):
    # An alias shares the generator's state; a second generator has its own.
    rng = np.random.default_rng(s)
    same = rng
    other = np.random.default_rng(s)
    a = rng.random()
    b = same.random()
    c = other.random()
    d = other.random()
    return a, b, c, d


def draw(rng, n):
    return rng.integers(0, 1000, n), rng.normal()


@njit
def through_helper(s):
    rng = np.random.default_rng(s)
    a, b = draw(rng, 4)
    c = rng.random()
    return a, b, c


@njit(parallel=True)
def generator_per_item(n):
    # A generator made in a prange body: each item gives NumPy's numbers for its seed.
    out = np.empty(n)
    for i in prange(n):
        rng = np.random.default_rng(i)
        out[i] = rng.random() + rng.integers(1000)
    return out


@njit(parallel=True)
def shared_in_prange(n):
    # One generator shared by the prange bodies: which item gets which draw is the
    # scheduler's, but the draws are NumPy's, each once (compared sorted).
    rng = np.random.default_rng(n)
    out = np.empty(n)
    for i in prange(n):
        out[i] = rng.random()
    return np.sort(out)


@njit
def no_seed_differs():
    # Seeded from the OS's entropy: two generators (almost surely) differ.
    a = np.random.default_rng().random(4)
    b = np.random.default_rng().random(4)
    return (a != b).any()


@njit
def bad_seed(s):
    return np.random.default_rng(s).random()


@njit
def bad_integers(lo, hi):
    return np.random.default_rng(0).integers(lo, hi)


@njit
def bad_integers_endpoint(lo, hi):
    return np.random.default_rng(0).integers(lo, hi, 3, endpoint=True)


@njit
def bad_scale(scale):
    return np.random.default_rng(0).normal(1.0, scale)


@njit
def bad_exponential(scale):
    return np.random.default_rng(0).exponential(scale, 3)


@njit
def bad_poisson(lam):
    return np.random.default_rng(0).poisson(lam)


@njit
def bad_binomial(n, p):
    return np.random.default_rng(0).binomial(n, p, 2)


@njit
def bad_gamma(shape, scale):
    return np.random.default_rng(0).gamma(shape, scale, 2)


@njit
def bad_beta(a, b):
    return np.random.default_rng(0).beta(a, b)


@njit
def bad_chisquare(df):
    return np.random.default_rng(0).chisquare(df)


@njit
def bad_t(df):
    return np.random.default_rng(0).standard_t(df)


@njit
def bad_f(m, n):
    return np.random.default_rng(0).f(m, n)


@njit
def bad_negative_binomial(n, p):
    return np.random.default_rng(0).negative_binomial(n, p)


@njit
def bad_shape(which, x):
    rng = np.random.default_rng(0)
    if which == 0:
        return rng.lognormal(0.0, x)
    if which == 1:
        return rng.laplace(0.0, x)
    if which == 2:
        return rng.gumbel(0.0, x)
    if which == 3:
        return rng.logistic(0.0, x)
    if which == 4:
        return rng.rayleigh(x)
    if which == 5:
        return rng.pareto(x)
    if which == 6:
        return rng.weibull(x)
    if which == 7:
        return rng.power(x)
    return rng.geometric(x) * 1.0


@njit
def bad_uniform(lo, hi):
    return np.random.default_rng(0).uniform(lo, hi)


@njit
def bad_choice(n, size):
    return np.random.default_rng(0).choice(n, size, replace=False)


@njit
def bad_weights(p):
    return np.random.default_rng(0).choice(3, 2, replace=False, p=p)


@njit
def empty_choices(n):
    rng = np.random.default_rng(0)
    return rng.choice(n, 0), rng.integers(0, 0, 0), rng.choice(n, (2, 0), False)
