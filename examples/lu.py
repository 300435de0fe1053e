# sig: lu void(float64[:, :])
# LU decomposition in place (Doolittle, no pivoting), written with the constructs of the
# founding article's LU that the issues name: row views `A[j][i+1:]`, a one-element list
# accumulator, and `with np.errstate(invalid='ignore')`. On return, A holds U in its upper
# triangle and the multipliers of L (unit diagonal implied) below it.
#
# NOTE: this is a stand-in. The article's verbatim code was not available to the session that
# wrote this file; replace it with the verbatim text when it is (issue #3 pins that text).
#
#   blackbird run examples/lu.py -f lu A.npy --out out/     (A after the call: out/arg0.npy)
#   blackbird bench examples/lu.py -f lu A.npy
import numpy as np
from numba import njit


@njit
def lu(A):
    n = A.shape[0]
    y = [1.0]
    with np.errstate(invalid='ignore'):
        for i in range(n):
            for j in range(i + 1, n):
                y[0] = A[j][i] / A[i][i]
                A[j][i] = y[0]
                A[j][i+1:] = A[j][i+1:] - A[j][i] * A[i][i+1:]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    M = rng.random((64, 64)) + 64 * np.eye(64)
    LU = M.copy()
    # Numba rejects `with np.errstate` in nopython code: run the pure-Python function.
    lu.py_func(LU)
    L = np.tril(LU, -1) + np.eye(64)
    U = np.triu(LU)
    print("max |LU - A| =", np.abs(L @ U - M).max())
