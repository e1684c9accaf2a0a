"""classifier.engine: ordered results, per-item deadlines on the worker's clock, memory caps, restarts."""

from __future__ import annotations

import os
import time

import pytest

from classifier.engine import Failure, Limits, OrderedPool, Ready, StartupError, run_ordered
from classifier.errors import ModelFormatError

STATE: dict[str, int] = {}


def work(item: str) -> str:
    """A stand-in page analysis: fast, unless the item says otherwise."""
    if item.startswith("sleep"):
        time.sleep(float(item.split()[1]))
    elif item == "die":
        os._exit(3)
    elif item == "raise":
        raise ValueError("boom")
    elif item == "hog":
        hog = bytearray(3 << 30)  # 3 GB, over any cap below
        return str(len(hog))
    elif item == "state":
        return str(STATE.get("loaded"))
    return item.upper()


def load_state() -> None:
    STATE["loaded"] = os.getpid()


def fail_with_model_error() -> None:
    raise ModelFormatError("models/sections.chaff: damaged chaff model file")


def fail_otherwise() -> None:
    raise KeyError("nope")


def run(items, **options) -> list:
    return list(run_ordered(items, work, **options))


def test_results_in_input_order_with_ready_items_passed_through():
    items = [f"sleep 0.{9 - i % 10}" if i % 7 == 0 else f"item{i}" for i in range(30)]
    out = run([Ready("ready!"), *items, Ready(None)], jobs=3)
    assert out[0] == "ready!" and out[-1] is None
    assert out[1:-1] == [item.upper() for item in items]


def test_exceptions_and_crashes_hit_only_their_item():
    out = run(["a", "raise", "b", "die", "c", "die", "d"], jobs=2)
    assert out[0::2] == ["A", "B", "C", "D"]
    assert out[1] == Failure("error", "ValueError: boom")
    assert out[3] == out[5] == Failure("crash", "worker crashed (exit code 3)")


def test_initializer_state_reaches_every_worker_without_rerunning():
    out = run(["state"] * 8, jobs=2, initializer=load_state)
    pids = {int(pid) for pid in out}
    assert len(pids) == 1 and os.getpid() not in pids  # loaded once, in the zygote


def test_a_chaff_error_at_start_is_raised_as_is():
    with pytest.raises(ModelFormatError, match="damaged chaff model"):
        OrderedPool(work, jobs=2, initializer=fail_with_model_error)


def test_another_error_at_start_is_a_startup_error():
    with pytest.raises(StartupError, match="KeyError"):
        OrderedPool(work, jobs=1, initializer=fail_otherwise)


@pytest.mark.slow
def test_timeouts_hit_only_the_slow_record():
    """The collateral test: --jobs 4 --timeout 3, one slow record (and a crash) among fast ones."""
    items = [f"sleep 0.{i % 3}" for i in range(40)]
    items[5] = "sleep 60"
    items[9] = "die"  # a worker replaced while others run
    items[23] = "sleep 60"
    runs = [run(items, jobs=4, limits=Limits(timeout=3)) for _ in range(2)]
    assert runs[0] == runs[1]  # the same output every run
    out = runs[0]
    timeouts = [i for i, result in enumerate(out) if isinstance(result, Failure) and result.kind == "timeout"]
    assert timeouts == [5, 23]
    assert out[5] == Failure("timeout", "timeout after 3 s")
    assert out[9] == Failure("crash", "worker crashed (exit code 3)")
    assert all(out[i] == items[i].upper() for i in range(40) if i not in (5, 9, 23))


def test_memory_cap_hits_only_the_hungry_record():
    out = run(["a", "hog", "b", "hog", "c"], jobs=2, limits=Limits(max_memory_mb=400))
    assert out[0::2] == ["A", "B", "C"]
    assert out[1] == out[3] == Failure("memory", "memory limit exceeded (400 MB)")


def test_window_bounds_what_is_read_ahead():
    read: list[int] = []

    def items():
        for i in range(50):
            read.append(i)
            yield f"x{i}"

    results = run_ordered(items(), work, jobs=2, window=4)
    assert next(results) == "X0"
    assert len(read) <= 5
    assert len(list(results)) == 49


def test_fork_start_shares_the_callers_state():
    STATE["loaded"] = -1  # set in this process: a forked zygote sees it, then the initializer runs there
    try:
        out = run(["state", "x", "die", "y"], jobs=2, initializer=load_state, start="fork")
    finally:
        del STATE["loaded"]
    assert int(out[0]) not in (-1, os.getpid()) and out[1::2] == ["X", "Y"]
    assert out[2] == Failure("crash", "worker crashed (exit code 3)")
