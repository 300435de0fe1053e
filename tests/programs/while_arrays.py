# sig: shrink (float64[:],)
# case: shrink(np.arange(8.0)[::step]) for step in [1, 3]
from numba import njit


@njit
def shrink(a):
    steps = 0
    while (a * 1.0).sum() > 1.0:
        a[:] = a * 0.5
        steps += 1
    return steps
