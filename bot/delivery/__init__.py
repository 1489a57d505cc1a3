"""Delivering the outbox: the worker, its pacing and retry rules, and a recording port."""

from bot.delivery.pacing import Pacing, PlatformPacing
from bot.delivery.retry import Clock, RetryPolicy, SystemClock
from bot.delivery.worker import DeliveryWorker

__all__ = ["Clock", "DeliveryWorker", "Pacing", "PlatformPacing", "RetryPolicy", "SystemClock"]
