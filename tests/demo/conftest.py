"""The seeded demo account, once per test module (seeding takes a few seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest

from linter.demo import DemoManifest, mocked_account


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[boto3.Session, DemoManifest]]:
    with mocked_account() as seeded:
        yield seeded


@pytest.fixture(scope="module")
def session(demo: tuple[boto3.Session, DemoManifest]) -> boto3.Session:
    return demo[0]


@pytest.fixture(scope="module")
def manifest(demo: tuple[boto3.Session, DemoManifest]) -> DemoManifest:
    return demo[1]
