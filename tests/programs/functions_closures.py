# sig: scaled_sum (float64[:], float64)
# sig: poly (float64, float64, float64)
# sig: late_binding (int64,)
# sig: recursive_inner (int64,)
# sig: inner_calls_inner (float64,)
# sig: lambda_named (float64, float64)
# sig: apply_square (float64,)
# sig: apply_lambda (float64, float64)
# snapshot-sig: apply_inner (float64[:], float64)
# sig: compose_twice (float64,)
# sig: pass_down (int64,)
# sig: with_defaults (float64,)
# sig: keywords_any_order (float64, float64)
# sig: inner_defaults (int64,)
# case: scaled_sum(np.array(v), k) for v, k in [([1.0, 2.0, 3.5], 2.0), ([], 1.5), ([-1.0], -3.0)]
# case: poly(a, b, x) for a, b, x in [(1.0, 2.0, 3.0), (-0.5, 4.0, 0.25)]
# case: late_binding(n) for n in [0, 3, -2]
# case: recursive_inner(n) for n in [0, 1, 10, 20]
# case: inner_calls_inner(x) for x in [0.5, 2.0]
# case: lambda_named(x, y) for x, y in [(1.5, 2.0), (-3.0, 0.5)]
# case: apply_square(x) for x in [3.0, -1.5]
# case: apply_lambda(x, k) for x, k in [(3.0, 1.0), (0.5, -2.0)]
# case: apply_inner(np.array(v), k) for v, k in [([1.0, 2.0, 3.0], 0.5), ([4.0], 2.0)]
# case: compose_twice(x) for x in [1.0, -2.0]
# case: pass_down(n) for n in [1, 5]
# case: with_defaults(x) for x in [0.5, 4.0]
# case: keywords_any_order(x, y) for x, y in [(1.0, 2.0), (5.0, -1.0)]
# case: inner_defaults(n) for n in [2, 7]
import math

import numpy as np
from numba import njit

WRAP = 2
OFFSET = -1.5


@njit
def scaled_sum(a, k):
    def scale(v):
        return v * k

    total = 0.0
    for i in range(a.shape[0]):
        total += scale(a[i])
    return total


@njit
def poly(a, b, x):
    def term(c, p):
        return c * x ** p

    return term(a, 2) + term(b, 1) + term(1.0, 0)


@njit
def late_binding(n):
    m = n * 2

    def get():
        return m + 1

    first = get()
    m = 100
    return first * 1000 + get()


@njit
def recursive_inner(n):
    def fib(k):
        if k < 2:
            return k
        return fib(k - 1) + fib(k - 2)

    return fib(n)


@njit
def inner_calls_inner(x):
    base = 10.0

    def shift(v):
        return v + base

    def twice_shift(v):
        return shift(shift(v)) * x

    return twice_shift(1.0)


@njit
def lambda_named(x, y):
    add = lambda u, v: u + v
    scale = lambda u: u * y
    return scale(add(x, 1.0)) + add(v=2.0, u=x)


def square(v):
    return v * v


def apply(f, x):
    return f(x)


def apply_to_each(f, a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = f(a[i])
    return out


@njit
def apply_square(x):
    return apply(square, x)


@njit
def apply_lambda(x, k):
    return apply(lambda v: v + k, x) + apply(lambda v: v * 2.0, x)


@njit
def apply_inner(a, k):
    def shifted(v):
        return math.sqrt(v) + k

    return apply_to_each(shifted, a).sum() + apply_to_each(square, a).sum()


def compose(f, g, x):
    return f(g(x))


@njit
def compose_twice(x):
    return compose(square, lambda v: v + 1.0, x) + compose(lambda v: -v, square, x)


def apply_n(f, n, x):
    for _ in range(n):
        x = f(x)
    return x


def forward(f, n):
    return apply_n(f, n, 1)


@njit
def pass_down(n):
    return forward(lambda v: v * 3, n)


def wrapped(x, mode=WRAP, offset=OFFSET, weights=(1, 0, -2), neg=-3):
    return x * mode + offset + weights[0] + weights[2] * neg


@njit
def with_defaults(x):
    return wrapped(x) + wrapped(x, 1) + wrapped(x, weights=(2, 2, 2))


def combine(a, b, c=1.0, d=-2.0):
    return a * 1000.0 + b * 100.0 + c * 10.0 + d


@njit
def keywords_any_order(x, y):
    return combine(d=x, b=y, a=1.0) + combine(y, c=x, d=2.0, b=3.0)


@njit
def inner_defaults(n):
    def step(k, by=WRAP):
        return k + by

    return step(n) * 10 + step(n, by=-1)
