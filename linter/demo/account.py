"""``mocked_account()``: the demo estate in a mocked AWS account, for the demo and for tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
from moto import mock_aws

from linter import mockaws

from .estate import seed_estate
from .manifest import DemoManifest
from .plan import ACCOUNT_ID

HOME_REGION = "us-east-1"
MOTO_SEED = 20161118
"""Seed of moto's random generator: same app-client and identity-pool ids on every run."""

FAKE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "cognito-lint-demo-fake-secret-access-key",
    "AWS_SESSION_TOKEN": "cognito-lint-demo-fake-session-token",
    "AWS_DEFAULT_REGION": HOME_REGION,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "MOTO_ACCOUNT_ID": ACCOUNT_ID,
    # Pool ids derived from the pool's Region, name and settings, not from a random UUID.
    "MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY": "HASH",
    "MOTO_COGNITO_IDP_USER_POOL_CLIENT_ID_STRATEGY": "HASH",
}
CLEARED_ENVIRONMENT = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_REGION")


@contextmanager
def _environment() -> Iterator[None]:
    """Fake credentials (and no profile) for the duration; the old environment afterwards."""
    keys = (*FAKE_ENVIRONMENT, *CLEARED_ENVIRONMENT)
    saved = {key: os.environ.get(key) for key in keys}
    try:
        for key in CLEARED_ENVIRONMENT:
            os.environ.pop(key, None)
        os.environ.update(FAKE_ENVIRONMENT)
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _seed_moto_random() -> None:
    # The same call moto's own /moto-api/seed endpoint makes.
    from moto.moto_api._internal import mock_random

    mock_random.seed(MOTO_SEED)


@contextmanager
def mocked_account() -> Iterator[tuple[boto3.Session, DemoManifest]]:
    """Yield ``(session, manifest)`` for a mocked account holding the seeded demo estate.

    Inside, every AWS call made with boto3 goes to moto (``mock_aws``) extended by
    :mod:`linter.mockaws`; the environment carries fake credentials, restored on exit, and
    moto's state is discarded on exit. Same names and data on every run.
    """
    with _environment(), mock_aws():
        mockaws.install()
        _seed_moto_random()
        session = boto3.Session(region_name=HOME_REGION)
        manifest = seed_estate(session)
        yield session, manifest
