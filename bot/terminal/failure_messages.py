"""Plain-English messages for failures that come from outside our code: the database
server, the file system, the network. The command line shows one of these instead of a
stack trace; `BIGCONV_DEBUG=1` shows the trace as well, for whoever is fixing a bug."""

from __future__ import annotations

import errno
import re

DEBUG_ENV = "BIGCONV_DEBUG"
_MISSING_DATABASE = re.compile(r'database "([^"]+)" does not exist')
_ROLE_MISSING = re.compile(r'role "([^"]+)" does not exist')


def _database_message(text: str) -> str:
    missing = _MISSING_DATABASE.search(text)
    if missing:
        name = missing.group(1)
        return (
            f"The database {name} does not exist on the PostgreSQL server. Create it first "
            f"(`createdb {name}`, or CREATE DATABASE {name}; in psql), then run "
            "`bigconv db upgrade`."
        )
    role = _ROLE_MISSING.search(text)
    if role:
        return f"The PostgreSQL user {role.group(1)} does not exist; check [database] url."
    if "Connection refused" in text or "could not connect" in text or "timeout" in text:
        return (
            "Could not connect to the database server: is PostgreSQL running, and is the "
            "host and port in [database] url right?"
        )
    if "password authentication failed" in text:
        return "The database refused the password in [database] url."
    if "unable to open database file" in text:
        return (
            "Could not open the SQLite database file: check that its folder exists and is writable."
        )
    first_line = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return f"The database could not be used: {first_line}"


def _os_message(exc: OSError) -> str:
    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno == errno.EADDRINUSE:
        return (
            "The address is already in use: another server (perhaps another bigconv serve) "
            "holds that port. Stop it, or set [server] port to a free one."
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return "The [server] host is not an address of this machine."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"Permission denied{where}."
    if exc.errno == errno.ENOSPC:
        return "The disk is full."
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{reason}{where}."


def describe(exc: BaseException) -> str | None:
    """A message for a failure the operator can fix, or None for a bug of ours."""
    module = type(exc).__module__
    if module.startswith("sqlalchemy"):
        from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

        if isinstance(exc, (ArgumentError, NoSuchModuleError)):
            return "[database] url is not a database address this program understands."
        if isinstance(exc, DBAPIError):
            return _database_message(str(exc.orig))
        return _database_message(str(exc))
    if isinstance(exc, OSError):
        return _os_message(exc)
    if isinstance(exc, RecursionError):
        return "The input is nested too deeply to read."
    return None
