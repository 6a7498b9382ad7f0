"""Fixtures for the moto-extension tests: in-process moto with the extension installed."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import boto3
import pytest
from moto import mock_aws

from linter import mockaws

REGION = "us-east-1"


@cache
def _shared_session() -> boto3.Session:
    # One session per test process: its loader caches the service models, which makes client
    # creation several times faster. Its credentials are the suite's fixed fake ones.
    return boto3.Session(region_name=REGION)


@pytest.fixture
def session() -> Iterator[boto3.Session]:
    """A boto3 session against in-process moto with the extension installed."""
    with mock_aws():
        mockaws.install()
        yield _shared_session()
