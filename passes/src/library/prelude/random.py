# Blackbird's random prelude: `np.random`'s legacy functions written in the Python subset
# Blackbird compiles, on the primitives of passes/src/library/random.rs (`np.random._double`
# and the like: draws from the calling thread's state, which the runtime keeps). A call
# `np.random.NAME(...)` resolves to `def NAME` here.
#
# Each function draws exactly as NumPy's `RandomState` (numpy/random/mtrand.pyx and
# numpy/random/src/legacy): after `np.random.seed(s)` it gives NumPy's numbers bit for bit,
# and raises NumPy's errors. tests/programs/random_legacy.py checks every one against NumPy.
import math

import numpy as np


def seed(seed):
    if seed < 0 or seed > 4294967295:
        raise ValueError("Seed must be between 0 and 2**32 - 1")
    np.random._seed(seed)


# ----- uniform floats -----


def _doubles(size):
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._double()
    return out


def random_sample(size=None):
    if size is None:
        return np.random._double()
    return _doubles(size)


def random(size=None):
    return random_sample(size)


def ranf(size=None):
    return random_sample(size)


def sample(size=None):
    return random_sample(size)


def rand(d0=None, d1=None, d2=None, d3=None):
    if d0 is None:
        return np.random._double()
    if d1 is None:
        return _doubles(d0)
    if d2 is None:
        return _doubles((d0, d1))
    if d3 is None:
        return _doubles((d0, d1, d2))
    return _doubles((d0, d1, d2, d3))


def uniform(low=0.0, high=1.0, size=None):
    lo = float(low)
    span = float(high) - lo
    if not math.isfinite(span):
        raise OverflowError("Range exceeds valid bounds")
    if size is None:
        return lo + span * np.random._double()
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = lo + span * np.random._double()
    return out


# ----- normal and exponential -----


def _gaussians(size):
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._gauss()
    return out


def standard_normal(size=None):
    if size is None:
        return np.random._gauss()
    return _gaussians(size)


def randn(d0=None, d1=None, d2=None, d3=None):
    if d0 is None:
        return np.random._gauss()
    if d1 is None:
        return _gaussians(d0)
    if d2 is None:
        return _gaussians((d0, d1))
    if d3 is None:
        return _gaussians((d0, d1, d2))
    return _gaussians((d0, d1, d2, d3))


def _check_non_negative(value):
    # NumPy's CONS_NON_NEGATIVE: a set sign bit (-0.0 too) unless NaN.
    if not math.isnan(value) and math.copysign(1.0, value) < 0.0:
        raise ValueError("scale < 0")


def normal(loc=0.0, scale=1.0, size=None):
    mu = float(loc)
    sigma = float(scale)
    _check_non_negative(sigma)
    if size is None:
        return mu + sigma * np.random._gauss()
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = mu + sigma * np.random._gauss()
    return out


def standard_exponential(size=None):
    if size is None:
        return np.random._exponential()
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._exponential()
    return out


def exponential(scale=1.0, size=None):
    beta = float(scale)
    _check_non_negative(beta)
    if size is None:
        return beta * np.random._exponential()
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = beta * np.random._exponential()
    return out


# ----- integers -----


def randint(low, high=None, size=None):
    # [lo, hi] closed, as NumPy's `_rand_int64` after subtracting 1 from `high`.
    if size is not None:
        if _count(size) == 0:
            return np.empty(size, np.int64)
    if high is None:
        lo = 0
        hi = low - 1
    else:
        lo = low
        hi = high - 1
    if lo > hi:
        if lo == 0:
            raise ValueError("high <= 0")
        raise ValueError("low >= high")
    span = hi - lo
    if size is None:
        return lo + np.random._interval(span)
    out = np.empty(size, np.int64)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = lo + np.random._interval(span)
    return out


def random_integers(low, high=None, size=None):
    if high is None:
        return randint(1, low + 1, size)
    return randint(low, high + 1, size)


def poisson(lam=1.0, size=None):
    mean = float(lam)
    if not mean >= 0.0:
        raise ValueError("lam < 0 or lam is NaN")
    if not mean <= 9.223372006484771e18:
        raise ValueError("lam value too large")
    if size is None:
        return np.random._poisson(mean)
    out = np.empty(size, np.int64)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._poisson(mean)
    return out


def binomial(n, p, size=None):
    prob = float(p)
    if not (prob >= 0.0) or not (prob <= 1.0):
        raise ValueError("p < 0, p > 1 or p is NaN")
    if n < 0:
        raise ValueError("n < 0")
    if size is None:
        return np.random._binomial(n, prob)
    out = np.empty(size, np.int64)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._binomial(n, prob)
    return out


# ----- permutations and sampling -----


def _count(size):
    # The number of elements of an array of shape `size` (an int or a tuple).
    if size is None:
        return 1
    return np.empty(size, np.int8).size


def shuffle(x):
    # Fisher-Yates from the end, as RandomState.shuffle: along the first axis.
    n = x.shape[0]
    if x.ndim == 1:
        for i in range(n - 1, 0, -1):
            j = np.random._interval(i)
            t = x[i]
            x[i] = x[j]
            x[j] = t
    else:
        for i in range(n - 1, 0, -1):
            j = np.random._interval(i)
            if i != j:
                t = x[j].copy()
                x[j] = x[i]
                x[i] = t


def permutation(x):
    if np.random._ndim_or_none(x) is None:
        out = np.arange(x)
    else:
        out = x.copy()
    shuffle(out)
    return out


def _checked_p(p, pop_size):
    # NumPy's checks of `p` (as float64; the tolerance is float64's), in its order.
    if p.ndim != 1:
        raise ValueError("'p' must be 1-dimensional")
    q = p.astype(np.float64)
    n = q.shape[0]
    if n != pop_size:
        raise ValueError("'a' and 'p' must have same size")
    if n == 0:
        return q
    # NumPy's kahan_sum.
    total = q[0]
    c = 0.0
    for i in range(1, n):
        y = q[i] - c
        t = total + y
        c = (t - total) - y
        total = t
    if math.isnan(total):
        raise ValueError("probabilities contain NaN")
    for i in range(n):
        if q[i] < 0.0:
            raise ValueError("probabilities are not non-negative")
    if abs(total - 1.0) > 1.4901161193847656e-08:
        raise ValueError("probabilities do not sum to 1")
    return q


def _normalized_cdf(q):
    cdf = np.cumsum(q)
    return cdf / cdf[cdf.shape[0] - 1]


def _index_after(cdf, u):
    # cdf.searchsorted(u, side='right'): the first index whose value exceeds u.
    lo = 0
    hi = cdf.shape[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if cdf[mid] <= u:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _weighted_indices(q, count, replace):
    # RandomState.choice with `p`: inverse-CDF draws; without replacement, rounds of
    # `count - found` draws keep each round's first occurrences of new indices, the
    # probabilities of those found set to 0.
    out = np.empty(count, np.int64)
    if replace:
        cdf = _normalized_cdf(q)
        for i in range(count):
            out[i] = _index_after(cdf, np.random._double())
        return out
    nonzero = 0
    for i in range(q.shape[0]):
        if q[i] > 0.0:
            nonzero += 1
    if nonzero < count:
        raise ValueError("Fewer non-zero entries in p than size")
    w = q.copy()
    found = 0
    while found < count:
        m = count - found
        x = np.empty(m)
        for j in range(m):
            x[j] = np.random._double()
        for j in range(found):
            w[out[j]] = 0.0
        cdf = _normalized_cdf(w)
        start = found
        for j in range(m):
            k = _index_after(cdf, x[j])
            new = True
            for i in range(start, found):
                if out[i] == k:
                    new = False
            if new:
                out[found] = k
                found += 1
    return out


def choice(a, size=None, replace=True, p=None):
    if np.random._ndim_or_none(a) is None:
        pop_size = a
        if pop_size <= 0 and _count(size) != 0:
            raise ValueError("a must be greater than 0 unless no samples are taken")
    else:
        if a.ndim != 1:
            raise ValueError("a must be 1-dimensional")
        pop_size = a.shape[0]
        if pop_size == 0 and _count(size) != 0:
            raise ValueError("'a' cannot be empty unless no samples are taken")
    if p is None:
        q = np.empty(0)
    else:
        q = _checked_p(p, pop_size)
    # The indices drawn, flat: one when `size` is None (NumPy draws as for shape ()).
    count = _count(size)
    if not replace:
        if count > pop_size:
            raise ValueError(
                "Cannot take a larger sample than population when 'replace=False'"
            )
        if count < 0:
            raise ValueError("Negative dimensions are not allowed")
    if p is not None:
        idx = _weighted_indices(q, count, replace)
    elif replace:
        idx = randint(0, pop_size, count)
    else:
        idx = permutation(pop_size)[:count].copy()
    if size is None:
        if np.random._ndim_or_none(a) is None:
            return idx[0]
        return a[idx[0]]
    if np.random._ndim_or_none(a) is None:
        return idx.reshape(size)
    out = np.empty(count, a.dtype)
    for i in range(count):
        out[i] = a[idx[i]]
    return out.reshape(size)


# ----- NumPy's Generator over PCG64 (np.random.default_rng) -----
#
# `rng = np.random.default_rng(seed)` is an object (Numba's `NumPyRandomGeneratorType`) that
# compiled code holds as the runtime's handle; `rng.NAME(...)` calls `_gen_NAME(rng, ...)`
# here. Each draws as NumPy's `Generator` (numpy/random/_generator.pyx over
# numpy/random/src/distributions/distributions.c), from the primitives
# `np.random._generator_*`; tests/programs/random_generator.py checks them against NumPy.


def default_rng(seed=None):
    if seed is None:
        return np.random._generator_new(-1)
    if seed < 0:
        raise ValueError("expected non-negative integer")
    return np.random._generator_new(seed)


def _gen_random(self, size=None):
    if size is None:
        return np.random._generator_double(self)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_double(self)
    return out


def _gen_uniform(self, low=0.0, high=1.0, size=None):
    lo = float(low)
    span = float(high) - lo
    if not math.isfinite(span):
        raise OverflowError("high - low range exceeds valid bounds")
    if math.copysign(1.0, span) < 0.0:
        raise ValueError("high - low < 0")
    if size is None:
        return lo + span * np.random._generator_double(self)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = lo + span * np.random._generator_double(self)
    return out


def _gen_standard_normal(self, size=None):
    if size is None:
        return np.random._generator_normal(self)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_normal(self)
    return out


def _gen_normal(self, loc=0.0, scale=1.0, size=None):
    mu = float(loc)
    sigma = float(scale)
    _check_non_negative(sigma)
    if size is None:
        return mu + sigma * np.random._generator_normal(self)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = mu + sigma * np.random._generator_normal(self)
    return out


def _gen_standard_exponential(self, size=None):
    if size is None:
        return np.random._generator_exponential(self)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_exponential(self)
    return out


def _gen_exponential(self, scale=1.0, size=None):
    beta = float(scale)
    _check_non_negative(beta)
    if size is None:
        return beta * np.random._generator_exponential(self)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = beta * np.random._generator_exponential(self)
    return out


def _gen_poisson(self, lam=1.0, size=None):
    mean = float(lam)
    if not mean >= 0.0:
        raise ValueError("lam < 0 or lam is NaN")
    if not mean <= 9.223372006484771e18:
        raise ValueError("lam value too large")
    if size is None:
        return np.random._generator_poisson(self, mean)
    out = np.empty(size, np.int64)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_poisson(self, mean)
    return out


def _gen_binomial(self, n, p, size=None):
    prob = float(p)
    if not (prob >= 0.0) or not (prob <= 1.0):
        raise ValueError("p < 0, p > 1 or p is NaN")
    if n < 0:
        raise ValueError("n < 0")
    if size is None:
        return np.random._generator_binomial(self, n, prob)
    out = np.empty(size, np.int64)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_binomial(self, n, prob)
    return out


def _not_positive(value):
    # Fails NumPy's CONS_POSITIVE: not greater than 0 (NaN passes).
    return not math.isnan(value) and value <= 0.0


def _negative(value):
    # Fails NumPy's CONS_NON_NEGATIVE: a set sign bit (-0.0 too) unless NaN.
    return not math.isnan(value) and math.copysign(1.0, value) < 0.0


def _gen_standard_gamma(self, shape, size=None):
    k = float(shape)
    if _negative(k):
        raise ValueError("shape < 0")
    if size is None:
        return np.random._generator_gamma(self, k)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_gamma(self, k)
    return out


def _gen_gamma(self, shape, scale=1.0, size=None):
    k = float(shape)
    theta = float(scale)
    if _negative(k):
        raise ValueError("shape < 0")
    if _negative(theta):
        raise ValueError("scale < 0")
    if size is None:
        return theta * np.random._generator_gamma(self, k)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = theta * np.random._generator_gamma(self, k)
    return out


def _gen_chisquare(self, df, size=None):
    k = float(df)
    if _not_positive(k):
        raise ValueError("df <= 0")
    if size is None:
        return 2.0 * np.random._generator_gamma(self, k / 2.0)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = 2.0 * np.random._generator_gamma(self, k / 2.0)
    return out


def _gen_beta(self, a, b, size=None):
    alpha = float(a)
    beta = float(b)
    if _not_positive(alpha):
        raise ValueError("a <= 0")
    if _not_positive(beta):
        raise ValueError("b <= 0")
    if size is None:
        return np.random._generator_beta(self, alpha, beta)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_beta(self, alpha, beta)
    return out


def _gen_standard_t(self, df, size=None):
    k = float(df)
    if _not_positive(k):
        raise ValueError("df <= 0")
    if size is None:
        return _t_draw(self, k)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = _t_draw(self, k)
    return out


def _t_draw(self, df):
    # random_standard_t: a normal over the root of a gamma.
    num = np.random._generator_normal(self)
    denom = np.random._generator_gamma(self, df / 2)
    return math.sqrt(df / 2) * num / math.sqrt(denom)


def _gen_f(self, dfnum, dfden, size=None):
    m = float(dfnum)
    n = float(dfden)
    if _not_positive(m):
        raise ValueError("dfnum <= 0")
    if _not_positive(n):
        raise ValueError("dfden <= 0")
    if size is None:
        return _f_draw(self, m, n)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = _f_draw(self, m, n)
    return out


def _f_draw(self, dfnum, dfden):
    # random_f: a ratio of chi-squares.
    num = 2.0 * np.random._generator_gamma(self, dfnum / 2.0)
    den = 2.0 * np.random._generator_gamma(self, dfden / 2.0)
    return (num * dfden) / (den * dfnum)


def _gen_standard_cauchy(self, size=None):
    if size is None:
        return np.random._generator_normal(self) / np.random._generator_normal(self)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_normal(self) / np.random._generator_normal(self)
    return out


def _gen_negative_binomial(self, n, p, size=None):
    count = float(n)
    prob = float(p)
    if math.isnan(count):
        raise ValueError("n must not be NaN")
    if count <= 0.0:
        raise ValueError("n <= 0")
    if not (prob > 0.0 and prob <= 1.0):
        raise ValueError("p <= 0, p > 1 or p contains NaNs")
    if (1 - prob) / prob * (count + 10 * math.sqrt(count)) > 9.223372006484771e18:
        raise ValueError("n too large or p too small, see Generator.negative_binomial Notes")
    if size is None:
        return _negative_binomial_draw(self, count, prob)
    out = np.empty(size, np.int64)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = _negative_binomial_draw(self, count, prob)
    return out


def _negative_binomial_draw(self, n, p):
    # random_negative_binomial: a Poisson draw of a gamma-distributed mean.
    mean = (1 - p) / p * np.random._generator_gamma(self, n)
    return np.random._generator_poisson(self, mean)


def _gen_lognormal(self, mean=0.0, sigma=1.0, size=None):
    mu = float(mean)
    s = float(sigma)
    if _negative(s):
        raise ValueError("sigma < 0")
    if size is None:
        return np.random._generator_lognormal(self, mu, s)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_lognormal(self, mu, s)
    return out


def _gen_laplace(self, loc=0.0, scale=1.0, size=None):
    mu = float(loc)
    s = float(scale)
    if _negative(s):
        raise ValueError("scale < 0")
    if size is None:
        return np.random._generator_laplace(self, mu, s)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_laplace(self, mu, s)
    return out


def _gen_gumbel(self, loc=0.0, scale=1.0, size=None):
    mu = float(loc)
    s = float(scale)
    if _negative(s):
        raise ValueError("scale < 0")
    if size is None:
        return np.random._generator_gumbel(self, mu, s)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_gumbel(self, mu, s)
    return out


def _gen_logistic(self, loc=0.0, scale=1.0, size=None):
    mu = float(loc)
    s = float(scale)
    if _negative(s):
        raise ValueError("scale < 0")
    if size is None:
        return np.random._generator_logistic(self, mu, s)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_logistic(self, mu, s)
    return out


def _gen_rayleigh(self, scale=1.0, size=None):
    s = float(scale)
    if _negative(s):
        raise ValueError("scale < 0")
    if size is None:
        return np.random._generator_rayleigh(self, s)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_rayleigh(self, s)
    return out


def _gen_pareto(self, a, size=None):
    k = float(a)
    if _not_positive(k):
        raise ValueError("a <= 0")
    if size is None:
        return np.random._generator_pareto(self, k)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_pareto(self, k)
    return out


def _gen_weibull(self, a, size=None):
    k = float(a)
    if _negative(k):
        raise ValueError("a < 0")
    if size is None:
        return np.random._generator_weibull(self, k)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_weibull(self, k)
    return out


def _gen_power(self, a, size=None):
    k = float(a)
    if _not_positive(k):
        raise ValueError("a <= 0")
    if size is None:
        return np.random._generator_power(self, k)
    out = np.empty(size)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_power(self, k)
    return out


def _gen_geometric(self, p, size=None):
    prob = float(p)
    if not (prob > 0.0 and prob <= 1.0):
        raise ValueError("p <= 0, p > 1 or p contains NaNs")
    if size is None:
        return np.random._generator_geometric(self, prob)
    out = np.empty(size, np.int64)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = np.random._generator_geometric(self, prob)
    return out


def _gen_integers(self, low, high=None, size=None, endpoint=False):
    # int64 on [lo, hi] closed, as NumPy's `_rand_int64` (Lemire's method).
    if size is not None:
        if _count(size) == 0:
            return np.empty(size, np.int64)
    if high is None:
        lo = 0
        hi = low
    else:
        lo = low
        hi = high
    if not endpoint:
        hi = hi - 1
    if lo > hi:
        if lo == 0:
            if endpoint:
                raise ValueError("high < 0")
            raise ValueError("high <= 0")
        if endpoint:
            raise ValueError("low > high")
        raise ValueError("low >= high")
    span = hi - lo
    if size is None:
        return lo + np.random._generator_bounded(self, span)
    out = np.empty(size, np.int64)
    flat = out.reshape(out.size)
    for i in range(flat.size):
        flat[i] = lo + np.random._generator_bounded(self, span)
    return out


def _gen_shuffle(self, x):
    # Fisher-Yates from the end along the first axis, `random_interval` draws.
    n = x.shape[0]
    if x.ndim == 1:
        for i in range(n - 1, 0, -1):
            j = np.random._generator_interval(self, i)
            t = x[i]
            x[i] = x[j]
            x[j] = t
    else:
        for i in range(n - 1, 0, -1):
            j = np.random._generator_interval(self, i)
            if i != j:
                t = x[j].copy()
                x[j] = x[i]
                x[i] = t


def _gen_permutation(self, x):
    if np.random._ndim_or_none(x) is None:
        out = np.arange(x)
    else:
        out = x.copy()
    _gen_shuffle(self, out)
    return out


def _shuffle_int(self, idx, n, first):
    # NumPy's `_shuffle_int`: Fisher-Yates over idx[first:n] from the end, Lemire draws.
    for i in range(n - 1, first - 1, -1):
        j = np.random._generator_bounded(self, i)
        t = idx[j]
        idx[j] = idx[i]
        idx[i] = t


def _distinct_indices(self, pop_size, count, shuffle):
    # Generator.choice without replacement or `p`: a tail shuffle for a large sample of a
    # large population, else Floyd's algorithm over an open-addressing set, then shuffled.
    cutoff = 20
    if shuffle:
        cutoff = 50
    if pop_size > 10000 and count > pop_size // cutoff:
        idx = np.arange(pop_size)
        first = pop_size - count
        if first < 1:
            first = 1
        _shuffle_int(self, idx, pop_size, first)
        return idx[pop_size - count :].copy()
    idx = np.empty(count, np.int64)
    # The smallest power of 2 above 1.2 * count, less one.
    mask = int(1.2 * count)
    mask = mask | (mask >> 1)
    mask = mask | (mask >> 2)
    mask = mask | (mask >> 4)
    mask = mask | (mask >> 8)
    mask = mask | (mask >> 16)
    mask = mask | (mask >> 32)
    hash_set = np.full(mask + 1, -1, np.int64)
    for j in range(pop_size - count, pop_size):
        val = np.random._generator_bounded(self, j)
        loc = val & mask
        while hash_set[loc] != -1 and hash_set[loc] != val:
            loc = (loc + 1) & mask
        if hash_set[loc] == -1:
            hash_set[loc] = val
            idx[j - pop_size + count] = val
        else:
            loc = j & mask
            while hash_set[loc] != -1:
                loc = (loc + 1) & mask
            hash_set[loc] = j
            idx[j - pop_size + count] = j
    if shuffle:
        _shuffle_int(self, idx, count, 1)
    return idx


def _generator_checked_p(p, pop_size):
    # Generator.choice's checks of `p` (as float64), in its order and words.
    if p.ndim != 1:
        raise ValueError("p must be 1-dimensional")
    q = p.astype(np.float64)
    n = q.shape[0]
    if n != pop_size:
        raise ValueError("a and p must have same size")
    if n == 0:
        return q
    total = q[0]
    c = 0.0
    for i in range(1, n):
        y = q[i] - c
        t = total + y
        c = (t - total) - y
        total = t
    if math.isnan(total):
        raise ValueError("Probabilities contain NaN")
    for i in range(n):
        if q[i] < 0.0:
            raise ValueError("Probabilities are not non-negative")
    if abs(total - 1.0) > 1.4901161193847656e-08:
        raise ValueError(
            "Probabilities do not sum to 1. See Notes section of docstring for more information."
        )
    return q


def _generator_weighted_indices(self, q, count, replace):
    # Generator.choice with `p`: inverse-CDF draws; without replacement, rounds of
    # `count - found` draws keep each round's first occurrences, the probabilities of the
    # indices found set to 0.
    out = np.empty(count, np.int64)
    if replace:
        cdf = _normalized_cdf(q)
        for i in range(count):
            out[i] = _index_after(cdf, np.random._generator_double(self))
        return out
    nonzero = 0
    for i in range(q.shape[0]):
        if q[i] > 0.0:
            nonzero += 1
    if nonzero < count:
        raise ValueError("Fewer non-zero entries in p than size")
    w = q.copy()
    found = 0
    while found < count:
        m = count - found
        x = np.empty(m)
        for j in range(m):
            x[j] = np.random._generator_double(self)
        for j in range(found):
            w[out[j]] = 0.0
        cdf = _normalized_cdf(w)
        start = found
        for j in range(m):
            k = _index_after(cdf, x[j])
            new = True
            for i in range(start, found):
                if out[i] == k:
                    new = False
            if new:
                out[found] = k
                found += 1
    return out


def _gen_choice(self, a, size=None, replace=True, p=None, shuffle=True):
    if np.random._ndim_or_none(a) is None:
        pop_size = a
        if pop_size <= 0 and _count(size) != 0:
            raise ValueError("a must be a positive integer unless no samples are taken")
    else:
        if a.ndim != 1:
            raise ValueError("choice from an array of more than one dimension is not supported")
        pop_size = a.shape[0]
        if pop_size == 0 and _count(size) != 0:
            raise ValueError("a cannot be empty unless no samples are taken")
    if p is None:
        q = np.empty(0)
    else:
        q = _generator_checked_p(p, pop_size)
    count = _count(size)
    if not replace:
        if count > pop_size:
            raise ValueError(
                "Cannot take a larger sample than population when replace is False"
            )
        if count < 0:
            raise ValueError("negative dimensions are not allowed")
    if p is not None:
        idx = _generator_weighted_indices(self, q, count, replace)
    elif replace:
        idx = np.empty(count, np.int64)
        for i in range(count):
            idx[i] = np.random._generator_bounded(self, pop_size - 1)
    else:
        idx = _distinct_indices(self, pop_size, count, shuffle)
    if size is None:
        if np.random._ndim_or_none(a) is None:
            return idx[0]
        return a[idx[0]]
    if np.random._ndim_or_none(a) is None:
        return idx.reshape(size)
    out = np.empty(count, a.dtype)
    for i in range(count):
        out[i] = a[idx[i]]
    return out.reshape(size)
