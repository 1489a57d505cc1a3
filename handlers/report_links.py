"""Short-lived download links for report files, served by GET /reports/{token}.

Teams cannot put a file in a personal chat without a consent card and a OneDrive upload,
so the EDI person gets a link instead (and a chair gets one for a discussion export).
The token is `secret.expires.signature`, signed with a key derived from the pepper: a
forged or stretched token is refused without touching the database (404), an expired one
says so (410). The file itself is kept sealed in the database (storage.report_links), so
the link works on every replica and across restarts. It holds only what the use case
that made the file already released (docs/disclosure.md#download-links).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from handlers.backend import Backend
from handlers.report_pulls import download_link_key
from storage.report_links import LinkedFile

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class LinkInvalid(LookupError):
    """Forged, mangled, or naming no file we hold."""


class LinkExpired(LookupError):
    """A genuine link whose time is up."""


@dataclass(frozen=True, slots=True)
class ReportFile:
    name: str
    content: bytes
    actor: str  # who asked for the report, for the download's audit entry
    expires_at: float

    @property
    def content_type(self) -> str:
        suffix = self.name[self.name.rfind(".") :]
        return CONTENT_TYPES.get(suffix, "application/octet-stream")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class ReportLinks:
    def __init__(
        self, backend: Backend, *, ttl_seconds: float, clock: Callable[[], float] = time.time
    ) -> None:
        self._backend, self._ttl, self._clock = backend, ttl_seconds, clock
        self._key = download_link_key(backend)

    @property
    def minutes(self) -> float:
        return self._ttl / 60

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest()[:18])

    async def issue(self, name: str, content: bytes, *, actor: str) -> str:
        """Keep the file (sealed, in the database) and return the token that fetches it
        from any replica until it expires."""
        now = self._clock()
        expires = int(now + self._ttl) + 1
        secret = secrets.token_urlsafe(16)
        kept = LinkedFile(name, actor, content, expires)
        links = self._backend.store.report_links
        await self._backend.calls(links.put, secret, kept, now=int(now))
        payload = f"{secret}.{expires}"
        return f"{payload}.{self._sign(payload)}"

    async def redeem(self, token: str) -> ReportFile:
        secret, _, rest = token.partition(".")
        expires, _, signature = rest.partition(".")
        payload = f"{secret}.{expires}"
        if not expires.isdigit() or not hmac.compare_digest(self._sign(payload), signature):
            raise LinkInvalid(token)
        now = self._clock()
        links = self._backend.store.report_links
        if int(expires) <= now:
            await self._backend.calls(links.get, secret, now=int(now))  # drops the row
            raise LinkExpired(token)
        found = await self._backend.calls(links.get, secret, now=int(now))
        if found is None:
            raise LinkInvalid(token)
        return ReportFile(found.name, found.content, found.actor, float(found.expires_at))
