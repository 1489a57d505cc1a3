"""Keeping the Agents SDK's and MSAL's logs free of request bodies, user ids and answers.

The SDK logs activity text at WARNING ("No route found ... with text: ...") and an
error's message with its traceback when a turn fails; MSAL logs token traffic at DEBUG.
Their loggers are held at WARNING and every record is cut to its leading words, without
a traceback, before any handler sees it.
"""

from __future__ import annotations

import logging
import re

SDK_LOGGERS = ("microsoft_agents", "msal")
_DETAIL = re.compile(r"[(:{\[]")


class LeadingWords(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        head = _DETAIL.split(message.splitlines()[0] if message else "", maxsplit=1)[0]
        summary = head.strip() or "(details withheld)"
        if record.exc_info and record.exc_info[0] is not None:
            summary += f" [{record.exc_info[0].__name__}]"
        record.msg, record.args = summary, None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


_FILTER = LeadingWords()


def quiet_sdk_logs() -> None:
    """Call after the SDK is imported: its module loggers exist by then."""
    for name in SDK_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in list(logging.root.manager.loggerDict):
        if name.startswith(SDK_LOGGERS):
            logger = logging.getLogger(name)
            if _FILTER not in logger.filters:
                logger.addFilter(_FILTER)
