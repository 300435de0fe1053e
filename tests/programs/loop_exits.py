# sig: first_square_above (int64,)
# sig: find_in_matrix (float64[:, :], float64)
# sig: while_search (float64[:], float64)
# sig: while_return (float64[:], float64)
# sig: deep_return (int64,)
# sig: return_in_branch_loop (int64, boolean)
# sig: nested_ifs_then_while (int64, int64)
# sig: break_continue_while (int64,)
# sig: condition_guarded (float64[:],)
# sig: collatz_steps (int64,)
# sig: grow (float64[:],)
# sig: break_in_try (int64,)
# sig: break_in_inner_else (int64,)
# Leaving loops early: `break` in `while`, `return` from nested loops and from loops inside
# branches (Python semantics: a `while` condition is not evaluated again after `break`).
# case: first_square_above(n) for n in [0, 1, 50, 99, 100]
# case: break_continue_while(n) for n in [0, 1, 50, 99, 100]
# let: m = (np.arange(12) * 7 % 12 / 12).reshape(3, 4)
# case: find_in_matrix(a, t) for t in [0.9, 0.5, 0.0, 2.0] for a in [m, m[::2, ::2]]
# let: v = np.array([1.0, 2.0, 3.0, 4.0, -1.0, 6.0])
# case: while_search(v, x) for x in [1.0, 4.0, 6.0, 7.0]
# case: while_return(v, x) for x in [1.0, 4.0, 6.0, 7.0]
# case: condition_guarded(a) for a in [v, v[:4].copy(), v[::2]]
# case: deep_return(n) for n in [0, 5, 12, 30]
# case: return_in_branch_loop(n, flag) for n in [0, 5, 12, 30] for flag in [True, False]
# case: nested_ifs_then_while(n, m) for n, m in [(-1, 1), (3, 2), (3, -2), (0, 0)]
# case: collatz_steps(n) for n in [1, 2, 7, 27]
# case: grow(a) for a in [v, v[::2]]
# case: break_in_try(n) for n in [0, 3]
# case: break_in_inner_else(n) for n in [0, 3]
import numpy as np
from numba import njit


@njit
def first_square_above(n):
    i = 0
    while True:
        i += 1
        if i * i > n:
            break
    return i


@njit
def find_in_matrix(a, threshold):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            if a[i, j] > threshold:
                return i * 100 + j
    return -1


@njit
def while_search(x, target):
    i = 0
    found = -1
    while i < len(x):
        if x[i] == target:
            found = i
            break
        i += 1
    return found, i


@njit
def while_return(x, limit):
    total = 0.0
    i = 0
    while i < len(x):
        total += x[i]
        if total > limit:
            return i
        i += 1
    return -1


@njit
def deep_return(n):
    count = 0
    for i in range(n):
        j = 0
        while j < i:
            for k in range(j):
                count += 1
                if count == 50:
                    return i * 10000 + j * 100 + k
            j += 1
    return -count


@njit
def return_in_branch_loop(n, flag):
    if flag:
        for i in range(n):
            if i * 3 > n:
                return i
    else:
        k = 0
        while k < n:
            if k * k > n:
                return -k
            k += 1
    return 0


@njit
def nested_ifs_then_while(n, m):
    if n < 0:
        return 0
    else:
        if m < 0:
            return 1
        i = 0
        while i < n:
            i += 1
        k = 5
    return i + k


@njit
def break_continue_while(n):
    s = 0
    i = 0
    while i < n:
        i += 1
        if i % 3 == 0:
            continue
        if i > 20:
            break
        s += i
    return s


@njit
def condition_guarded(x):
    # The condition must not be evaluated after a break: x[i] would be out of range.
    i = 0
    while x[i] > 0.0:
        i += 1
        if i == len(x):
            break
    return i


@njit
def collatz_steps(n):
    # `while True:` without `break` ends only through its `return`: nothing needed after it.
    steps = 0
    while True:
        if n <= 1:
            return steps
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1


@njit
def grow(a):
    x = a * 1.0
    while 1:
        x = x * 2.0
        if np.abs(x).sum() > 100.0 or x.size == 0:
            return x


@njit
def break_in_try(n):
    # `while True:` whose `break` is inside a `try`: the code after the loop is reachable.
    while True:
        try:
            if n > 0:
                break
        except ValueError:
            pass
        return 1
    return 2


@njit
def break_in_inner_else(n):
    # A `break` in a nested loop's `else` clause leaves the outer loop.
    while True:
        for i in range(n):
            pass
        else:
            break
        return 1
    return 2
