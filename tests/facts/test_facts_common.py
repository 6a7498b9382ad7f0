"""The wildcard helpers behind delivery_write_allowed."""

from __future__ import annotations

import pytest

from linter.facts._common import glob_can_match_prefix, glob_match


@pytest.mark.parametrize(("pattern", "value", "ci", "expected"), [
    ("abc", "abc", False, True),
    ("abc", "abcd", False, False),
    ("ab*", "abcd", False, True),
    ("ab*", "a", False, False),
    ("*", "", False, True),
    ("a*c", "a:b/c", False, True),
    ("a*c", "a:b/d", False, False),
    ("a?c", "abc", False, True),
    ("a?c", "abbc", False, False),
    ("LOGS:Put*", "logs:PutLogEvents", True, True),
    ("LOGS:Put*", "logs:PutLogEvents", False, False),
    ("logs:*Log*", "logs:CreateLogStream", True, True),
])
def test_glob_match(pattern, value, ci, expected):
    assert glob_match(pattern, value, case_insensitive=ci) is expected


@pytest.mark.parametrize(("pattern", "prefix", "expected"), [
    ("abc:x", "abc:", True),
    ("abc", "abc:", False),
    ("abd*", "abc", False),
    ("a*", "abc", True),
    ("abcdef*", "abc", True),
    ("*", "abc", True),
    ("a?c*z", "abc", True),
    ("a?d*", "abc", False),
    ("*:log-stream:x", "arn:g:log-stream:", True),
])
def test_glob_can_match_prefix(pattern, prefix, expected):
    assert glob_can_match_prefix(pattern, prefix) is expected
