"""Functions compiled by the tests (at module level: the compiler reads this file)."""

import math

import numpy as np

import blackbird
from blackbird import float32, float64, int32, int64, njit

SCALE = 3
OFFSET = 0.5


def plain_add(a, b):
    return a + b


@njit
def add(a, b):
    return a + b


@njit
def hypot(x, y):
    return math.sqrt(x * x + y * y)


@njit
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def plain_total2d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j] * (i + 1) + j
    return s


total2d = njit(plain_total2d)


@njit
def scale_in_place(a, k):
    for i in range(a.shape[0]):
        a[i] = a[i] * k


@njit
def fill2d(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = 10 * i + j


@njit
def double_it(a):
    return a * 2


@njit
def uses_globals(x):
    return x * SCALE + OFFSET


def helper_square(x):
    return x * x


@njit
def calls_helper(x):
    return helper_square(x) + 1


@njit
def divide(a, b):
    return a // b


@njit
def index_at(a, i):
    return a[i]


@njit(boundscheck=True)
def checked_index(a, i):
    return a[i]


@njit
def zeros_of(n):
    return np.zeros(n)


@njit(float64(float64[:]))
def eager_sum(a):
    s = 0.0
    for x in a:
        s += x
    return s


@njit("int32(int32, int32)")
def eager_add32(a, b):
    return a + b


SIG = float32(float32, float32)


@njit([SIG, "float64(float64, float64)"])
def eager_many(a, b):
    return a * b


@njit
def with_default(a, b=2):
    return a * b


@njit
def pair(t):
    return t[0] + t[1]


@njit
def minmax(a):
    lo = a[0]
    hi = a[0]
    for x in a:
        lo = min(lo, x)
        hi = max(hi, x)
    return lo, hi


@njit
def is_positive(x):
    return x > 0


@njit
def unsupported_dict():
    d = {"a": 2.0}  # string keys are not supported (dicts of numbers are)
    return d["a"]


@njit
def number_dict():
    d = {1: 2.0}
    d[3] = d.get(1, 0.0) + 0.5
    return d[3]


@njit
def list_pop():
    return [1, 2, 3].pop()


@njit(nogil=True)
def busy(n):
    s = 0.0
    for i in range(n):
        s += math.sin(i) * math.sin(i)
    return s


@blackbird.vectorize
def vadd(x, y):
    return x + 2 * y


@blackbird.vectorize(["float64(float64)"])
def vsq(x):
    return x * x


@blackbird.guvectorize(["void(float64[:], float64[:])"], "(n)->()")
def gsum(a, out):
    s = 0.0
    for x in a:
        s += x
    out[0] = s


@blackbird.guvectorize(["void(float64[:], float64[:])", "void(int64[:], int64[:])"], "(n)->(n)")
def gcumsum(a, out):
    s = a[0] - a[0]
    for i in range(a.shape[0]):
        s += a[i]
        out[i] = s


@njit(parallel=True)
def psum(a):
    s = 0.0
    for i in blackbird.prange(a.shape[0]):
        s += a[i]
    return s


@njit(fastmath=True, error_model="numpy")
def fast_div(a, b):
    return a / b


@njit
def int_arg(n):
    return n + 1


@njit
def one_array(a):
    return a[0]


@njit
def three_arrays(a, b, c):
    return a[0] + b[0] + c[0]


@njit
def concurrent_target(a, x):
    return a[0] * x


@njit
def square(x):
    return x * x


@njit
def halve(x):
    return x // 2


@njit
def fresh_for_threads(a, x):
    return a.sum() * x


@njit
def identity(x):
    return x


@njit
def scaled_or_doubled(x, factor=None):
    # `factor is None` is decided while compiling: a None argument is its own specialisation.
    if factor is None:
        return x * 2.0
    return x * factor


@njit
def first_or_sum(t):
    a, b = t
    return a if b is None else a + b
