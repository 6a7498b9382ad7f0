"""Fixtures for the collector tests.

- ``collector_calls`` (autouse): records every AWS call the collector makes (clients whose
  user agent carries ``cognito-lint/``) on every session created during the test, and checks
  at teardown that each one is allowed by ``sample_configs/iam-policy.json`` and read-only. So
  every snapshot any test here takes is checked against the shipped policy.
- ``faults``: makes chosen calls fail (or answers them), to test how failures are recorded.
- ``aws``: in-process moto with cognito-lint's moto extension installed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from collect_fakes import CallRecorder, Faults, install_builtin, recording
from moto import mock_aws

from linter import mockaws


@pytest.fixture(autouse=True)
def collector_calls() -> Iterator[CallRecorder]:
    with recording() as recorder:
        yield recorder


@pytest.fixture
def faults() -> Iterator[Faults]:
    registry = Faults()
    remove = install_builtin("before-call", registry.handler)
    try:
        yield registry
    finally:
        remove()


@pytest.fixture
def aws() -> Iterator[None]:
    """In-process moto with the cognito-lint extension (metric streams, log delivery, …)."""
    mockaws.install()
    with mock_aws():
        yield
