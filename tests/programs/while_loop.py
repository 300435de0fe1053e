# sig: collatz_steps (int64,)
# case: collatz_steps(n) for n in [1, 6, 27, 97]
from numba import njit


@njit
def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps
