"""JUnit XML: valid against the strict Ant schema, read back by junitparser, one suite per rule,
one case per (rule, resource) with unique names, the right outcome element per status."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from conftest import SCHEMAS
from junitparser import Error, Failure, JUnitXml, Skipped
from lxml import etree
from report_fixtures import HOSTILE, synthetic_run

from linter.model import RunResult, Status
from linter.report.junit import JunitReporter


@pytest.fixture(scope="module")
def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-ant.xsd")))


def _assert_valid(xsd: etree.XMLSchema, text: str) -> etree._Element:
    doc = etree.fromstring(text.encode("utf-8"))
    assert xsd.validate(doc), "\n".join(str(e) for e in xsd.error_log)
    return doc


def _read_back(tmp_path: Path, text: str) -> JUnitXml:
    path = tmp_path / "report.junit.xml"
    path.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def test_valid_against_the_ant_schema(run: RunResult, xsd: etree.XMLSchema) -> None:
    _assert_valid(xsd, JunitReporter().render(run))


def test_read_back_one_suite_per_rule_one_case_per_result(run: RunResult, tmp_path: Path) -> None:
    xml = _read_back(tmp_path, JunitReporter().render(run))
    suites = list(xml)
    assert [s.name for s in suites] == [r.id for r in run.rules]
    assert sum(s.tests for s in suites) == len(run.results)
    by_status = run.totals_by_status()
    assert sum(s.failures for s in suites) == by_status[Status.FAIL]
    assert sum(s.errors for s in suites) == by_status[Status.ERROR]
    assert sum(s.skipped for s in suites) == by_status[Status.WAIVED] + by_status[
        Status.NOT_APPLICABLE
    ]
    cases = [(c.classname, c.name) for s in suites for c in s]
    assert len(cases) == len(run.results)  # passes included
    assert len(set(cases)) == len(cases), "a testcase name repeats"
    assert ("cognito.user_pool.eu-west-1",
            "[CRITICAL][CL-TRL-001] A logging trail records Cognito write events in the pool's "
            "region :: legacy-admins") in cases


def test_outcomes(run: RunResult, tmp_path: Path) -> None:
    xml = _read_back(tmp_path, JunitReporter().render(run))
    outcomes: dict[str, list[object]] = {}
    for suite in xml:
        for case in suite:
            assert len(case.result) <= 1, "more than one outcome element in a testcase"
            outcomes[f"{suite.name} {case.name.rsplit(' :: ', 1)[1]}"] = case.result
    fail = outcomes["CL-LOG-006 /aws/cognito/staging-partners"][0]
    assert isinstance(fail, Failure)
    assert fail.type == "critical"
    assert "Remediation:" in fail.text and "put-subscription-filter" in fail.text
    assert "SubscriptionFilters: observed []" in fail.text
    err = outcomes[f"CL-LOG-001 {HOSTILE}"][0]
    assert isinstance(err, Error)
    assert "AccessDeniedException" in err.text
    waived = outcomes["CL-MET-001 legacy-admins"][0]
    assert isinstance(waived, Skipped)
    assert waived.message == (
        "waived: eu-west-1 metrics move to the new stream in Q1 "
        "(platform-team, expires 2027-03-31, ticket OPS-412)"
    )
    na = outcomes["CL-POS-005 staging-partners"][0]
    assert isinstance(na, Skipped) and na.message == "not applicable"
    assert outcomes["CL-LOG-001 prod-customers"] == []


def test_properties_come_from_an_allowlist(run: RunResult) -> None:
    doc = etree.fromstring(JunitReporter().render(run).encode())
    suite = doc.find("testsuite")
    names = [p.get("name") for p in suite.find("properties")]
    assert names == [
        "cognito-lint.version", "rule-pack.version", "rule-pack.sha256", "run.started-at",
        "run.fail-on", "snapshot.path", "snapshot.sha256", "snapshot.source-kind",
        "snapshot.account-id", "snapshot.partition", "snapshot.regions", "snapshot.started-at",
        "rule.id", "rule.severity", "rule.resource", "rule.controls",
    ]
    assert suite.get("timestamp") == "2026-11-27T08:15:02"
    assert next(child.tag for child in suite) == "properties"
    assert [child.tag for child in suite][-2:] == ["system-out", "system-err"]


def test_same_name_in_same_region_gets_the_arn(run: RunResult, tmp_path: Path,
                                               xsd: etree.XMLSchema) -> None:
    twin = [
        dataclasses.replace(r, resource=dataclasses.replace(r.resource, name="prod-customers"))
        if r.resource.name == "legacy-admins" else r
        for r in run.results
    ]
    # legacy-admins is in eu-west-1, prod-customers in us-east-1: move it to collide fully
    twin = [
        dataclasses.replace(r, resource=dataclasses.replace(r.resource, region="us-east-1"))
        if "Lega4" in r.resource.arn else r
        for r in twin
    ]
    text = JunitReporter().render(dataclasses.replace(run, results=tuple(twin)))
    _assert_valid(xsd, text)
    cases = [(c.classname, c.name) for s in _read_back(tmp_path, text) for c in s]
    assert len(set(cases)) == len(cases)
    assert any(name.endswith("(arn:aws:cognito-idp:eu-west-1:123456789012:userpool/"
                             "eu-west-1_Lega4)") for _, name in cases)


def test_control_characters_and_markup_stay_valid_xml(run: RunResult,
                                                      xsd: etree.XMLSchema) -> None:
    nasty = "pool\x00\x1b[31m]]></failure><x a='\"'>&amp;\ud800"
    results = tuple(
        dataclasses.replace(r, message=nasty + r.message,
                            resource=dataclasses.replace(r.resource, name=nasty))
        for r in run.results
    )
    doc = _assert_valid(xsd, JunitReporter().render(dataclasses.replace(run, results=results)))
    names = [c.get("name") or "" for c in doc.iter("testcase")]
    assert any("]]></failure><x a='\"'>&amp;" in name for name in names)


def test_many_pools_stay_unique_and_valid(xsd: etree.XMLSchema) -> None:
    big = synthetic_run(300)
    doc = _assert_valid(xsd, JunitReporter().render(big))
    names = Counter((c.get("classname"), c.get("name")) for c in doc.iter("testcase"))
    assert sum(names.values()) == len(big.results)
    assert names.most_common(1)[0][1] == 1
