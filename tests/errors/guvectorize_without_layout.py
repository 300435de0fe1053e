from numba import guvectorize


@guvectorize(['void(float64[:], float64[:])'])
def f(a, out):
    out[0] = a[0]
