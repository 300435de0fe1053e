"""Shared fixtures: the seed examples' directory, and `numba` bound to `blackbird`."""

import pathlib
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
# The founding article's examples, read in place (beside the repository).
SEED = REPO.parent / "shared" / "seed"


@pytest.fixture
def seed_dir():
    if not SEED.is_dir():
        pytest.skip(f"the seed examples are not at {SEED}")
    return SEED


@pytest.fixture
def as_numba(monkeypatch):
    """`import numba` gives blackbird for the test's duration."""
    import blackbird

    monkeypatch.setitem(sys.modules, "numba", blackbird)
    return blackbird
