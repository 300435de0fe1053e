import numpy as np
from numba import guvectorize, int64, float64


@guvectorize(['void(float64[:], intp[:], float64[:])'], '(n),()->(n)')
def move_mean(a, window_arr, out):
    window_width = window_arr[0]
    asum = 0.0
    count = 0
    for i in range(window_width):
        asum += a[i]
        count += 1
        out[i] = asum / count
    for i in range(window_width, len(a)):
        asum += a[i] - a[i - window_width]
        out[i] = asum / count


@guvectorize(["void(float64[:], int64, float64[:])"], "(n),()->(n)")
def scale(x, k, out):
    # A scalar core argument: the kernel gets an int64, one per outer position.
    for i in range(x.shape[0]):
        out[i] = x[i] * k
