"""Three-valued evaluation: combinators, quantifiers, the missing policy, ``when``, evidence,
messages, unknown data from collection errors."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from engine_helpers import compile_rule, evaluate, statuses
from engine_snap import error, log_group, pool, snapshot

from linter.engine.nodes import FALSE, MISSING, TRUE, UNKNOWN, All, Any_, Node, Not
from linter.model import Status

POOL_A = "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_A"


class Const(Node):
    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value

    def eval(self, st: Any, ctx: Any, cur: Any) -> int:
        return self.value


VALUES = (TRUE, FALSE, MISSING, UNKNOWN)


def expected_all(vs: tuple[int, ...]) -> int:
    if FALSE in vs:
        return FALSE
    if UNKNOWN in vs:
        return UNKNOWN
    return MISSING if MISSING in vs else TRUE


def expected_any(vs: tuple[int, ...]) -> int:
    if TRUE in vs:
        return TRUE
    if UNKNOWN in vs:
        return UNKNOWN
    return MISSING if MISSING in vs else FALSE


@pytest.mark.parametrize("vs", [p for n in (1, 2, 3) for p in itertools.product(VALUES, repeat=n)])
def test_all_and_any_truth_tables(vs: tuple[int, ...]) -> None:
    items = [Const(v) for v in vs]
    assert All(items).eval(None, None, None) == expected_all(vs)  # type: ignore[arg-type]
    assert Any_(items).eval(None, None, None) == expected_any(vs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("v", "want"), [(TRUE, FALSE), (FALSE, TRUE), (MISSING, MISSING),
                                         (UNKNOWN, UNKNOWN)])
def test_not_swaps_true_and_false_only(v: int, want: int) -> None:
    assert Not(Const(v)).eval(None, None, None) == want  # type: ignore[arg-type]


def test_comparison_pass_fail_and_evidence() -> None:
    rule = compile_rule("assert: {path: UserPool.DeletionProtection, equals: ACTIVE}")
    doc = snapshot([pool("A"), pool("B", deletion="INACTIVE")])
    res = evaluate(rule, doc)
    a, b = res[POOL_A], res[POOL_A.replace("_A", "_B")]
    assert (a.status, b.status) == (Status.PASS, Status.FAIL)
    ev = b.evidence[0]
    assert (ev.path, ev.observed, ev.expected) == (
        "UserPool.DeletionProtection", "INACTIVE", 'equals "ACTIVE"')
    assert a.message == "ok A" and b.message == "bad B"
    assert a.fingerprint == a.make_fingerprint("T-X-001", "111122223333", "us-east-1", POOL_A)


@pytest.mark.parametrize(("policy", "want"), [("fail", "fail"), ("pass", "pass"),
                                              ("error", "error")])
def test_missing_value_follows_the_missing_policy(policy: str, want: str) -> None:
    rule = compile_rule(f"missing: {policy}\nassert: {{path: UserPool.DeletionProtection, "
                        "equals: ACTIVE}")
    res = evaluate(rule, snapshot([pool("A", deletion=None)]))[POOL_A]
    assert res.status.value == want
    if want == "error":
        assert res.errors == ("missing value: UserPool.DeletionProtection",)


def test_default_is_the_default_policy_fail() -> None:
    rule = compile_rule("assert: {path: UserPool.DeletionProtection, not_equals: INACTIVE}")
    assert statuses(rule, snapshot([pool("A", deletion=None)])) == {POOL_A: "fail"}


def test_default_replaces_a_missing_value() -> None:
    rule = compile_rule('assert: {path: UserPool.UserPoolAddOns.AdvancedSecurityMode, '
                        'in: [AUDIT, ENFORCED], default: "OFF"}')
    assert statuses(rule, snapshot([pool("A")])) == {POOL_A: "fail"}
    rule = compile_rule('assert: {path: UserPool.UserPoolAddOns.AdvancedSecurityMode, '
                        'equals: OFF, default: "OFF"}')
    assert statuses(rule, snapshot([pool("A")])) == {POOL_A: "pass"}


def test_exists_and_empty_are_never_missing() -> None:
    for body, want in (("{path: UserPool.DeletionProtection, exists: false}", "pass"),
                       ("{path: UserPool.DeletionProtection, empty: true}", "pass"),
                       ("{path: UserPool.DeletionProtection, exists: true}", "fail")):
        rule = compile_rule(f"assert: {body}")
        assert statuses(rule, snapshot([pool("A", deletion=None)])) == {POOL_A: want}


def test_a_body_key_that_could_not_be_collected_is_unknown_even_for_exists() -> None:
    doc = snapshot([pool("A", ldc=False)], [error(
        "GetLogDeliveryConfiguration", resource_type="cognito.user_pool", resource_arn=POOL_A,
        field="LogDeliveryConfiguration")])
    for body in ("{path: LogDeliveryConfiguration.LogConfigurations, empty: true}",
                 "{path: LogDeliveryConfiguration.LogConfigurations, exists: false}",
                 "{not: {path: LogDeliveryConfiguration.LogConfigurations, empty: false}}"):
        res = evaluate(compile_rule(f"assert: {body}"), doc)[POOL_A]
        assert res.status is Status.ERROR, body
        assert "GetLogDeliveryConfiguration" in res.errors[0]
        assert "AccessDeniedException" in res.message


def test_an_absent_body_key_without_collection_error_is_missing() -> None:
    rule = compile_rule("assert: {path: LogDeliveryConfiguration.LogConfigurations, "
                        "empty: false}")
    assert statuses(rule, snapshot([pool("A", ldc=False)])) == {POOL_A: "fail"}


def test_type_error_at_run_time_is_error() -> None:
    # a string field may hold a date, so gt with a date is accepted at load time
    rule = compile_rule("assert: {path: name, gt: '2026-01-01'}")
    res = evaluate(rule, snapshot([pool("A")]))[POOL_A]
    assert res.status is Status.ERROR
    assert "name" in res.errors[0] and "neither a number nor an ISO date" in res.errors[0]


@pytest.mark.parametrize(("when", "want"), [
    ("{path: UserPool.DeletionProtection, equals: ACTIVE}", "fail"),
    ("{path: UserPool.DeletionProtection, equals: INACTIVE}", "not_applicable"),
    ("{path: UserPool.UserPoolTier, equals: PLUS}", "not_applicable"),  # missing -> n/a
])
def test_when(when: str, want: str) -> None:
    rule = compile_rule(f"when: {when}\nassert: {{path: name, equals: nobody}}")
    assert statuses(rule, snapshot([pool("A")])) == {POOL_A: want}


def test_when_unknown_is_error() -> None:
    doc = snapshot([pool("A", ldc=False)], [error(
        "GetLogDeliveryConfiguration", resource_type="cognito.user_pool", resource_arn=POOL_A,
        field="LogDeliveryConfiguration")])
    rule = compile_rule("when: {path: LogDeliveryConfiguration.LogConfigurations, empty: false}"
                        "\nassert: {path: name, equals: A}")
    assert statuses(rule, doc) == {POOL_A: "error"}


LOG_CONF = ("LogDeliveryConfiguration.LogConfigurations")


@pytest.mark.parametrize(("kind", "confs", "want"), [
    ("some", [], "fail"), ("every", [], "pass"), ("none", [], "pass"),
    ("some", ["ERROR"], "pass"), ("every", ["ERROR", "INFO"], "fail"),
    ("none", ["INFO", "ERROR"], "fail"), ("none", ["INFO"], "pass"),
    ("every", ["ERROR", "ERROR"], "pass"),
])
def test_quantifiers(kind: str, confs: list[str], want: str) -> None:
    rule = compile_rule(f"assert:\n  {kind}:\n    path: {LOG_CONF}\n"
                        "    where: {path: LogLevel, equals: ERROR}")
    configs = [{"EventSource": "userNotification", "LogLevel": lvl} for lvl in confs]
    assert statuses(rule, snapshot([pool("A", log_configs=configs)])) == {POOL_A: want}


def test_quantifier_over_missing_list_is_missing_and_items_missing_combine() -> None:
    rule = compile_rule(f"assert:\n  some:\n    path: {LOG_CONF}\n"
                        "    where: {path: CloudWatchLogsConfiguration.LogGroupArn, "
                        "matches: 'log-group:'}")
    doc = snapshot([pool("A", log_configs=[{"EventSource": "userNotification",
                                            "LogLevel": "ERROR"}])])
    res = evaluate(rule, doc)[POOL_A]
    assert res.status is Status.FAIL  # missing -> fail policy
    assert res.evidence[0].path == f"{LOG_CONF}[0].CloudWatchLogsConfiguration.LogGroupArn"


def test_quantifier_evidence_paths_name_the_item() -> None:
    rule = compile_rule(f"assert:\n  every:\n    path: {LOG_CONF}\n"
                        "    where: {path: LogLevel, equals: ERROR}")
    confs = [{"EventSource": "userNotification", "LogLevel": "ERROR"},
             {"EventSource": "userAuthEvents", "LogLevel": "INFO"}]
    res = evaluate(rule, snapshot([pool("A", log_configs=confs)]))[POOL_A]
    assert [(e.path, e.observed) for e in res.evidence] == [
        (f"{LOG_CONF}[0].LogLevel", "ERROR"), (f"{LOG_CONF}[1].LogLevel", "INFO")]


def test_param_leaf_switches_a_requirement_off() -> None:
    rule = compile_rule("""\
        params: {require_protection: true}
        assert:
          any:
            - {param: require_protection, equals: false}
            - {path: UserPool.DeletionProtection, equals: ACTIVE}
        """)
    doc = snapshot([pool("A", deletion="INACTIVE")])
    assert statuses(rule, doc) == {POOL_A: "fail"}
    assert statuses(rule, doc, require_protection=False) == {POOL_A: "pass"}


def test_message_placeholders_and_params() -> None:
    rule = compile_rule(
        "params: {min: 16}\nassert: {path: UserPool.Policies.PasswordPolicy.MinimumLength, "
        "gte: {param: min}}",
        message='message: {pass: "ok", fail: "{{ name }} has {{ UserPool.Policies.'
                'PasswordPolicy.MinimumLength }} < {{ params.min }}; tags {{ UserPool.'
                'UserPoolTags }}"}',
    )
    res = evaluate(rule, snapshot([pool("A", min_length=8)]))[POOL_A]
    assert res.message == "A has 8 < 16; tags (none)"


def test_error_message_defaults_to_the_first_reason() -> None:
    doc = snapshot([pool("A", ldc=False), log_group("g")], [error(
        "GetLogDeliveryConfiguration", resource_type="cognito.user_pool", resource_arn=POOL_A,
        field="LogDeliveryConfiguration")])
    rule = compile_rule(f"assert: {{path: {LOG_CONF}, empty: false}}")
    res = evaluate(rule, doc)[POOL_A]
    assert res.message.startswith("Not evaluated: cognito-idp:GetLogDeliveryConfiguration")


def test_fast_constructors_build_the_models_exactly() -> None:
    from dataclasses import fields

    from linter.engine.evaluate import _make_result
    from linter.engine.nodes import Evidence as make_evidence
    from linter.model import Evidence, ResourceRef, Result, Severity

    ev = make_evidence("a.b", [1], "equals 1")
    assert ev == Evidence("a.b", [1], "equals 1") and isinstance(ev, Evidence)
    ref = ResourceRef("cognito.user_pool", POOL_A, "A", "us-east-1", "111122223333")
    kw = {"rule_id": "T-X-001", "status": Status.FAIL, "severity": Severity.HIGH,
          "resource": ref, "message": "m", "evidence": (ev,), "errors": (), "waiver": None,
          "fingerprint": "f" * 32}
    fast = _make_result(**kw)
    assert fast == Result(**kw) and type(fast) is Result
    assert {f.name for f in fields(Result)} == set(kw)
    with pytest.raises(AttributeError):
        fast.status = Status.PASS  # type: ignore[misc]  # still frozen
