"""Short-lived download links for the report files, served by GET /reports/{token}.

Teams cannot put a file in a personal chat without a consent card and a OneDrive upload,
so the EDI person gets a link instead. The token names a file held in this process's
memory and when it expires, signed with a key derived from the pepper; a forged or
unknown token is a 404, an expired one a 410. Files live only in memory (nothing extra
at rest) and only until they expire: behind several replicas, route /reports/ to the
replica that answered /api/messages (sticky sessions), or ask for the report again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CAPACITY = 64  # files held at once; the oldest go first


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
        self, key: bytes, *, ttl_seconds: float, clock: Callable[[], float] = time.time
    ) -> None:
        self._key, self._ttl, self._clock = key, ttl_seconds, clock
        self._files: OrderedDict[str, ReportFile] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def minutes(self) -> float:
        return self._ttl / 60

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest()[:18])

    def issue(self, name: str, content: bytes, *, actor: str) -> str:
        """Keep the file and return the token that fetches it until it expires."""
        now = self._clock()
        expires = int(now + self._ttl) + 1
        file_id = secrets.token_urlsafe(16)
        with self._lock:
            for key in [k for k, f in self._files.items() if f.expires_at <= now]:
                del self._files[key]
            while len(self._files) >= CAPACITY:
                self._files.popitem(last=False)
            self._files[file_id] = ReportFile(name, content, actor, float(expires))
        payload = f"{file_id}.{expires}"
        return f"{payload}.{self._sign(payload)}"

    def redeem(self, token: str) -> ReportFile:
        file_id, _, rest = token.partition(".")
        expires, _, signature = rest.partition(".")
        payload = f"{file_id}.{expires}"
        if not expires.isdigit() or not hmac.compare_digest(self._sign(payload), signature):
            raise LinkInvalid(token)
        if int(expires) <= self._clock():
            with self._lock:
                self._files.pop(file_id, None)
            raise LinkExpired(token)
        with self._lock:
            found = self._files.get(file_id)
        if found is None:
            raise LinkInvalid(token)
        return found
