"""Test doubles for Big Conversation: local Slack and Teams stand-ins that speak the
platforms' real HTTP protocols, their token bucket, and a recording chat port.

A distribution of its own (`bigconv-standins`, `pip install -e ./standins`) so that the
product installs none of it: tests, benches and `bigconv demo` use it, `bigconv serve`
never does. It depends on the product (`handlers.ports`), never the reverse.
"""
