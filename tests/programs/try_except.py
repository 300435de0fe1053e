# sig: safe_div (float64, float64)
# sig: count_until_error (int64[:],)
# sig: from_helper (int64[:],)
# sig: handlers_in_order (int64[:], int64, int64)
# sig: finally_runs (int64[:], int64)
# sig: finally_uncaught (int64[:], int64)
# sig: reraise_after_store (int64[:], int64)
# sig: nested_try (int64[:], int64)
# sig: raise_in_try (int64,)
# sig: bare_except (float64[:], int64)
# sig: try_in_loop (float64[:], float64[:])
# sig: shape_error_caught (float64[:], float64[:])
# sig: bases_catch (int64[:], int64, int64)
# sig: library_value_error (int64,)
# sig: try_finally_only (int64[:], int64)
# sig: handler_raises (int64[:], int64)
# sig: break_and_continue_in_try (int64[:], int64)
# sig: continue_without_finally (int64[:], int64)
# case: safe_div(a, b) for a, b in [(1.0, 2.0), (1.0, 0.0), (-3.0, 0.0)]
# case: count_until_error(np.array(v)) for v in [[3, 2, 0, 5], [1, 2, 3], [0]]
# case: from_helper(np.array(v)) for v in [[3, -2, 0, 5], [1, 2], [-1, -1]]
# case: handlers_in_order(np.array([7, 2, 9]), i, d) for i, d in [(1, 3), (1, 0), (5, 2), (-1, 1)]
# case: finally_runs(np.array([7, 2, 9]), d) for d in [0, 2]
# case: finally_uncaught(np.array([7, 2, 9]), d) for d in [0, 2]
# case: reraise_after_store(np.array([7, 2, 9]), d) for d in [0, 3]
# case: nested_try(np.array([7, 2, 9]), d) for d in [0, 2, -1]
# case: raise_in_try(x) for x in [1, 5, 9]
# case: bare_except(np.array([1.0, 2.0, 8.0]), i) for i in [0, 2, 7]
# case: try_in_loop(np.array([1.0, 2.0, 3.0, 4.0]), np.array(d)) for d in [[1.0, 0.0, 2.0, 0.0], [1.0, 1.0, 1.0, 1.0]]
# case: shape_error_caught(np.ones(4), np.ones(n)) for n in [1, 3, 4]
# case: bases_catch(np.array([4, 5, 6]), i, d) for i, d in [(0, 0), (9, 1), (1, 1)]
# case: library_value_error(n) for n in [2, -1]
# case: try_finally_only(np.array([4, 5, 6]), d) for d in [0, 2]
# case: handler_raises(np.array([4, 5, 6]), d) for d in [0, 2]
# case: break_and_continue_in_try(np.array(v), d) for v in [[4, -1, 6, 60, 8], [1, 2, 3]] for d in [0, 2]
# case: continue_without_finally(np.array([1, 3, 5, 2]), d) for d in [0, 1]
"""try/except/else/finally in compiled code: exceptions raised implicitly (division by zero,
index checks under boundscheck, shape errors, library ValueErrors), by `raise`/`assert` and by
called helpers are caught by the first matching handler (CPython's class hierarchy); variables
keep the values they had when the exception was raised, and arrays stay as written."""
import numpy as np
from numba import njit


@njit
def safe_div(a, b):
    r = 0.0
    try:
        r = a / b
    except ZeroDivisionError:
        r = -1.0
    return r


@njit
def count_until_error(a):
    # The count at the raise is kept; the stores before it stay.
    count = 0
    try:
        for i in range(a.shape[0]):
            count += 1
            x = 10 // int(a[i])
            a[i] = x
    except ZeroDivisionError:
        count += 100
    return count


def doubled(x):
    if x < 0:
        raise ValueError("negative")
    return 10 // int(x)


@njit
def from_helper(a):
    total = 0
    for i in range(a.shape[0]):
        try:
            total += doubled(a[i])
            a[i] = -7
        except ValueError:
            total += 1000
        except ZeroDivisionError:
            total += 1
    return total


@njit(boundscheck=True)
def handlers_in_order(a, i, d):
    r = 0
    try:
        r = int(a[i]) // d
    except (KeyError, IndexError):
        r = -1
    except ArithmeticError:
        r = -2
    except Exception:
        r = -3
    else:
        r += 10
    return r


@njit
def finally_runs(a, d):
    out = 0
    try:
        out = int(a[0]) // d
    except ZeroDivisionError:
        out = -5
    finally:
        a[1] = 77
    return out


@njit
def finally_uncaught(a, d):
    out = 0
    try:
        out = int(a[0]) // d
    except IndexError:
        out = -5
    finally:
        a[1] = 77
    return out


@njit
def reraise_after_store(a, d):
    out = 0
    try:
        out = int(a[0]) // d
    except ZeroDivisionError:
        a[2] = 5
        raise
    return out


@njit(boundscheck=True)
def nested_try(a, d):
    out = 0
    try:
        try:
            out = int(a[0]) // d
            if d < 0:
                out = a[10]
        except IndexError:
            out = -1
        out += 1
    except ZeroDivisionError:
        out = -2
    return out


@njit
def raise_in_try(x):
    try:
        if x > 3:
            raise ValueError("big")
        assert x < 8, "too big"
        x = x + 1
    except ValueError:
        x = -x
    except AssertionError:
        x = 1000
    return x


@njit(boundscheck=True)
def bare_except(a, i):
    s = 0.0
    try:
        s = a[i] * 2.0
        assert s < 10.0, "too big"
    except:
        s = -1.0
    return s


@njit
def try_in_loop(a, d):
    # A caught exception lets the loop go on with the next iteration.
    total = 0.0
    for i in range(a.shape[0]):
        try:
            q = float(a[i]) // float(d[i])
            total += q
            a[i] = q
        except ZeroDivisionError:
            total -= 100.0
    return total


@njit
def shape_error_caught(a, b):
    try:
        a += b
    except ValueError:
        return -1.0
    return a.sum()


@njit(boundscheck=True)
def bases_catch(a, i, d):
    try:
        return int(a[i]) // d
    except LookupError:
        return -10
    except ArithmeticError:
        return -20


@njit
def library_value_error(n):
    try:
        x = np.ones(6).reshape(n, 3)
        return x.sum()
    except ValueError:
        return -1.0


@njit
def try_finally_only(a, d):
    try:
        a[0] = int(a[1]) // d
    finally:
        a[2] = 99
    return a[0]


@njit
def handler_raises(a, d):
    out = 0
    try:
        out = int(a[0]) // d
    except ZeroDivisionError:
        raise ValueError("bad divisor")
    finally:
        a[1] = 11
    return out


@njit
def break_and_continue_in_try(a, d):
    # `break`/`continue` inside a `try` body leave the loop around it; `finally` runs first.
    total = 0
    cleanups = 0
    for i in range(a.shape[0]):
        try:
            if a[i] < 0:
                continue
            if a[i] > 50:
                break
            total += int(a[i]) // d
        except ZeroDivisionError:
            total -= 1
            continue
        finally:
            cleanups += 1
        total += 1000
    return total * 10000 + cleanups


@njit
def continue_without_finally(a, d):
    total = 0
    for i in range(a.shape[0]):
        try:
            if a[i] == 3:
                continue
            total += int(a[i]) // d
        except ZeroDivisionError:
            break
        else:
            a[i] = -a[i]
    return total
