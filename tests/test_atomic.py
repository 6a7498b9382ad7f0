"""Files are written atomically: an interrupted write leaves the old file whole and no debris."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linter.atomic import write_text_atomic
from linter.errors import LinterError


def test_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    write_text_atomic(target, "first")
    write_text_atomic(target, "second")
    assert target.read_text() == "second"
    assert os.listdir(target.parent) == ["report.html"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "snapshot.json"
    target.write_text("old evidence")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(LinterError, match=f"{target}: cannot write: No space left on device"):
        write_text_atomic(target, "new evidence")
    assert target.read_text() == "old evidence"
    assert os.listdir(tmp_path) == ["snapshot.json"]


def test_an_interrupt_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "results.json"
    target.write_text("{}")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(target, '{"new": true}')
    assert target.read_text() == "{}"
    assert os.listdir(tmp_path) == ["results.json"]


def test_dash_writes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    write_text_atomic("-", '{"a": 1}')
    assert capsys.readouterr().out == '{"a": 1}\n'


def test_an_unwritable_folder_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LinterError, match="cannot write"):
        write_text_atomic(blocker / "sub" / "report.md", "text")
