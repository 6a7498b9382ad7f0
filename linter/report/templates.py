"""The Jinja2 environment over the report templates.

In a wheel the templates are package data at ``linter/_builtin/reports`` (pyproject
force-includes the repo's ``reports/`` there); in a development checkout they are read from the
repo's ``reports/``. HTML templates are autoescaped; only ``*.md.j2`` templates are not (they
escape with the ``md`` filter instead).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from linter.errors import ReportError

if TYPE_CHECKING:
    from importlib.abc import Traversable

_REPO_REPORTS = Path(__file__).resolve().parents[2] / "reports"


def templates_root() -> Traversable:
    """``linter/_builtin/reports`` when installed from a wheel, else the repo's ``reports/``."""
    builtin = resources.files("linter").joinpath("_builtin").joinpath("reports")
    if builtin.is_dir():
        return builtin
    if _REPO_REPORTS.is_dir():
        return _REPO_REPORTS
    raise ReportError(
        f"{_REPO_REPORTS}: report templates not found (neither linter/_builtin/reports nor the "
        "repo's reports/ folder exists)"
    )


class _TraversableLoader(jinja2.BaseLoader):
    """Loads templates from a Traversable (a folder, or package data inside a wheel)."""

    def __init__(self, root: Traversable) -> None:
        self.root = root

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Any]:
        node = self.root
        for part in template.split("/"):
            if part in ("", ".", ".."):
                raise jinja2.TemplateNotFound(template)
            node = node.joinpath(part)
        if not node.is_file():
            raise jinja2.TemplateNotFound(template)
        return node.read_text(encoding="utf-8"), str(node), lambda: True


def script_json(value: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/json">``: ``<``, ``>``, ``&`` and
    U+2028/U+2029 are written as ``\\uXXXX`` escapes, so no data can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return Markup(text)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_TraversableLoader(templates_root()),
        autoescape=lambda name: not (name or "").endswith(".md.j2"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = script_json
    return env


def render_template(name: str, **context: Any) -> str:
    try:
        template = environment().get_template(name)
    except jinja2.TemplateNotFound as e:
        raise ReportError(f"{name}: report template not found under {templates_root()}") from e
    return template.render(**context)
