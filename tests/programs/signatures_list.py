from numba import jit, float64, int64, UniTuple


@jit([UniTuple(float64, 2)(float64, float64), "UniTuple(int64, 2)(int64, int64)"], nopython=True, boundscheck=True)
def divmod_pair(a, b):
    return a // b, a % b
