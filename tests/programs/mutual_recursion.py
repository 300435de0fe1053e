# sig: is_even (int64,)
# sig: rounds (int64, float64)
# Mutual recursion: each function typed from the others' base cases.
# case: is_even(n) for n in [0, 1, 2, 7, 10]
# case: rounds(n, 1.0) for n in [0, 1, 2, 7, 10]
from numba import njit


@njit
def is_even(n):
    return True if n == 0 else is_odd(n - 1)


@njit
def is_odd(n):
    return False if n == 0 else is_even(n - 1)


@njit
def rounds(n, acc):
    # A cycle of three; the last has no base case of its own.
    if n <= 0:
        return acc
    return double(n - 1, acc + 0.5)


@njit
def double(n, acc):
    if n <= 0:
        return acc
    return shrink(n - 1, acc * 2.0)


@njit
def shrink(n, acc):
    return rounds(n - 1, acc - 1.0)
