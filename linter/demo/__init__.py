"""The demo estate: a realistic mocked AWS account with every classic telemetry break.

``mocked_account()`` yields ``(session, manifest)``; ``seed_estate(session)`` seeds an account
you mocked yourself. The :class:`DemoManifest` says which rule must fail on which resource.
"""

from __future__ import annotations

from .account import mocked_account
from .estate import seed_estate
from .manifest import DemoBreak, DemoManifest, DemoPool

__all__ = ["DemoBreak", "DemoManifest", "DemoPool", "mocked_account", "seed_estate"]
