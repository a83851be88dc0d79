"""With several workers, a worker that is gone (killed, or stopped) leaves no live gauge
behind: /metrics would otherwise keep adding its last in-flight count (graph/metrics.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client import CollectorRegistry, multiprocess
from prometheus_client.values import MultiProcessValue

from graph import metrics


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _live_gauge(folder: Path, pid: int, value: float) -> None:
    """What a worker with `pid` writes for shg_requests_in_flight (multiprocess_mode livesum)."""
    value_class = MultiProcessValue(process_identifier=lambda: pid)
    gauge = value_class("gauge", "shg_requests_in_flight", "shg_requests_in_flight", (), (),
                        "", multiprocess_mode="livesum")  # fmt: skip
    gauge.set(value)


def _in_flight(folder: Path) -> float:
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, str(folder))
    return registry.get_sample_value("shg_requests_in_flight") or 0.0


def test_the_live_gauges_of_dead_workers_are_forgotten(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    dead = _dead_pid()
    _live_gauge(tmp_path, dead, 3)
    _live_gauge(tmp_path, os.getpid(), 1)
    counter = MultiProcessValue(process_identifier=lambda: dead)
    counter("counter", "shg_shed", "shg_shed_total", (), (), "").inc(5)  # fmt: skip
    assert _in_flight(tmp_path) == 4
    assert metrics.forget_dead_workers() == [dead]
    assert _in_flight(tmp_path) == 1  # only the living worker's request
    assert (tmp_path / f"gauge_livesum_{os.getpid()}.db").exists()
    assert (tmp_path / f"counter_{dead}.db").exists()  # counters stay: they were counted
    assert metrics.forget_dead_workers() == []


def test_a_stopping_worker_removes_its_own(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    _live_gauge(tmp_path, os.getpid(), 2)
    metrics.mark_dead(str(tmp_path))
    assert _in_flight(tmp_path) == 0


def test_without_a_folder_nothing_happens(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    assert metrics.forget_dead_workers() == []
    metrics.mark_dead()
