from numba import njit


@njit
def f(a):
    total = 0.0
    for v in a:
        try:
            total += 1 / v
            if total > 10:
                break
        except ZeroDivisionError:
            total = 0.0
    return total
