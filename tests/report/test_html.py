"""HTML report, without a browser: self-contained, escaped everywhere, data blob safe, the
templates found in a checkout and in a wheel layout. (The browser test drives the page.)"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from report_fixtures import HOSTILE

from linter.model import RunResult
from linter.report import templates
from linter.report.html import HtmlReporter
from linter.report.templates import script_json, templates_root


@pytest.fixture
def page(run: RunResult) -> str:
    return HtmlReporter().render(run)


def _blob(page: str) -> str:
    m = re.search(r'<script type="application/json" id="report-data"[^>]*>(.*?)</script>', page,
                  re.S)
    assert m
    return m.group(1)


def test_self_contained(page: str) -> None:
    outside_blob = page.replace(_blob(page), "")
    assert not re.search(r"<(link|img|iframe|object|embed|audio|video|source)\b", outside_blob)
    assert not re.search(r"<script[^>]*\bsrc=", outside_blob)
    assert "@import" not in outside_blob and "url(" not in outside_blob
    assert not re.search(r"""(src|href|action)\s*=\s*["']?(https?:)?//""", outside_blob)
    assert "default-src 'none'" in page


def test_csp_allows_only_the_inline_script(page: str) -> None:
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page
    assert "</script" not in (templates_root() / "html" / "_app.js").read_text().lower()


def test_hostile_name_is_escaped_in_markup_and_in_the_blob(page: str) -> None:
    assert HOSTILE not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # in a collection error message
    assert "old group &lt;script&gt;alert(2)&lt;/script&gt;" in page  # a stale waiver's reason
    assert "<script>alert" not in page
    blob = _blob(page)
    assert "<" not in blob and ">" not in blob and "&" not in blob
    data = json.loads(blob)
    assert HOSTILE in [r[1] for r in data["resources"]]


def test_script_json_escapes_everything_that_could_end_the_element() -> None:
    value = {"a": "</script><!-- \u2028\u2029 & <b>", "n": [1, None, True]}
    text = str(script_json(value))
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == value


def test_evidence_header_and_totals(run: RunResult, page: str) -> None:
    for fact in (run.snapshot.sha256, run.run.rule_pack_sha256, "123456789012",
                 "eu-west-1, us-east-1", "2026-11-27T08:00:00Z", "GetLogDeliveryConfiguration",
                 "AccessDeniedException"):
        assert fact in page
    assert ("22 compliant of 32 results, 5 violations, 1 not evaluable, 1 waived, "
            "3 not applicable. 1 of 4 user pools fully observed.") in page
    assert 'aria-label="1 of 4 user pools fully observed"' in page
    assert "Incomplete scan." in page


def test_waivers_listed(page: str) -> None:
    assert "eu-west-1 metrics move to the new stream in Q1" in page  # active
    assert "trail migration" in page and "2026-01-31" in page  # expired
    assert "old group &lt;script&gt;" in page and "SEC-9" in page  # stale


def test_blob_links_pipelines_to_results(run: RunResult, page: str) -> None:
    data = json.loads(_blob(page))
    assert len(data["results"]) == len(run.results)
    stag = next(p for p in data["pipelines"] if data["resources"][p[0]][1] == "staging-partners")
    sub = next(n for n in stag[2] if data["stages"][n[0]] == "subscription")
    assert data["statuses"][sub[2]] == "fail"
    (idx,) = sub[3]
    assert data["rules"][data["results"][idx][0]][0] == "CL-LOG-006"
    fh = next(n for n in stag[2] if data["stages"][n[0]] == "firehose")
    assert fh[2] == -1 and fh[3] == []


def test_templates_root_in_a_checkout_and_in_a_wheel(tmp_path: Path, monkeypatch) -> None:
    assert Path(str(templates_root())) == Path(__file__).resolve().parents[2] / "reports"
    wheel = tmp_path / "linter"
    (wheel / "_builtin" / "reports" / "html").mkdir(parents=True)
    monkeypatch.setattr(templates.resources, "files", lambda pkg: wheel)
    assert Path(str(templates_root())) == wheel / "_builtin" / "reports"
