# sig: f (int64,)
# A Generator lives inside compiled code only: returning one to Python is refused at the
# `return`.
import numpy as np
from numba import njit


@njit
def f(seed):
    rng = np.random.default_rng(seed)
    return rng
