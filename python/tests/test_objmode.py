"""Object mode with loop-lifting: ``@jit(forceobj=True)`` runs a function as Python with its
outermost loops compiled; results, in-place effects and exceptions are CPython's."""

import sys
import traceback
import warnings

import numpy as np
import pytest

import blackbird

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import objmode_programs as P  # noqa: E402


def objmode(func, **options):
    return blackbird.jit(forceobj=True, **options)(func)


def compiled_loops(d):
    return [loop for loop in d.lifted if loop.signatures()]


def test_mixed_lifts_the_loops_that_compile():
    d = objmode(P.mixed)
    a = np.arange(5.0)
    assert d(5, a) == P.mixed(5, a)
    assert [loop.compiled is not None for loop in d.lifted] == [True, True, False]
    assert len(compiled_loops(d)) == 2
    assert d.nopython_signatures == []


def test_in_place_writes_are_seen():
    a, b = np.arange(6.0), np.arange(6.0)
    d = objmode(P.in_place)
    assert d(a) == P.in_place(b)
    np.testing.assert_array_equal(a, b)
    assert compiled_loops(d)


def test_a_loop_that_does_not_run_keeps_the_values_before_it():
    d = objmode(P.zero_trips)
    for n in (0, 3):
        assert d(n) == P.zero_trips(n)


def test_loops_with_return_stay_python():
    d = objmode(P.returns_inside)
    assert d.lifted == []
    for a in (np.array([1.0, -2.0]), np.array([1.0])):
        assert d(a) == P.returns_inside(a)


def test_exceptions_in_a_lifted_loop_are_pythons():
    d = objmode(P.divides)
    assert d(7, 2) == P.divides(7, 2)
    with pytest.raises(ZeroDivisionError):
        P.divides(3, 0)
    with pytest.raises(ZeroDivisionError, match="integer division or modulo by zero"):
        d(3, 0)
    assert compiled_loops(d)


def test_arguments_the_loop_cannot_take_run_it_as_python():
    d = objmode(P.takes_list)
    assert d([1, 2, 3]) == 6
    assert d.lifted[0].compiled is not None
    assert d.lifted[0].signatures() == []


def test_closures_keep_their_variables():
    f = P.make_closure(2.5)
    d = objmode(f)
    a = np.arange(4.0)
    assert d(a) == f(a)
    assert compiled_loops(d)


def test_only_outermost_loops_are_lifted():
    d = objmode(P.nested_loops)
    assert len(d.lifted) == 1
    assert d(4) == P.nested_loops(4)


def test_loops_in_branches_are_lifted():
    d = objmode(P.in_branch)
    for flag in (True, False):
        assert d(5, flag) == P.in_branch(5, flag)
    assert len(d.lifted) == 1 and d.lifted[0].compiled is not None


def test_tracebacks_point_at_the_users_lines():
    d = objmode(P.raises_in_python)
    with pytest.raises(IndexError) as info:
        d(2)
    frame = traceback.extract_tb(info.value.__traceback__)[-1]
    assert frame.filename == P.__file__
    assert frame.line.strip().startswith("return x[n + 5]")


def test_looplift_false_runs_everything_as_python():
    d = blackbird.jit(forceobj=True, looplift=False)(P.mixed)
    assert d.lifted == []
    a = np.arange(3.0)
    assert d(3, a) == P.mixed(3, a)


def test_numba_spelling(as_numba):
    import numba

    @numba.jit(forceobj=True)
    def g(n):
        out = []
        s = 0
        for i in range(n):
            s += i
        out.append(s)
        return out

    assert g(10) == [45]
    assert g.signatures == [(blackbird.int64,)]


def test_jit_falls_back_to_object_mode_with_a_warning():
    d = blackbird.jit(P.sums_with_a_box)
    with pytest.warns(blackbird.NumbaWarning, match="falling back to object mode") as record:
        assert d(10) == P.sums_with_a_box(10)
    assert "sums_with_a_box" in str(record[0].message)
    assert "objmode_programs.py" in str(record[0].message)  # the construct's location
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once per function
        assert d(4) == P.sums_with_a_box(4)


def test_jit_falls_back_only_for_argument_types_it_does_not_compile():
    d = blackbird.jit(P.plain_sum)
    a = np.arange(5.0)
    assert d(a) == P.plain_sum(a)  # compiled
    with pytest.warns(blackbird.NumbaWarning):
        assert d([1.5, 2.5]) == 4.0  # a list: object mode for lists
    assert d(a) == P.plain_sum(a)
    assert (blackbird.typeof(a),) in d.signatures


def test_nopython_and_njit_raise_instead():
    for d in (blackbird.jit(nopython=True)(P.sums_with_a_box), blackbird.njit(P.sums_with_a_box)):
        with pytest.raises(blackbird.TypingError):
            d(3)


def test_eager_signatures_fall_back_too():
    with pytest.warns(blackbird.NumbaWarning):
        d = blackbird.jit("int64(int64)")(P.sums_with_a_box)
    assert d(5) == [10]
