"""Which Regions to read.

``--regions us-east-1,eu-west-1`` names them; each must be a Region botocore knows (checked
before any call, so a typo fails fast) and in the caller's partition. ``--regions all`` means
the account's *enabled* Regions, from EC2 DescribeRegions (``ec2:DescribeRegions`` is in the IAM
policy; it lists opted-in and default Regions only).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from functools import lru_cache

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from botocore.loaders import Loader

from linter.collect.calls import client_config, failure
from linter.collect.session import CallerIdentity
from linter.errors import CollectorError, UsageError

ALL = "all"


@lru_cache(maxsize=1)
def known_regions() -> dict[str, str]:
    """Every Region botocore knows, mapped to its partition (pseudo-Regions left out)."""
    out: dict[str, str] = {}
    loader = Loader()
    for partition in loader.load_data("partitions")["partitions"]:
        for region in partition.get("regions", {}):
            if not region.endswith("-global"):
                out[region] = partition["id"]
    for partition in loader.load_data("endpoints")["partitions"]:
        for region in partition.get("regions", {}):
            out.setdefault(region, partition["partition"])
    return out


def parse_regions(text: str | None) -> tuple[str, ...] | None:
    """``"all"`` (or nothing) → None; otherwise the listed Regions, each checked, in order,
    without duplicates. Raises :class:`UsageError` for an unknown name."""
    if text is None or text.strip().lower() == ALL:
        return None
    names: list[str] = []
    for raw in text.split(","):
        name = raw.strip()
        if name and name not in names:
            names.append(name)
    if not names:
        raise UsageError(
            "--regions: no Region given", tip="e.g. --regions us-east-1,eu-west-1 or --regions all"
        )
    return check_known(names)


def check_known(names: Sequence[str]) -> tuple[str, ...]:
    """The names, without duplicates; :class:`UsageError` for one botocore does not know."""
    known = known_regions()
    for name in names:
        if name == ALL:
            raise UsageError("--regions: 'all' cannot be combined with Region names")
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]}?" if close else "e.g. us-east-1"
            raise UsageError(
                f"--regions: unknown Region {name!r}",
                tip=f"{hint} (a Region newer than this botocore needs `pip install -U botocore`)",
            )
    return tuple(dict.fromkeys(names))


def check_partition(regions: Sequence[str], identity: CallerIdentity) -> None:
    known = known_regions()
    for region in regions:
        partition = known.get(region)
        if partition is not None and partition != identity.partition:
            raise UsageError(
                f"--regions: {region} is in partition {partition}, "
                f"but the credentials are for partition {identity.partition}"
            )


def enabled_regions(
    session: boto3.Session, identity: CallerIdentity, region: str
) -> tuple[str, ...]:
    """The account's enabled Regions (EC2 DescribeRegions, called in ``region``)."""
    try:
        client = session.client("ec2", region_name=region, config=client_config(region))
        response = client.describe_regions()
    except (ClientError, BotoCoreError) as e:
        code, message = failure(e)
        raise CollectorError(
            f"cannot list the enabled Regions (ec2:DescribeRegions): {code}: {message}",
            tip="allow ec2:DescribeRegions, or name the Regions with --regions",
        ) from None
    known = known_regions()
    names = sorted(
        r["RegionName"]
        for r in response.get("Regions") or []
        if r.get("OptInStatus", "opt-in-not-required") != "not-opted-in"
        # AWS answers with the caller's partition only; a mock may not (unknown = new: kept)
        and known.get(r["RegionName"], identity.partition) == identity.partition
    )
    if not names:
        raise CollectorError(
            "ec2:DescribeRegions returned no enabled Region", tip="name them with --regions"
        )
    return tuple(names)
