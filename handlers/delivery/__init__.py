"""Delivering the outbox: the worker, its pacing and retry rules, and a recording port."""

from handlers.delivery.pacing import Pacing, PlatformPacing
from handlers.delivery.retry import Clock, RetryPolicy, SystemClock
from handlers.delivery.worker import DeliveryWorker

__all__ = ["Clock", "DeliveryWorker", "Pacing", "PlatformPacing", "RetryPolicy", "SystemClock"]
