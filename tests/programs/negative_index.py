# sig: ends (int32[:],)
# case: ends((np.arange(11) * 0.75 - 3.0)[::step]) for step in [1, 2, 3]
from numba import njit


@njit
def ends(a):
    return a[-1] - a[0] + a[-2]
