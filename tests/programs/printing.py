# sig: report (float64, int64)
# sig: trace_loop (int64,)
# `print` of numbers, booleans and string literals, with `sep=` and `end=`, as CPython prints.
from numba import njit


@njit
def report(x, n):
    print("x =", x, "n =", n, x > 1.0)
    print()
    print("{braces}", -x, sep=": ", end="!\n")
    print(x / 3.0, 1e-5 * x, 1e20 * x, -0.0 * x, n - 10, n > 2)
    return x * n


@njit
def trace_loop(n):
    total = 0
    for i in range(n):
        if i % 2 == 0:
            print("step", i, total)
        total += i
    return total
