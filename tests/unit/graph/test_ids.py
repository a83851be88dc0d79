"""Global ids (graph/ids.py): what they encode, and every malformed id refused as the caller's."""

from __future__ import annotations

import base64

import pytest

from graph.errors import BadUserInput
from graph.ids import GlobalId, decode_id, decode_int_key, encode_id


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("type_name", "source", "key"),
    [
        ("Group", "nakos", "17"),
        ("Group", "DE-BY", "40001"),
        ("Group", "DE-NW", "NW-000001"),
        ("Topic", "nakos", "a:b"),  # the key keeps any colon after the second
        ("Region", "nakos", "DE-BY"),
    ],
)
def test_an_id_comes_back_as_type_source_and_key(type_name: str, source: str, key: str) -> None:
    assert decode_id(encode_id(type_name, source, key)) == GlobalId(type_name, source, key)


def test_an_id_is_unpadded_base64url_of_type_source_key() -> None:
    made = encode_id("Group", "DE-BY", 40001)
    assert made == b64(b"Group:DE-BY:40001")
    assert "=" not in made and base64.urlsafe_b64decode(made + "==") == b"Group:DE-BY:40001"


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "###",
        "Z3JvdXA\u00e4",  # not ASCII
        b64(b"\xff\xfe:nakos:1"),  # not UTF-8
        b64(b"Group:nakos"),  # two parts
        b64(b"Group"),
        b64(b"Group::1"),  # an empty part
        b64(b":nakos:1"),
        b64(b"Group:nakos:"),
    ],
)
def test_a_malformed_id_is_bad_user_input_on_the_argument(malformed: str) -> None:
    with pytest.raises(BadUserInput) as refused:
        decode_id(malformed, "ids")
    assert refused.value.extensions == {"code": "BAD_USER_INPUT", "argument": "ids"}
    assert "not a valid id" in refused.value.message


def test_an_integer_key_of_the_expected_type() -> None:
    assert decode_int_key(encode_id("Topic", "nakos", 12), "Topic") == 12


def test_an_id_of_another_type_names_both_types() -> None:
    with pytest.raises(BadUserInput) as refused:
        decode_int_key(encode_id("Group", "nakos", 12), "Topic", "topic")
    assert refused.value.extensions["argument"] == "topic"
    assert "expected an id of a Topic, got a Group" in refused.value.message


@pytest.mark.parametrize("key", ["NW-000001", "-1", "1.5", "1" * 19, "٣", "²"])
def test_a_key_that_is_no_registry_number_is_refused(key: str) -> None:
    with pytest.raises(BadUserInput, match="not a valid id"):
        decode_int_key(encode_id("Group", "nakos", key), "Group")
