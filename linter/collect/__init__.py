"""Collection: read-only AWS calls → the snapshot document (docs/collection.md).

Library API::

    from linter.collect import CollectOptions, collect_snapshot, open_session, parse_regions

    session = open_session(profile=None, role_arn=None, external_id=None)
    doc = collect_snapshot(session, CollectOptions(regions=parse_regions("us-east-1,eu-west-1")))
"""

from linter.collect.regions import parse_regions
from linter.collect.runner import CollectOptions, CollectResult, collect, collect_snapshot
from linter.collect.session import CallerIdentity, caller_identity, open_session

__all__ = [
    "CallerIdentity",
    "CollectOptions",
    "CollectResult",
    "caller_identity",
    "collect",
    "collect_snapshot",
    "open_session",
    "parse_regions",
]
