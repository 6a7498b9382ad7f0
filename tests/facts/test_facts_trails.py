"""Trail facts: management_events, covers_region, data_event_types, delivery_age_seconds,
covered_cognito_regions (domain-facts §5, §7.16-§7.18)."""

from __future__ import annotations

import pytest

from linter.facts import FACTS, FactUnknown
from linter.facts.trails import field_selector_matches, parse_time

IDP = "cognito-idp.amazonaws.com"
RW = {"read": True, "write": True}
R = {"read": True, "write": False}
W = {"read": False, "write": True}
NONE = {"read": False, "write": False}


def call(name, ctx, res, **args):
    return FACTS[name].fn(ctx, res, **args)


def mgmt(snap, selectors, source=IDP):
    trail = snap.trail("t", selectors=selectors)
    return call("management_events", snap.ctx(), trail, source=source)


def fs(field, **ops):
    return {"Field": field, **ops}


MGMT = fs("eventCategory", Equals=["Management"])


@pytest.mark.parametrize(("selectors", "expected"), [
    ({}, RW),
    ({"EventSelectors": [], "AdvancedEventSelectors": []}, RW),
    ({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True}]}, RW),
    ({"EventSelectors": [{}]}, RW),
    ({"EventSelectors": [{"ReadWriteType": "WriteOnly"}]}, W),
    ({"EventSelectors": [{"ReadWriteType": "ReadOnly"}]}, R),
    ({"EventSelectors": [{"ReadWriteType": "ReadOnly"}, {"ReadWriteType": "WriteOnly"}]}, RW),
    ({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": False}]}, NONE),
    ({"EventSelectors": [{"ReadWriteType": "All",
                          "ExcludeManagementEventSources": ["kms.amazonaws.com"]}]}, RW),
    ({"EventSelectors": [{"ReadWriteType": "All", "ExcludeManagementEventSources": [IDP]}]},
     NONE),
    ({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": False,
                          "DataResources": [{"Type": "AWS::S3::Object", "Values": ["x"]}]}]},
     NONE),
])
def test_basic_selectors(snap, selectors, expected):
    assert mgmt(snap, selectors) == expected


def adv(*selectors):
    return {"AdvancedEventSelectors": [{"Name": f"s{i}", "FieldSelectors": list(s)}
                                       for i, s in enumerate(selectors)]}


@pytest.mark.parametrize(("selectors", "expected"), [
    (adv([MGMT]), RW),
    (adv([MGMT, fs("readOnly", Equals=["false"])]), W),
    (adv([MGMT, fs("readOnly", Equals=["true"])]), R),
    (adv([MGMT, fs("readOnly", Equals=["True"])]), R),
    (adv([MGMT, fs("readOnly", Equals=["true"])], [MGMT, fs("readOnly", Equals=["false"])]), RW),
    (adv([MGMT, fs("eventSource", NotEquals=["kms.amazonaws.com", "rdsdata.amazonaws.com"])]),
     RW),
    (adv([MGMT, fs("eventSource", NotEquals=[IDP])]), NONE),
    (adv([MGMT, fs("eventSource", Equals=[IDP])]), RW),
    (adv([MGMT, fs("eventSource", Equals=["iam.amazonaws.com"])]), NONE),
    (adv([MGMT, fs("eventSource", StartsWith=["cognito-"])]), RW),
    (adv([MGMT, fs("eventSource", NotStartsWith=["cognito-"])]), NONE),
    (adv([MGMT, fs("eventSource", EndsWith=[".amazonaws.com"])]), RW),
    (adv([MGMT, fs("eventSource", NotEndsWith=["idp.amazonaws.com"])]), NONE),
    (adv([MGMT, fs("eventSource", StartsWith=["cognito-"], NotEquals=[IDP])]), NONE),
    (adv([fs("eventCategory", Equals=["Data"]),
          fs("resources.type", Equals=["AWS::Cognito::IdentityPool"])]), NONE),
    (adv([MGMT, fs("eventName", Equals=["CreateUserPool"])]), NONE),
    (adv([fs("eventCategory", Equals=["Data"]), fs("resources.type", Equals=["AWS::S3::Object"])],
         [MGMT, fs("readOnly", Equals=["false"])]), W),
])
def test_advanced_selectors(snap, selectors, expected):
    assert mgmt(snap, selectors) == expected


def test_advanced_selectors_take_precedence_over_basic(snap):
    sel = {**adv([MGMT, fs("readOnly", Equals=["false"])]),
           "EventSelectors": [{"ReadWriteType": "All"}]}
    assert mgmt(snap, sel) == W


def test_identity_source(snap):
    sel = adv([MGMT, fs("eventSource", Equals=[IDP])])
    assert mgmt(snap, sel, source="cognito-identity.amazonaws.com") == NONE


def test_field_selector_missing_value():
    assert field_selector_matches({"NotEquals": ["a"]}, None)
    assert not field_selector_matches({"Equals": ["a"]}, None)


def test_management_events_unknown_or_missing(snap):
    failed = snap.trail("failed")
    snap.error(operation="GetEventSelectors", resource_arn=failed["arn"], field="Selectors")
    absent = snap.trail("absent")
    ctx = snap.ctx()
    with pytest.raises(FactUnknown):
        call("management_events", ctx, failed, source=IDP)
    assert call("management_events", ctx, absent, source=IDP) is None


@pytest.mark.parametrize(("logging", "multi", "home", "region", "expected"), [
    (True, False, "us-east-1", "us-east-1", True),
    (True, False, "us-east-1", "eu-west-1", False),
    (True, True, "us-east-1", "eu-west-1", True),
    (False, True, "us-east-1", "us-east-1", False),
])
def test_covers_region(snap, logging, multi, home, region, expected):
    trail = snap.trail("t", region=home, status={"IsLogging": logging},
                       IsMultiRegionTrail=multi, HomeRegion=home)
    assert call("covers_region", snap.ctx(), trail, region=region) is expected


def test_org_trail_covers_like_any_other(snap):
    trail = snap.trail("org", status={"IsLogging": True}, IsMultiRegionTrail=True,
                       IsOrganizationTrail=True)
    assert call("covers_region", snap.ctx(), trail, region="ap-southeast-2") is True


def test_covers_region_unknown_when_status_failed(snap):
    trail = snap.trail("t")
    snap.error(operation="GetTrailStatus", resource_arn=trail["arn"], field="Status")
    with pytest.raises(FactUnknown):
        call("covers_region", snap.ctx(), trail, region="us-east-1")


@pytest.mark.parametrize(("selectors", "types"), [
    ({}, []),
    ({"EventSelectors": [{"DataResources": [{"Type": "AWS::S3::Object", "Values": []},
                                            {"Type": "AWS::Lambda::Function", "Values": []}]}]},
     ["AWS::Lambda::Function", "AWS::S3::Object"]),
    (adv([fs("eventCategory", Equals=["Data"]),
          fs("resources.type", Equals=["AWS::Cognito::IdentityPool"])],
         [MGMT]), ["AWS::Cognito::IdentityPool"]),
    (adv([fs("eventCategory", Equals=["Management"]),
          fs("resources.type", Equals=["AWS::Cognito::IdentityPool"])]), []),
])
def test_data_event_types(snap, selectors, types):
    trail = snap.trail("t", selectors=selectors)
    assert call("data_event_types", snap.ctx(), trail) == types


@pytest.mark.parametrize(("delivered", "age"), [
    ("2026-11-26T21:00:05Z", 3600.0),
    ("2026-11-26T22:00:05+00:00", 0.0),
    (1795730405, 0.0),  # epoch seconds of 2026-11-26T22:00:05Z
    (1795730405000, 0.0),
])
def test_delivery_age_seconds(snap, delivered, age):
    trail = snap.trail("t", status={"IsLogging": True, "LatestDeliveryTime": delivered})
    assert call("delivery_age_seconds", snap.ctx(), trail) == age


def test_delivery_age_none_when_never_delivered(snap):
    trail = snap.trail("t", status={"IsLogging": True})
    assert call("delivery_age_seconds", snap.ctx(), trail) is None


def test_parse_time():
    assert parse_time("garbage") is None
    assert parse_time(True) is None
    assert parse_time("2026-11-26T22:00:05").isoformat() == "2026-11-26T22:00:05+00:00"


def test_covered_cognito_regions(snap):
    snap.pool("us-east-1_A")
    snap.add("cognito.identity_pool",
             "arn:aws:cognito-identity:eu-west-1:111122223333:identitypool/eu-west-1:abc",
             "ip", "eu-west-1")
    single = snap.trail("single", status={"IsLogging": True})
    multi = snap.trail("multi", status={"IsLogging": True}, IsMultiRegionTrail=True)
    stopped = snap.trail("stopped", status={"IsLogging": False}, IsMultiRegionTrail=True)
    ctx = snap.ctx()
    assert call("covered_cognito_regions", ctx, single) == ["us-east-1"]
    assert call("covered_cognito_regions", ctx, multi) == ["eu-west-1", "us-east-1"]
    assert call("covered_cognito_regions", ctx, stopped) == []


def test_covered_cognito_regions_unknown_when_pools_not_listed(snap):
    trail = snap.trail("t", status={"IsLogging": True})
    snap.error(operation="ListUserPools", resource_type="cognito.user_pool")
    with pytest.raises(FactUnknown):
        call("covered_cognito_regions", snap.ctx(), trail)
