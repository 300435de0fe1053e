"""np.linalg through the package: a solve matches NumPy, the arguments are left as they were,
and a singular matrix raises numpy.linalg.LinAlgError as NumPy does."""

import numpy as np
import pytest

import blackbird


@blackbird.njit
def solve(a, b):
    return np.linalg.solve(a, b)


@blackbird.njit
def inverse(a):
    return np.linalg.inv(a)


def test_solve_matches_numpy_and_leaves_its_arguments():
    rng = np.random.default_rng(3)
    a = np.asfortranarray(rng.standard_normal((5, 5)) + 5 * np.eye(5))
    b = rng.standard_normal(5)
    a0, b0 = a.copy(), b.copy()
    x = solve(a, b)
    np.testing.assert_allclose(x, np.linalg.solve(a0, b0), rtol=1e-12)
    assert np.array_equal(a, a0) and np.array_equal(b, b0)
    x32 = solve(a.astype(np.float32), b.astype(np.float32))
    assert x32.dtype == np.float32
    np.testing.assert_allclose(x32, np.linalg.solve(a0, b0), rtol=1e-4)


def test_singular_matrix_raises_linalg_error():
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(np.linalg.LinAlgError) as e:
        inverse(singular)
    with pytest.raises(np.linalg.LinAlgError) as expected:
        np.linalg.inv(singular)
    assert str(e.value) == str(expected.value) == "Singular matrix"
    with pytest.raises(np.linalg.LinAlgError, match="must be square"):
        inverse(np.ones((2, 3)))
