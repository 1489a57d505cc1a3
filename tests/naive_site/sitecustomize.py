"""Test-only: lets `bigconv` subprocesses started by tests use the naive auditor while
surveys.release_audit still raises NotImplementedError (see tests/conftest.py)."""

from surveys import release_audit

try:
    release_audit.find_disclosure([], {}, 11)
except NotImplementedError:
    from tests.surveys import naive_auditor

    release_audit.find_disclosure = naive_auditor.find_disclosure
    release_audit.plan_release = naive_auditor.plan_release
