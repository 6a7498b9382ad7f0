"""Endpoint URL redaction and the final scrub (linter/redact.py)."""

from __future__ import annotations

import hashlib
import io
import logging

import pytest

from linter.redact import RedactingFilter, Redactor, token_hash

TOKEN = "ZaVnC4dhaV2Ks8Y0GkQhQ0Zk9pLmW1xqT3vRbN7sJ5aE2uI8oP4yH6gF0dCxS9wV3tB7nM1kL5jH2gF8dS4aQ=="


def expected_hash(secret: str) -> str:
    return "redacted-" + hashlib.sha256(secret.encode()).hexdigest()[:12]


@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        (
            f"https://endpoint1.collection.us2.sumologic.com/receiver/v1/kinesis/log/{TOKEN}",
            f"https://endpoint1.collection.us2.sumologic.com/receiver/v1/kinesis/log/{expected_hash(TOKEN)}",
        ),
        (
            f"https://endpoint4.collection.eu.sumologic.net/receiver/v1/kinesis/metric/{TOKEN}",
            f"https://endpoint4.collection.eu.sumologic.net/receiver/v1/kinesis/metric/{expected_hash(TOKEN)}",
        ),
        (
            "https://http-intake.logs.example.com/api/v2/logs?dd-api-key=abc123def456",
            "https://http-intake.logs.example.com/"
            + expected_hash("api/v2/logs?dd-api-key=abc123def456"),
        ),
        ("https://collector.example.com", "https://collector.example.com"),
        (
            "https://user:s3cretpass@collector.example.com:8443/in",
            "https://collector.example.com:8443/" + expected_hash("user:s3cretpass@in"),
        ),
    ],
)
def test_urls(url: str, redacted: str) -> None:
    assert Redactor().redact_url(url) == redacted


def test_hash_is_stable_and_short() -> None:
    url = f"https://e.sumologic.com/receiver/v1/kinesis/log/{TOKEN}"
    assert Redactor().redact_url(url) == Redactor().redact_url(url)
    assert token_hash(TOKEN) == expected_hash(TOKEN)
    assert len(token_hash(TOKEN)) == len("redacted-") + 12


def test_something_that_is_not_a_url_is_redacted_whole() -> None:
    assert Redactor().redact_url(f"not a url {TOKEN}") == expected_hash(f"not a url {TOKEN}")


def test_delivery_stream_description() -> None:
    redactor = Redactor()
    description = {
        "DeliveryStreamName": "s",
        "Destinations": [
            {
                "DestinationId": "d-1",
                "HttpEndpointDestinationDescription": {
                    "EndpointConfiguration": {
                        "Url": f"https://e.sumologic.com/receiver/v1/kinesis/log/{TOKEN}",
                        "Name": "sumo",
                    },
                    "RequestConfiguration": {
                        "CommonAttributes": [
                            {"AttributeName": "token", "AttributeValue": "abcdef0123456789xyz"},
                            {"AttributeName": "env", "AttributeValue": "production"},
                            {
                                "AttributeName": "hook",
                                "AttributeValue": "https://h.example.com/k/1",
                            },
                        ]
                    },
                },
            },
            {"DestinationId": "d-2", "S3DestinationDescription": {"BucketARN": "arn:aws:s3:::b"}},
        ],
    }
    redactor.redact_delivery_stream(description)
    http = description["Destinations"][0]["HttpEndpointDestinationDescription"]
    assert http["EndpointConfiguration"]["Url"].endswith(expected_hash(TOKEN))
    values = [a["AttributeValue"] for a in http["RequestConfiguration"]["CommonAttributes"]]
    assert values == [
        expected_hash("abcdef0123456789xyz"),
        expected_hash("production"),
        "https://h.example.com/" + expected_hash("k/1"),
    ]


def test_scrub_replaces_seen_tokens_everywhere() -> None:
    redactor = Redactor()
    redactor.redact_url(f"https://e.sumologic.com/receiver/v1/kinesis/log/{TOKEN}")
    redactor.redact_value("abcdef0123456789xyz")
    redactor.redact_value("production")
    doc = {
        "errors": [{"message": f"bad token {TOKEN} in request"}],
        "tags": {TOKEN: ["x", f"..{TOKEN}.."]},
        "name": "production-users",
        "other": "abcdef0123456789xyz",
        "n": 3,
    }
    scrubbed = redactor.scrub(doc)
    assert TOKEN not in repr(scrubbed)
    assert scrubbed["errors"][0]["message"] == f"bad token {expected_hash(TOKEN)} in request"
    assert list(scrubbed["tags"]) == [expected_hash(TOKEN)]
    assert scrubbed["other"] == expected_hash("abcdef0123456789xyz")
    # a plain word that was redacted where it was found is not replaced all over
    assert scrubbed["name"] == "production-users"
    assert scrubbed["n"] == 3


def test_unseen_receiver_tokens_in_text_are_scrubbed() -> None:
    text = (
        "POST https://endpoint1.collection.sumologic.com/receiver/v1/http/"
        f"{TOKEN} and /receiver/v1/kinesis/metric/{TOKEN} failed"
    )
    scrubbed = Redactor().scrub_text(text)
    assert TOKEN not in scrubbed
    assert f"/receiver/v1/http/{expected_hash(TOKEN)}" in scrubbed
    # already redacted text is left alone
    assert Redactor().scrub_text(scrubbed) == scrubbed


def test_logging_filter() -> None:
    redactor = Redactor()
    redactor.redact_url(f"https://e.sumologic.com/receiver/v1/kinesis/log/{TOKEN}")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(redactor))
    logger = logging.getLogger("tests.collect.redact")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        logger.info("token %s here", TOKEN)
        try:
            raise RuntimeError(f"boom {TOKEN}")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert TOKEN not in out
    assert f"token {expected_hash(TOKEN)} here" in out
    assert "RuntimeError: boom redacted-" in out
