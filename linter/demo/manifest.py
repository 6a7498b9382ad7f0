"""What the demo estate contains and which findings it must produce: the tests' contract.

``seed_estate`` returns a :class:`DemoManifest`. Every deliberate misconfiguration is one
:class:`DemoBreak`: the rule that must fail, the ARN the failure is reported on (the resource
type of that rule), and the ARN of the thing that is actually wrong (``cause_arn``). A break
that a rule evaluates per Region (CL-MET-001, CL-CT-001, CL-CT-002) is placed in a Region that
holds exactly one user pool, so it maps to exactly one (rule, resource) pair.

``compliant_pool_arns`` are the pools with no break at all: every built-in rule passes (or is
not applicable) on them and on every resource of their pipelines.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoPool:
    """One seeded user pool."""

    name: str
    region: str
    arn: str
    id: str
    tier: str
    log_group_arns: tuple[str, ...] = ()
    """The log groups the pool's log delivery configuration sends to (ARNs without ``:*``)."""


@dataclass(frozen=True)
class DemoBreak:
    """One seeded misconfiguration and the single finding it must produce."""

    key: str
    """Stable identifier of the break, e.g. ``log-group-without-subscription``."""
    rule_id: str
    """The rule that must fail."""
    resource_type: str
    """The snapshot resource type of ``resource_arn`` (the rule's resource type)."""
    resource_arn: str
    """Where the failure is reported."""
    region: str
    description: str
    pool_arn: str
    """The user pool whose telemetry or posture the break affects."""
    cause_arn: str | None = None
    """The misconfigured resource, when it is not ``resource_arn`` (a stopped stream, a trail,
    a deleted Firehose stream); ``None`` when nothing exists to point at (no trail at all)."""


@dataclass(frozen=True)
class DemoManifest:
    """The seeded demo account."""

    account_id: str
    regions: tuple[str, ...]
    pools: tuple[DemoPool, ...]
    breaks: tuple[DemoBreak, ...]
    compliant_pool_arns: tuple[str, ...]
    identity_pool_arns: tuple[str, ...] = ()
    secrets: tuple[str, ...] = field(default=(), repr=False)
    """Every fake credential seeded (Sumo Logic URL tokens, endpoint access keys). Tests use
    them to prove that no snapshot, report or log contains one; never print them."""

    def pool(self, name: str) -> DemoPool:
        """The pool called ``name``; ``KeyError`` when there is none."""
        for pool in self.pools:
            if pool.name == name:
                return pool
        raise KeyError(name)

    def pools_in(self, region: str) -> tuple[DemoPool, ...]:
        return tuple(p for p in self.pools if p.region == region)

    def breaks_for(self, rule_id: str) -> tuple[DemoBreak, ...]:
        return tuple(b for b in self.breaks if b.rule_id == rule_id)

    def break_by_key(self, key: str) -> DemoBreak:
        for item in self.breaks:
            if item.key == key:
                return item
        raise KeyError(key)

    def expected_failures(self) -> frozenset[tuple[str, str]]:
        """Every (rule id, resource ARN) pair that must fail: one per break."""
        return frozenset((b.rule_id, b.resource_arn) for b in self.breaks)

    @property
    def rule_ids(self) -> frozenset[str]:
        """The rules some break targets."""
        return frozenset(b.rule_id for b in self.breaks)
