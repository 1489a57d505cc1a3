"""Fixed widths for everything sealed, so a ciphertext's length tells nothing.

AES-GCM keeps the plaintext's length. A remembered profile would otherwise be 70, 72 or
77 bytes by staff group, a reply handle as long as its platform's ids, and a reply as
long as its text. Every sealed
plaintext is padded to a width fixed for its kind before sealing (docs/privacy.md).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

PROFILE_WIDTH = 128
HANDLE_WIDTH = 512
REPLY_WIDTH = 8192  # 2,000 characters of up to four UTF-8 bytes each, rounded up
ENVELOPE_WIDTH = 1024


def pad(data: bytes, width: int) -> bytes:
    """`data` (JSON, so never ending in NUL) followed by NULs up to `width`, or to the next
    multiple of it for the rare oversized value rather than fail someone's submission."""
    if data.endswith(b"\0"):
        raise ValueError("padded data must not end in a NUL byte")
    size = width * max(1, -(-len(data) // width))
    return data + bytes(size - len(data))


def unpad(padded: bytes) -> bytes:
    """The data `pad` was given; values stored before padding come back unchanged."""
    return padded.rstrip(b"\0")


@dataclass(frozen=True, slots=True)
class ProfileChange:
    """What the person asked for their background answers, applied when the round closes:
    `profile` None means forget what is remembered."""

    platform: str
    workspace: str
    user_id: str
    profile: bytes | None


def seal_envelope(answers: bytes, change: ProfileChange | None) -> bytes:
    """The plaintext of a mixed answer: the answers and any deferred profile change."""
    body: dict[str, object] = {"a": base64.b64encode(answers).decode()}
    if change is not None:
        body["p"] = {
            "platform": change.platform,
            "workspace": change.workspace,
            "user_id": change.user_id,
            "profile": None if change.profile is None else change.profile.decode(),
        }
    return pad(json.dumps(body, sort_keys=True).encode(), ENVELOPE_WIDTH)


def open_envelope(plaintext: bytes) -> tuple[bytes, ProfileChange | None]:
    body = json.loads(unpad(plaintext))
    answers = base64.b64decode(body["a"])
    found = body.get("p")
    if found is None:
        return answers, None
    profile = found["profile"]
    change = ProfileChange(
        platform=found["platform"],
        workspace=found["workspace"],
        user_id=found["user_id"],
        profile=None if profile is None else str(profile).encode(),
    )
    return answers, change
