"""Logging that never carries a request body, a user id or an answer (docs/privacy.md#logs).

Our own code logs only fixed words and counts. Libraries are less careful: bolt logs
request bodies at INFO and DEBUG and echoes payloads in warnings, slack_sdk logs
request parameters at DEBUG. Their loggers are held at WARNING, and whatever they still
emit is cut to its leading words before any handler sees it.
"""

from __future__ import annotations

import logging
import re
import sys

THIRD_PARTY = ("slack_bolt", "slack_sdk", "aiohttp", "sqlalchemy", "apscheduler", "asyncio")
_DETAIL = re.compile(r"[(:{\[]")


def _summary(message: str) -> str:
    """ "Unhandled request ({'type': ...})" → "Unhandled request"."""
    head = _DETAIL.split(message.splitlines()[0] if message else "", maxsplit=1)[0]
    return head.strip() or "(details withheld)"


class PrivacyFilter(logging.Filter):
    """Keeps third-party records to their leading words; drops their tracebacks, whose
    exception messages can quote Slack's answers."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(THIRD_PARTY):
            summary = _summary(record.getMessage())
            if record.exc_info and record.exc_info[0] is not None:
                summary += f" [{record.exc_info[0].__name__}]"
            record.msg, record.args = summary, None
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def quiet_third_parties() -> None:
    for name in ("slack_bolt", "slack_sdk", "sqlalchemy", "apscheduler", "aiohttp"):
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.CRITICAL)  # times of clicks


def configure_logging(level: int = logging.INFO) -> logging.Handler:
    """One stderr handler with the privacy filter, on the root logger."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(PrivacyFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    quiet_third_parties()
    return handler
