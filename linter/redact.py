"""Secrets out of everything cognito-lint writes.

Firehose returns HTTP endpoint URLs in full, and for Sumo Logic the URL *is* the credential:
``https://<host>/receiver/v1/kinesis/{log|metric}/<token>`` (domain-facts §3.2). The collector
redacts it before anything is stored:

- a Sumo Logic Kinesis URL keeps scheme, host and path kind; the token becomes
  ``redacted-<12 hex of SHA-256(token)>`` (stable: two snapshots of the same stream compare);
- any other URL keeps scheme and host; its path, query and fragment become one
  ``redacted-<hash>`` segment (user info in the authority is dropped the same way);
- ``RequestConfiguration.CommonAttributes[].AttributeValue`` is redacted the same way.

Every secret removed is remembered, and :meth:`Redactor.scrub` replaces any remaining occurrence
of one anywhere in a document (error messages, names, tags). :meth:`Redactor.scrub_text` also
replaces Sumo Logic receiver tokens it has never seen, so a URL quoted in an AWS error message
is caught too. :class:`RedactingFilter` applies the same to log records.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from typing import Any
from urllib.parse import urlsplit

PREFIX = "redacted-"

MIN_SCRUB_LENGTH = 8
"""Seen secrets shorter than this are redacted where they were found but not searched for
elsewhere: replacing a short common string everywhere would corrupt the document."""

_TOKEN_LIKE = re.compile(r"^(?=.*[0-9])[A-Za-z0-9+/=_.~%-]{16,}$")
"""What a credential looks like (long, no spaces, has a digit). Pieces of a non-Sumo URL and
attribute values are searched for elsewhere only when they look like this, so that a plain
word such as ``production`` is not replaced all over the document."""

SUMO_KINESIS_PATH = re.compile(r"^/receiver/v1/kinesis/(?P<kind>log|metric)/(?P<token>[^/?#]+)/?$")

# A Sumo Logic receiver token anywhere in free text (errors, log lines), seen or not.
_RECEIVER_TOKEN = re.compile(
    r"(?P<prefix>/receiver/v1/(?:kinesis/(?:log|metric)|http|otlp(?:/v1/(?:logs|metrics|traces))?)/)"
    r"(?P<token>(?!redacted-)[A-Za-z0-9+/=_%.~-]{8,})"
)


def token_hash(secret: str) -> str:
    return PREFIX + hashlib.sha256(secret.encode("utf-8")).hexdigest()[:12]


class Redactor:
    """Redacts endpoint URLs and remembers what it removed. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    # -- remembering ------------------------------------------------------------------------
    def remember(self, secret: str) -> None:
        if len(secret) < MIN_SCRUB_LENGTH:
            return
        with self._lock:
            if secret not in self._secrets:
                self._secrets.add(secret)
                self._pattern = None

    @property
    def secrets_seen(self) -> int:
        with self._lock:
            return len(self._secrets)

    # -- redacting known places -------------------------------------------------------------
    def redact_url(self, url: str) -> str:
        """Scheme + host (+ Sumo path kind) kept; the secret part becomes ``redacted-<hash>``."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
            port = parts.port
        except ValueError:
            host = None
            port = None
            parts = None
        if parts is None or not parts.scheme or not host:
            self.remember(url)
            return token_hash(url)
        authority = host if port is None else f"{host}:{port}"
        match = SUMO_KINESIS_PATH.match(parts.path)
        if match and not parts.query and not parts.fragment:
            token = match.group("token")
            self.remember(token)
            self.remember(url)
            return f"{parts.scheme}://{authority}/receiver/v1/kinesis/{match.group('kind')}/{token_hash(token)}"
        secret = parts.path.lstrip("/")
        if parts.query:
            secret += "?" + parts.query
        if parts.fragment:
            secret += "#" + parts.fragment
        if "@" in parts.netloc:
            secret = parts.netloc.rsplit("@", 1)[0] + "@" + secret
        if not secret:
            return f"{parts.scheme}://{authority}"
        self.remember(secret)
        self.remember(url)
        for segment in re.split(r"[/?&#=@:]", secret):
            if _TOKEN_LIKE.match(segment):
                self.remember(segment)
        return f"{parts.scheme}://{authority}/{token_hash(secret)}"

    def redact_value(self, value: str) -> str:
        """A secret that is not a URL (e.g. a common attribute value)."""
        if value.startswith(("https://", "http://")):
            return self.redact_url(value)
        if _TOKEN_LIKE.match(value):
            self.remember(value)
        return token_hash(value)

    def redact_delivery_stream(self, description: dict[str, Any]) -> dict[str, Any]:
        """Redact a ``DeliveryStreamDescription`` in place (and return it)."""
        for destination in description.get("Destinations") or []:
            http = destination.get("HttpEndpointDestinationDescription")
            if not isinstance(http, dict):
                continue
            endpoint = http.get("EndpointConfiguration")
            if isinstance(endpoint, dict) and isinstance(endpoint.get("Url"), str):
                endpoint["Url"] = self.redact_url(endpoint["Url"])
            request = http.get("RequestConfiguration")
            if isinstance(request, dict):
                for attribute in request.get("CommonAttributes") or []:
                    if isinstance(attribute, dict) and isinstance(
                        attribute.get("AttributeValue"), str
                    ):
                        attribute["AttributeValue"] = self.redact_value(attribute["AttributeValue"])
        return description

    # -- the final pass ---------------------------------------------------------------------
    def _compiled(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is None and self._secrets:
                ordered = sorted(self._secrets, key=len, reverse=True)
                self._pattern = re.compile("|".join(re.escape(s) for s in ordered))
            return self._pattern

    def scrub_text(self, text: str) -> str:
        pattern = self._compiled()
        if pattern is not None:
            text = pattern.sub(lambda m: token_hash(m.group(0)), text)
        return _RECEIVER_TOKEN.sub(lambda m: m.group("prefix") + token_hash(m.group("token")), text)

    def scrub(self, value: Any) -> Any:
        """A copy of a JSON-like value with every seen secret replaced, keys included."""
        if isinstance(value, str):
            return self.scrub_text(value)
        if isinstance(value, dict):
            return {
                self.scrub_text(k) if isinstance(k, str) else k: self.scrub(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.scrub(v) for v in value]
        return value


class RedactingFilter(logging.Filter):
    """Scrubs every log record that passes through a handler."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        record.msg = self.redactor.scrub_text(message)
        record.args = None
        return True
