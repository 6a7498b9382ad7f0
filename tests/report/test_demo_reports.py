"""The reports of `cognito-lint demo` itself, in the real consumers: the JUnit validates against
the Ant schema with no repeated testcase, the SARIF against the OASIS schema with a file and a
start line for every result, and the HTML in headless Chromium shows each seeded break as a
broken link in its pool's pipeline picture, fetches nothing and runs without a script error."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from conftest import OUTPUT
from lxml import etree
from playwright.sync_api import Browser
from test_html_browser import Opened, browser  # noqa: F401  (the module's Chromium fixture)
from test_sarif import validator  # noqa: F401  (the OASIS SARIF schema validator fixture)
from typer.testing import CliRunner

from linter.cli import app
from linter.demo.account import mocked_account
from linter.demo.manifest import DemoManifest

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def manifest() -> Iterator[DemoManifest]:
    with mocked_account() as (_session, manifest):
        yield manifest


def test_demo_writes_every_report(demo_out: Path) -> None:
    assert sorted(p.name for p in demo_out.iterdir()) == [
        "report.html", "report.junit.xml", "report.md", "report.sarif", "results.json",
        "snapshot.json"]


def test_demo_junit_is_valid_ant_junit_without_repeated_names(demo_out: Path) -> None:
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-ant.xsd")))
    doc = etree.parse(str(demo_out / "report.junit.xml"))
    assert xsd.validate(doc), "\n".join(str(e) for e in xsd.error_log)
    names = Counter((c.get("classname"), c.get("name")) for c in doc.iter("testcase"))
    assert names and max(names.values()) == 1
    results = json.loads((demo_out / "results.json").read_text())["results"]
    assert sum(names.values()) == len(results)


def test_demo_sarif_is_valid_and_every_result_has_a_file_and_line(
    demo_out: Path, validator: jsonschema.Draft4Validator  # noqa: F811
) -> None:
    sarif = json.loads((demo_out / "report.sarif").read_text())
    errors = list(validator.iter_errors(sarif))
    assert errors == [], errors[0].message if errors else None
    (run,) = sarif["runs"]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))
    assert run["results"]
    for result in run["results"]:
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].endswith("snapshot.json")
        assert loc["region"]["startLine"] >= 1
        assert result["partialFingerprints"]


@pytest.mark.browser
def test_demo_html_shows_every_seeded_break(demo_out: Path, manifest: DemoManifest,
                                            browser: Browser) -> None:  # noqa: F811
    opened = Opened(browser, demo_out / "report.html")
    try:
        page = opened.page
        broken = {b.pool_arn for b in manifest.breaks}
        for pool in manifest.pools:
            card = page.locator(f'article[aria-label="Pipeline of user pool {pool.name}"]')
            assert card.count() == 1, pool.name
            failing = card.locator(".node.st-fail").count()
            if pool.arn in broken:
                assert failing >= 1, f"{pool.name}: its seeded break is not shown"
            else:
                assert failing == 0, f"{pool.name} is compliant but shows a broken link"
        assert page.get_by_text("<img src=x onerror=alert(1)>", exact=True).count() >= 1
        assert page.locator("img").count() == 0
        page.screenshot(path=str(OUTPUT / "demo-report.png"), full_page=False)
        opened.assert_clean()
    finally:
        opened.context.close()


def test_no_seeded_secret_reaches_any_file_the_demo_wrote(demo_out: Path,
                                                          manifest: DemoManifest) -> None:
    assert manifest.secrets
    for path in demo_out.iterdir():
        data = path.read_bytes()
        for secret in manifest.secrets:
            assert secret.encode() not in data, f"a seeded secret is in {path.name}"
