"""The metrics registry renders the Prometheus text format."""

from __future__ import annotations

import pytest

from handlers.metrics import MESSAGES_SENT, Counter, Gauge, Registry, render_metrics


def test_counters_and_gauges_render_in_prometheus_text_format() -> None:
    registry = Registry()  # private, so the global one stays as the worker left it
    counter = Counter("t_sends_total", "help text", registry=registry)
    gauge = Gauge("t_leader", "help text", registry=registry)
    counter.inc(platform="slack")
    counter.inc(2, platform="slack")
    counter.inc(platform='te"ams')
    gauge.set(1)
    text = registry.render()
    assert "# TYPE t_sends_total counter\n" in text
    assert 't_sends_total{platform="slack"} 3\n' in text
    assert 't_sends_total{platform="te\\"ams"} 1\n' in text
    assert "# TYPE t_leader gauge\nt_leader 1\n" in text
    with pytest.raises(ValueError):
        counter.inc(-1)
    with pytest.raises(ValueError):
        registry.register(counter)


def test_the_delivery_counters_are_exposed() -> None:
    MESSAGES_SENT.inc(0, platform="slack")
    text = render_metrics()
    for name in (
        "bigconv_messages_sent_total",
        "bigconv_messages_retried_total",
        "bigconv_messages_failed_total",
        "bigconv_rate_limited_total",
        "bigconv_leader",
    ):
        assert f"# TYPE {name} " in text
