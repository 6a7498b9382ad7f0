"""Every command example in README.md runs, as a user would type it.

Each ``$ `` line of a ```console block is run in a scratch folder that holds the repo's
``sample_configs/`` and ``rules/``. Commands that read AWS run against a moto server (with
cognito-lint's extension) seeded with the demo estate, through ``AWS_ENDPOINT_URL``.
``make`` lines are the two set-up commands and are exercised by CI itself.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
BIN = Path(sys.executable).parent

EXPECTED_EXIT = {
    "snapshot": 0,  # the seeded account answers every call
    "check": 1,  # the demo estate has failing findings
    "scan": 1,
    "rules": 0,
}


def readme_commands() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", README.read_text(), flags=re.S)
    return [line[2:].strip() for block in blocks for line in block.splitlines()
            if line.startswith("$ ")]


@pytest.fixture(scope="module")
def aws_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    from linter import mockaws
    from linter.demo.account import FAKE_ENVIRONMENT
    from linter.demo.estate import seed_estate

    mockaws.install()
    saved = dict(os.environ)
    os.environ.update(FAKE_ENVIRONMENT)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    try:
        seed_estate(boto3.Session(region_name="us-east-1"))
        yield endpoint
    finally:
        server.stop()
        os.environ.clear()
        os.environ.update(saved)


def test_the_readme_shows_the_two_commands_and_every_command() -> None:
    commands = readme_commands()
    assert "make demo" in commands and "make test" in commands
    used = {shlex.split(c)[1] for c in commands if c.startswith("cognito-lint ")}
    assert {"snapshot", "check", "scan", "rules"} <= used


@pytest.mark.slow
def test_every_readme_example_runs(tmp_path: Path, aws_endpoint: str) -> None:
    from linter.demo.account import FAKE_ENVIRONMENT

    (tmp_path / "sample_configs").symlink_to(REPO / "sample_configs")
    (tmp_path / "rules").symlink_to(REPO / "rules")
    env = {**os.environ, **FAKE_ENVIRONMENT, "AWS_ENDPOINT_URL": aws_endpoint,
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    ran = 0
    for command in readme_commands():
        argv = shlex.split(command)
        if argv[0] == "make":
            continue
        assert argv[0] == "cognito-lint", command
        proc = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)
        expected = EXPECTED_EXIT[argv[1]]
        assert proc.returncode == expected, (command, proc.returncode, proc.stderr[-2000:])
        assert "Traceback" not in proc.stderr
        ran += 1
    assert ran >= 10
    assert (tmp_path / "snapshot.json").is_file()
    assert (tmp_path / "evidence" / "report.html").is_file()
    assert (tmp_path / "out" / "report.sarif").is_file()
    assert (tmp_path / "summary.md").read_text().startswith("#")
