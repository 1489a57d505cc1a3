"""Crash points for tests: a process told to die at a named step dies there, as kill -9
would, so tests can prove that every step of a close or a key rotation is recoverable.

Inert unless the environment variable is set to that step's name; nothing in production
sets it.
"""

from __future__ import annotations

import os

FAULT_ENV = "BIGCONV_TEST_CRASH_AT"
CRASH_EXIT = 86


def crash_point(name: str) -> None:
    if os.environ.get(FAULT_ENV) == name:
        os._exit(CRASH_EXIT)  # no cleanup, no finally blocks, no commit: like kill -9
