"""HTML report: one self-contained file for an auditor and an engineer.

The evidence header, the totals (in words and inline SVG), the per-rule table and the waivers
are rendered on the server; the findings and the per-pool pipeline pictures are drawn by the
page's own script from an embedded JSON blob, filtered and paginated in the browser so the
page stays usable at 10,000 pools. Nothing is fetched: CSS and JS are inline, and a
Content-Security-Policy forbids every network request and every script but the page's own.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from markupsafe import Markup

from linter.model import RunResult
from linter.report._html_view import payload, summary
from linter.report._text import gc_paused, plural
from linter.report.templates import environment, render_template

_SCRIPT = "html/_app.js"
_STYLE = "html/_style.css"


def _asset(name: str) -> str:
    env = environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source


@dataclass(frozen=True)
class HtmlReporter:
    """``page_size``: findings per page; ``pipelines_page_size``: pipeline pictures per page."""

    page_size: int = 50
    pipelines_page_size: int = 20

    @gc_paused
    def render(self, run: RunResult) -> str:
        script = _asset(_SCRIPT)
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        return render_template(
            "html/report.html.j2",
            run=run,
            snap=run.snapshot,
            info=run.run,
            data=payload(run),
            plural=plural,
            page_size=self.page_size,
            pipelines_page_size=self.pipelines_page_size,
            script=Markup(script),
            script_hash=f"sha256-{digest}",
            style=Markup(_asset(_STYLE)),
            **summary(run),
        )
