# sig: pick (float64, float64)
# sig: chosen_side (float64[:], float64[:])
# String literals are compile-time constants (Numba's Literal[str]): compared, passed to
# helpers as defaults and arguments, printed; and the NumPy functions that take option
# strings (side=, kind=, method=, ord=) and literal booleans (return_counts=), against NumPy.
# let: x = np.array([3.0, -1.0, 2.5, np.nan, 2.5, 0.0, -7.25, 2.5, 1e300, -0.5, np.nan, 4.0])
# let: t = np.array([5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9])
# let: s = np.sort(x)
# let: big = np.sin(np.arange(1000.0) * 1.7) * 100.0
# let: ties = np.floor(np.cos(np.arange(200.0)) * 4.0)
# let: e = np.zeros(0)
# case: pick(a, b) for a, b in [(1.0, 2.0), (-3.5, 0.25)]
# case: chosen_side(np.array([0.0, 1.0, 1.0, 2.0, 3.0]), np.array([1.0, -1.0, 2.5, 3.0]))
# case: searched(a, v) for a, v in [(s, x), (np.sort(t), t), (s, e), (e, x), (np.sort(ties), ties), (np.sort(big), big[::7])]
# case: searched_scalar(a, v) for a in [s, np.sort(ties), e] for v in [-1.0, 0.0, 2.5, np.nan, 1e300]
# case: searched_sorter(a, v) for a, v in [(x, x), (t * 1.0, np.arange(-1.0, 11.0, 0.5)), (big, big[::3])]
# case: sorted_kinds(a) for a in [x, t, ties, big, e, np.array([0.0, -0.0, 0.0, -0.0])]
# case: sorted_kinds_2d(a) for a in [big[:120].reshape(12, 10), ties[:60].reshape(6, 10).T, t[:12].reshape(3, 4)]
# case: argsorted_kinds(a) for a in [x, t, ties, big, e]
# case: argsorted_axes(a) for a in [big[:120].reshape(12, 10), ties[:60].reshape(6, 10).T, t[:12].reshape(3, 4)]
# case: argsorted_unstable(a) for a in [x, big, e]
# case: quantiles(a, q) for a in [big, ties, t, x[:3], np.array([2.0]), np.arange(10.0)] for q in [0.0, 0.1, 0.25, 1 / 3, 0.5, 0.75, 0.9, 0.999, 1.0]
# case: quantiles(x, q) for q in [0.0, 0.5, 1.0]
# case: discrete_quantiles(a, q) for a in [t, ties, np.arange(10), np.arange(7.0), np.array([4, 1])] for q in [0.0, 0.05, 0.1, 0.25, 0.3, 0.5, 0.55, 0.75, 0.95, 1.0]
# case: discrete_quantiles(x, 0.5)
# case: percentiles(a, q) for a in [big, ties, t, np.arange(11.0)] for q in [0.0, 12.5, 50.0, 62.5, 99.0, 100.0]
# case: percentiles(e, 50.0)
# let: m = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5], [2.0, 0.0, 1.0], [-3.0, 1.0, 2.5]])
# case rel=1e-12: norms(a) for a in [m, m.T, np.eye(3), np.zeros((2, 2)), np.arange(12).reshape(3, 4)]
# case: uniques(a) for a in [t, x, ties, e, t.reshape(3, 5), np.array([np.nan, np.nan, 1.0, np.nan])]
# case: unique_pairs(a) for a in [t, x, e, ties]
# let: edges = np.array([-2.0, 0.0, 0.5, 2.5, 3.0, 100.0])
# case: histograms(a, edges) for a in [x[~np.isnan(x)], ties, big, t * 1.0, np.array([1.0])]
# case: histograms(e, np.array([0.0, 1.0]))
# case: histograms(t, np.array([1, 3, 5, 9]))
# let: p = np.array([1.0, 2.5, -3.0])
# let: pm = np.arange(6).reshape(2, 3)
# case: pads(a, w) for a in [p, np.array([7.0]), x] for w in [0, 1, 2, 7]
# case: pads_2d(a) for a in [pm, pm.T, big[:12].reshape(3, 4), np.ones((1, 1))]
import numpy as np
from numba import njit

SIDE = "right"


@njit
def _scaled(x, how="double"):
    if how == "double":
        return 2.0 * x
    elif how == "half":
        return x / 2.0
    return x


@njit
def pick(a, b):
    # Literals compared, passed and defaulted: every branch is decided when compiling.
    word = "ab"
    r = _scaled(a) + _scaled(b, "half") + _scaled(a, how="none")
    if word == "ab" and word != "cd" and "b" < word:
        r += 100.0
    if word is None:
        r = -1.0
    print("pick:", word, r)
    return r, word == "ab", "x" != "x", word == 1


@njit
def chosen_side(a, v):
    # A module-level string constant, as Numba freezes globals.
    s = np.sort(a)
    return np.searchsorted(s, v, side=SIDE), np.searchsorted(s, v, "left")


@njit
def searched(a, v):
    return (
        np.searchsorted(a, v),
        np.searchsorted(a, v, side="left"),
        np.searchsorted(a, v, side="right"),
    )


@njit
def searched_scalar(a, v):
    return np.searchsorted(a, v), np.searchsorted(a, v, side="right")


@njit
def searched_sorter(a, v):
    order = np.argsort(a, kind="stable")
    return np.searchsorted(a, v, sorter=order), np.searchsorted(a, v, "right", order)


@njit
def sorted_kinds(a):
    return (
        np.sort(a, kind="quicksort"),
        np.sort(a, kind="mergesort"),
        np.sort(a, kind="heapsort"),
        np.sort(a, kind="stable"),
        np.sort(a, -1, "stable"),
    )


@njit
def sorted_kinds_2d(a):
    return np.sort(a, axis=0, kind="stable"), np.sort(a, kind="heapsort"), np.sort(a, None, "mergesort")


@njit
def argsorted_kinds(a):
    # Stable kinds give NumPy's positions exactly.
    return np.argsort(a, kind="stable"), np.argsort(a, kind="mergesort"), np.argsort(a, 0, "stable")


@njit
def argsorted_axes(a):
    return (
        np.argsort(a, kind="stable"),
        np.argsort(a, axis=0, kind="stable"),
        np.argsort(a, axis=None, kind="mergesort"),
    )


@njit
def argsorted_unstable(a):
    # quicksort and heapsort: equal values may be ordered otherwise than NumPy's introsort,
    # so compare the values they put in order.
    return a[np.argsort(a)], a[np.argsort(a, kind="quicksort")], a[np.argsort(a, kind="heapsort")]


@njit
def quantiles(a, q):
    return (
        np.quantile(a, q),
        np.quantile(a, q, method="linear"),
        np.quantile(a, q, method="midpoint"),
        np.quantile(a, q, method="averaged_inverted_cdf"),
        np.quantile(a, q, method="interpolated_inverted_cdf"),
        np.quantile(a, q, method="hazen"),
        np.quantile(a, q, method="weibull"),
        np.quantile(a, q, method="median_unbiased"),
        np.quantile(a, q, method="normal_unbiased"),
    )


@njit
def discrete_quantiles(a, q):
    return (
        np.quantile(a, q, method="lower"),
        np.quantile(a, q, method="higher"),
        np.quantile(a, q, method="nearest"),
        np.quantile(a, q, method="inverted_cdf"),
        np.quantile(a, q, method="closest_observation"),
    )


@njit
def percentiles(a, q):
    return (
        np.percentile(a, q),
        np.percentile(a, q, method="midpoint"),
        np.percentile(a, q, method="lower"),
        np.percentile(a, q, method="nearest"),
        np.percentile(a, q, method="hazen"),
    )


@njit
def norms(a):
    return (
        np.linalg.norm(a, "fro"),
        np.linalg.norm(a, ord="nuc"),
        np.linalg.norm(a, "f"),
        np.linalg.norm(a),
        np.linalg.norm(a, 2),
    )


@njit
def uniques(a):
    return (
        np.unique(a),
        np.unique(a, return_counts=True),
        np.unique(a, return_index=True),
        np.unique(a, return_inverse=True),
        np.unique(a, True, True, True),
    )


@njit
def unique_pairs(a):
    return (
        np.unique(a, return_index=True, return_counts=True),
        np.unique(a, return_inverse=True, return_counts=True),
        np.unique(a, return_index=True, return_inverse=True),
    )


@njit
def histograms(a, edges):
    return (
        np.histogram(a),
        np.histogram(a, 4, (0.0, 2.0)),
        np.histogram(a, bins=3, range=(1, 1)),
        np.histogram(a, edges),
        np.histogram(a, bins=edges),
    )


@njit
def pads(a, w):
    return (
        np.pad(a, w),
        np.pad(a, (w, 2), "edge"),
        np.pad(a, w, mode="reflect"),
        np.pad(a, (0, w), "symmetric"),
        np.pad(a, w, "wrap"),
        np.pad(a, ((2, w),), constant_values=-1.5),
    )


@njit
def pads_2d(m):
    return (
        np.pad(m, 1),
        np.pad(m, ((1, 2), (3, 0)), "reflect"),
        np.pad(m, (2, 1), "symmetric"),
        np.pad(m, 4, mode="wrap"),
        np.pad(m, ((0, 1), (2, 2)), "edge"),
        np.pad(m, 2, constant_values=9),
    )
