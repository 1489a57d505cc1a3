"""The signing helper, judged by slack_sdk's own SignatureVerifier."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

from standins.slack import (
    event_body,
    expired_timestamp,
    form_body,
    interactivity_body,
    payloads,
    sign,
    signed_request,
)

SECRET = "test-signing-secret"


def test_a_signed_request_is_valid() -> None:
    request = signed_request(SECRET, b"command=%2Fpulse&text=", "application/x-www-form-urlencoded")
    assert SignatureVerifier(SECRET).is_valid_request(request.body, dict(request.headers))


def test_sign_matches_slack_sdk_byte_for_byte() -> None:
    headers = sign(SECRET, b'{"type":"event_callback"}', 1_700_000_000)
    expected = SignatureVerifier(SECRET).generate_signature(
        timestamp="1700000000", body='{"type":"event_callback"}'
    )
    assert headers == {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": expected}


def test_a_tampered_body_or_wrong_secret_is_invalid() -> None:
    request = signed_request(SECRET, b"payload=%7B%7D", "application/x-www-form-urlencoded")
    verifier = SignatureVerifier(SECRET)
    assert not verifier.is_valid_request(b"payload=%7B%22a%22%7D", dict(request.headers))
    assert not verifier.is_valid_request(request.tampered(b"x").body, dict(request.headers))
    assert not SignatureVerifier("other").is_valid_request(request.body, dict(request.headers))


def test_an_expired_timestamp_is_invalid_even_when_correctly_signed() -> None:
    request = signed_request(SECRET, b"{}", "application/json", timestamp=expired_timestamp())
    assert not SignatureVerifier(SECRET).is_valid_request(request.body, dict(request.headers))
    recent = signed_request(SECRET, b"{}", "application/json", timestamp=int(time.time()) - 200)
    assert SignatureVerifier(SECRET).is_valid_request(recent.body, dict(recent.headers))


def test_bodies_are_encoded_as_slack_sends_them() -> None:
    payload = payloads.view_submission(
        user="U1", view={"id": "V1", "callback_id": "pulse"}, values={}, trigger_id="1.2.3"
    )
    [encoded] = parse_qs(interactivity_body(payload).decode())["payload"]
    assert json.loads(encoded)["view"]["callback_id"] == "pulse"
    assert parse_qs(form_body({"text": "a b&c"}).decode()) == {"text": ["a b&c"]}
    assert json.loads(event_body(payloads.url_verification("chal")))["challenge"] == "chal"
