"""Markdown summary: totals, failing findings cut with "and N more", inert text, always small."""

from __future__ import annotations

import dataclasses

from report_fixtures import HOSTILE, RULES, synthetic_run

from linter.model import RunResult, Status
from linter.report.markdown import MAX_BYTES, MarkdownReporter, md


def test_sections(run: RunResult) -> None:
    text = MarkdownReporter().render(run)
    assert text.startswith("## cognito-lint: 5 violations, 1 not evaluable\n")
    assert "**Incomplete scan:** 1 result could not be evaluated" in text
    assert "**1 of 4** user pools fully observed" in text
    assert "| **total** | **5** | **1** | **1** | **22** | **3** |" in text
    assert "### Failing findings (5)" in text and "### Not evaluable (1)" in text
    assert "### Top remediations" in text and "aws logs put-subscription-filter" in text
    assert "1 expired waiver" in text and "1 stale waiver" in text


def test_hostile_text_is_inert(run: RunResult) -> None:
    text = MarkdownReporter().render(run)
    assert HOSTILE not in text
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in text
    assert md("a|b *c* [l](javascript:x) `d`") == "a\\|b \\*c\\* \\[l\\]\\(javascript:x\\) \\`d\\`"
    assert md("line1\nline2\x1b[2J") == "line1 line2\ufffd\\[2J"


def test_ten_thousand_failing_pools_stay_under_the_limit() -> None:
    big = synthetic_run(10_000)
    big = dataclasses.replace(big, results=tuple(
        dataclasses.replace(r, status=Status.FAIL) for r in big.results))
    failing = len(big.results)
    assert len({r.resource.arn for r in big.results if r.resource.type == "cognito.user_pool"}) \
        == 10_000
    text = MarkdownReporter().render(big)
    assert len(text.encode("utf-8")) <= MAX_BYTES < 65_536
    assert f"### Failing findings ({failing})" in text
    assert f"_… and {failing - 50} more failing findings" in text


def test_pathological_estate_still_fits(run: RunResult) -> None:
    """Huge names, messages and remediations in hundreds of rules: rows are dropped, then the
    text is cut, but the bound always holds."""
    long = "<&>|" * 3000
    rules = tuple(
        dataclasses.replace(RULES[0], id=f"CL-BIG-{n:03d}", title=long, remediation=long * 5)
        for n in range(300)
    )
    results = tuple(
        dataclasses.replace(
            run.results[0], rule_id=rules[n % 300].id, status=Status.FAIL, message=long,
            resource=dataclasses.replace(run.results[0].resource, name=long, region=long),
        )
        for n in range(3000)
    )
    huge = dataclasses.replace(run, rules=rules, results=results)
    text = MarkdownReporter().render(huge)
    assert len(text.encode("utf-8")) <= MAX_BYTES
    outside_code = text.split("```")[::2]  # fenced code blocks show text literally
    assert not any("<&>" in part for part in outside_code)
