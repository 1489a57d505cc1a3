"""A tiny metrics registry rendered in the Prometheus text format (served at /metrics).

Hand-rolled rather than prometheus_client: a handful of counters and gauges need no
dependency. Labels carry platform names and outcomes only, never a person or a payload.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

LabelKey = tuple[tuple[str, str], ...]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(key: LabelKey) -> str:
    if not key:
        return ""
    return "{" + ",".join(f'{name}="{_escape(value)}"' for name, value in key) + "}"


class _Metric:
    kind = "untyped"

    def __init__(self, name: str, help_text: str, *, registry: Registry | None = None) -> None:
        self.name, self.help = name, help_text
        self._values: dict[LabelKey, float] = {}
        self._lock = threading.Lock()
        (registry or REGISTRY).register(self)

    def value(self, **labels: str) -> float:
        with self._lock:
            return self._values.get(tuple(sorted(labels.items())), 0.0)

    def _add(self, amount: float, labels: dict[str, str], *, replace: bool = False) -> None:
        key = tuple(sorted(labels.items()))
        with self._lock:
            self._values[key] = amount if replace else self._values.get(key, 0.0) + amount

    def samples(self) -> Iterator[str]:
        yield f"# HELP {self.name} {self.help}"
        yield f"# TYPE {self.name} {self.kind}"
        with self._lock:
            items = sorted(self._values.items())
        for key, value in items:
            yield f"{self.name}{_labels(key)} {value:g}"


class Counter(_Metric):
    """Only goes up (until the process restarts)."""

    kind = "counter"

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        if amount < 0:
            raise ValueError("a counter cannot go down")
        self._add(amount, labels)


class Gauge(_Metric):
    kind = "gauge"

    def set(self, value: float, **labels: str) -> None:
        self._add(value, labels, replace=True)

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        self._add(amount, labels)


class Registry:
    def __init__(self) -> None:
        self._metrics: dict[str, _Metric] = {}
        self._lock = threading.Lock()

    def register(self, metric: _Metric) -> None:
        with self._lock:
            if metric.name in self._metrics:
                raise ValueError(f"metric {metric.name} is already registered")
            self._metrics[metric.name] = metric

    def render(self) -> str:
        with self._lock:
            metrics = [self._metrics[name] for name in sorted(self._metrics)]
        return "".join(line + "\n" for metric in metrics for line in metric.samples())


REGISTRY = Registry()


def render_metrics() -> str:
    """Every registered metric, in the Prometheus text exposition format (version 0.0.4)."""
    return REGISTRY.render()


# The delivery worker's counters, labelled by platform.
MESSAGES_SENT = Counter("bigconv_messages_sent_total", "Messages delivered.")
MESSAGES_RETRIED = Counter(
    "bigconv_messages_retried_total", "Sends that failed for now and will be retried."
)
MESSAGES_FAILED = Counter("bigconv_messages_failed_total", "Messages given up on for good.")
RATE_LIMITED = Counter("bigconv_rate_limited_total", "Sends the platform answered with 429.")
IS_LEADER = Gauge("bigconv_leader", "1 when this replica runs the scheduler and the worker.")
