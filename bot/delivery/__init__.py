"""Delivery settings and the recording port used by tests and the demo."""
