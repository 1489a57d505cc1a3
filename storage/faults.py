"""Crash and stall points for tests: a process told to die at a named step dies there, as
kill -9 would, so tests can prove that every step of a close or a key rotation is
recoverable; one told to stall at a named step sleeps there, so tests can prove a write
held past a chat platform's deadline still gets an honest answer.

Inert unless the environment variable is set to that step's name; nothing in production
sets it.
"""

from __future__ import annotations

import os
import time

FAULT_ENV = "BIGCONV_TEST_CRASH_AT"
CRASH_EXIT = 86
STALL_ENV = "BIGCONV_TEST_STALL_AT"  # "step=seconds"


def crash_point(name: str) -> None:
    if os.environ.get(FAULT_ENV) == name:
        os._exit(CRASH_EXIT)  # no cleanup, no finally blocks, no commit: like kill -9


def stall_point(name: str) -> None:
    step, _, seconds = os.environ.get(STALL_ENV, "").partition("=")
    if step == name:
        time.sleep(float(seconds or 0))
