# case: fib(n) for n in [0, 1, 2, 10, 20]
from numba import njit


@njit("int64(int64)")
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
