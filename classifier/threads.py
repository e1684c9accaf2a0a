"""Small predictions on one thread: waking OpenMP threads for them costs more than the work itself."""

from __future__ import annotations

from functools import cache

from threadpoolctl import ThreadpoolController


@cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


def single_threaded():
    """A context manager that limits OpenMP (LightGBM, histogram gradient boosting) to one thread."""
    return _controller().limit(limits=1, user_api="openmp")
