"""SARIF 2.1.0: valid against the OASIS schema, each rule once, a physical location with a line
on every result, stable fingerprints, suppressions for waived results, within GitHub's limit."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import jsonschema
import pytest
from conftest import SCHEMAS
from report_fixtures import HOSTILE, synthetic_run

from linter.model import RunResult, Status
from linter.report.sarif import FINGERPRINT_KEY, SarifReporter

_URI_REFERENCE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


def _format_checker() -> jsonschema.FormatChecker:
    """The schema's ``uri`` and ``uri-reference`` formats, checked strictly (RFC 3986
    characters only; ``uri`` needs a scheme): jsonschema skips them without extra packages."""
    fc = jsonschema.FormatChecker()
    fc.checks("uri-reference")(lambda s: not isinstance(s, str) or bool(_URI_REFERENCE.match(s)))
    fc.checks("uri")(lambda s: not isinstance(s, str) or bool(
        _URI_REFERENCE.match(s) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", s)))
    return fc


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=_format_checker())


def _sarif(run: RunResult, **kw: Any) -> dict[str, Any]:
    return json.loads(SarifReporter(**kw).render(run))


def _assert_valid(validator: jsonschema.Draft4Validator, doc: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_valid_against_the_oasis_schema(run: RunResult, validator) -> None:
    _assert_valid(validator, _sarif(run))


def test_each_rule_once_with_help(run: RunResult) -> None:
    driver = _sarif(run)["runs"][0]["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert ids == [r.id for r in run.rules]
    rule = driver["rules"][ids.index("CL-LOG-006")]
    assert rule["shortDescription"]["text"] == "Cognito log group is forwarded to a Firehose stream"
    assert "put-subscription-filter" in rule["help"]["text"]
    assert "**Remediation**" in rule["help"]["markdown"]
    assert rule["helpUri"].endswith("docs/rules.md#cl-log-006")
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"]["security-severity"] == "9.5"
    assert "SOC2 CC7.2" in rule["properties"]["tags"]


def test_findings_only_each_with_a_file_location_and_fingerprint(run: RunResult) -> None:
    doc = _sarif(run)
    results = doc["runs"][0]["results"]
    listed = [r for r in run.results if r.status in (Status.FAIL, Status.ERROR, Status.WAIVED)]
    assert len(results) == len(listed)
    by_fp = {r.fingerprint: r for r in run.results}
    for res in results:
        loc = res["locations"][0]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uri"] == "snapshots/prod-account.json"
        assert phys["region"]["startLine"] >= 1
        src = by_fp[res["partialFingerprints"][FINGERPRINT_KEY]]
        assert loc["logicalLocations"][0]["fullyQualifiedName"] == src.resource.arn
        assert phys["region"]["startLine"] == run.resource_lines.get(src.resource.arn, 1)
        assert res["ruleId"] == src.rule_id
        assert doc["runs"][0]["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == src.rule_id
    hostile = [r for r in results
               if r["locations"][0]["logicalLocations"][0]["name"] == HOSTILE]
    assert hostile and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
                           for r in hostile)


def test_levels_errors_and_suppressions(run: RunResult) -> None:
    doc = _sarif(run)
    results = doc["runs"][0]["results"]
    by_status: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        by_status.setdefault(r["properties"]["status"], []).append(r)
    (err,) = by_status["error"]
    assert err["level"] == "error" and err["kind"] == "fail"
    assert err["message"]["text"].startswith("Not evaluable:")
    (waived,) = by_status["waived"]
    assert waived["suppressions"] == [{
        "kind": "external",
        "status": "accepted",
        "justification": "eu-west-1 metrics move to the new stream in Q1 "
                         "(platform-team, expires 2027-03-31, ticket OPS-412)",
        "location": {"physicalLocation": {"artifactLocation": {"uri": "waivers.yaml"}}},
    }]
    assert {r["level"] for r in by_status["fail"]} == {"error", "warning"}
    assert all("suppressions" not in r for r in by_status["fail"])
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "GetLogDeliveryConfiguration" in notes[0]["message"]["text"]


def test_fingerprints_are_stable_across_renders(run: RunResult) -> None:
    fps = [r["partialFingerprints"] for r in _sarif(run)["runs"][0]["results"]]
    assert fps == [r["partialFingerprints"] for r in _sarif(run)["runs"][0]["results"]]


def test_unknown_path_characters_become_a_valid_uri(run: RunResult, validator) -> None:
    odd = dataclasses.replace(run, snapshot=dataclasses.replace(
        run.snapshot, path="C:\\scans\\prod account #1.json"))
    doc = _sarif(odd)
    _assert_valid(validator, doc)
    phys = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    uri = phys["artifactLocation"]["uri"]
    assert uri == "file:///C:/scans/prod%20account%20%231.json"
    bad = dataclasses.replace(run, snapshot=dataclasses.replace(run.snapshot, path="a b.json"))
    assert not validator.is_valid(json.loads(SarifReporter().render(bad).replace("a%20b", "a b")))


def test_results_capped_for_github_with_a_notice(validator) -> None:
    big = synthetic_run(400)
    findings = sum(1 for r in big.results if r.status is not Status.PASS
                   and r.status is not Status.NOT_APPLICABLE)
    doc = _sarif(big, max_results=100)
    _assert_valid(validator, doc)
    run0 = doc["runs"][0]
    assert len(run0["results"]) == 100
    assert run0["properties"]["resultsOmitted"] == findings - 100
    assert any("omitted" in n["message"]["text"]
               for n in run0["invocations"][0]["toolExecutionNotifications"])
    assert next(r["properties"]["status"] for r in run0["results"]) == "fail"
    assert len(_sarif(big, max_results=None)["runs"][0]["results"]) == findings
