"""Sign requests the way Slack signs what it sends to an app, and encode their bodies.

Slack's v0 scheme: `X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:{ts}:{body}"))` with
`X-Slack-Request-Timestamp: {ts}`; apps refuse timestamps more than five minutes old.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
REPLAY_WINDOW = 60 * 5  # seconds; what slack_sdk's SignatureVerifier accepts


def sign(secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    """The two headers Slack adds to a request it sends with `body` at `timestamp`."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


@dataclass(frozen=True)
class SignedRequest:
    """Exact bytes and headers, so a test can send the same request twice (a replay)."""

    body: bytes
    headers: Mapping[str, str]

    def tampered(self, body: bytes) -> SignedRequest:
        """The same headers over a different body: the signature no longer matches."""
        return SignedRequest(body, self.headers)


def signed_request(
    secret: str, body: bytes, content_type: str, *, timestamp: int | None = None
) -> SignedRequest:
    """Sign `body` now, or at an explicit (say, expired) `timestamp`."""
    ts = int(time.time()) if timestamp is None else timestamp
    return SignedRequest(body, {"Content-Type": content_type, **sign(secret, body, ts)})


def expired_timestamp(age: int = REPLAY_WINDOW + 60) -> int:
    """A timestamp older than an app's replay window."""
    return int(time.time()) - age


def form_body(fields: Mapping[str, str]) -> bytes:
    """A form-encoded body, as Slack sends slash commands."""
    return urlencode(fields).encode()


def interactivity_body(payload: Mapping[str, Any]) -> bytes:
    """`payload=<json>`, form-encoded, as Slack sends block_actions and view_submission."""
    return form_body({"payload": json.dumps(payload, separators=(",", ":"))})


def event_body(envelope: Mapping[str, Any]) -> bytes:
    """A JSON body, as the Events API sends event_callback and url_verification."""
    return json.dumps(envelope, separators=(",", ":")).encode()
