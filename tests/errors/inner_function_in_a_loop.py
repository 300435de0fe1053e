from numba import njit


@njit
def f(n):
    total = 0
    for i in range(n):
        def step(k):
            return k + i

        total = step(total)
    return step(total)
