"""The compiled reader of interactivity bodies returns exactly what bolt's own does."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slack_bolt.request.internals import parse_body as bolt_parse_body

from bot.slack.payload import Malformed
from bot.slack.request_body import parse_body

FORM = "application/x-www-form-urlencoded"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(), json_values, max_size=6))
def test_a_payload_form_reads_as_bolt_reads_it(payload: dict[str, Any]) -> None:
    raw = urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
    assert parse_body(raw, FORM) == bolt_parse_body(raw, FORM) == payload


@given(st.dictionaries(st.text(min_size=1), st.text(), min_size=1, max_size=6))
def test_other_forms_are_left_to_bolt(fields: dict[str, str]) -> None:
    raw = urlencode(fields)  # a slash command, say
    assert parse_body(raw, FORM) == bolt_parse_body(raw, FORM)


@pytest.mark.parametrize(
    "raw", ["payload=%7B%22a%22%3A%22%FF%22%7D", "payload=%5B1%5D", "payload=%7Bnot-json"]
)
def test_a_payload_that_is_not_an_object_in_utf8_is_refused(raw: str) -> None:
    with pytest.raises((Malformed, ValueError)):
        parse_body(raw, FORM)
