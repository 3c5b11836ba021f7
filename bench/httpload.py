"""A bounded, pure-Python HTTP load driver: threads with http.client, loopback only.

Each thread keeps one connection open when the server allows keep-alive and reconnects when it
closes it (gunicorn's sync workers close after every response), so the driver measures the same
way for every server it is pointed at.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Result:
    """What a run measured."""

    requests: int = 0
    seconds: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: int = 0  # connection errors, not HTTP statuses
    latencies: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        """Every request answered 2xx/3xx, none failed."""
        return self.failures == 0 and all(code < 400 for code in self.statuses)


def percentile(values: Sequence[float], pct: float) -> float:
    """The pct-th percentile (nearest rank) of values; 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def drive(
    port: int,
    paths: Sequence[str],
    threads: int = 8,
    duration: float = 5.0,
    warmup: float = 1.0,
    host: str = "127.0.0.1",
) -> Result:
    """GET ``paths`` round-robin from ``threads`` threads; count only after the warm-up."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the load driver only talks to loopback")
    result = Result()
    lock = threading.Lock()
    start = time.monotonic()
    measure_from = start + warmup
    stop_at = measure_from + duration

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        local_statuses: Counter[int] = Counter()
        local_latencies: list[float] = []
        failures = 0
        i = offset
        while True:
            began = time.monotonic()
            if began >= stop_at:
                break
            path = paths[i % len(paths)]
            i += 1
            try:
                conn.request("GET", path, headers={"Connection": "keep-alive"})
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                if began >= measure_from:
                    failures += 1
                continue
            if began >= measure_from:
                local_statuses[status] += 1
                local_latencies.append(time.monotonic() - began)
        conn.close()
        with lock:
            result.statuses.update(local_statuses)
            result.latencies.extend(local_latencies)
            result.failures += failures

    pool = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    result.requests = sum(result.statuses.values())
    result.seconds = duration
    return result
