"""A module with what the compiler does not take beside compiled functions: a class, another
decorator, *args, a computed global, nested and closure functions."""

import functools

import numpy as np

import blackbird as numba

N = 2 ** 4  # computed: frozen from its value at the first compile
BIG = float("inf")


class Accumulator:
    def add(self, *values):
        return sum(values)


@functools.lru_cache(maxsize=None)
def cached(x, *rest, **options):
    return x


def helper(x):
    return x + N


@numba.jit(nopython=True)
def uses_computed_global(x):
    return helper(x) * 2


@numba.njit
def clamp(x):
    return min(x, BIG)


def make_scaler(k):
    @numba.njit
    def scale(x):
        return offset(x) * k

    def offset(x):
        return x + 1

    return scale


SIG = numba.float64(numba.float64[:])


@numba.njit(SIG, cache=True)
def cached_sum(a):
    return a.sum()
