"""``cognito-lint rules list|show|validate|test|docs``: look at, check and document rules.

- ``list`` / ``show ID`` / ``docs``: the built-in pack plus ``--rules DIR`` (``--no-builtin``
  drops the pack);
- ``validate DIR...``: the rules of those directories as one set (``--with-builtin`` adds the
  pack, to catch id clashes); exit 2 and every ``file:line:column`` problem when one is bad;
- ``test DIR...``: every fixture of every rule there (one line per case); exit 1 on any
  mismatch, a broken fixture, or a rule without pass and fail cases.
"""

from __future__ import annotations

from pathlib import Path

import typer
import yaml

from linter.atomic import write_text_atomic
from linter.commands._common import err, guarded
from linter.engine.builtin import builtin_rules_dir
from linter.engine.diagnostics import RuleValidationError, did_you_mean
from linter.engine.docs import display_path, rules_markdown
from linter.engine.fixtures import fixture_dir, orphan_fixtures, run_all
from linter.engine.loader import RuleSource, load_rules
from linter.engine.ruleset import RuleSet
from linter.errors import ExitCode, UsageError

HELP = "List, show, validate, test and document rules."


def _sources(dirs: list[Path], no_builtin: bool) -> list[RuleSource]:
    out = [] if no_builtin else [RuleSource(builtin_rules_dir(), builtin=True)]
    out.extend(RuleSource(d) for d in dirs)
    if not out:
        raise UsageError("no rules: --no-builtin needs at least one --rules DIR")
    return out


def _dir_sources(dirs: list[Path], with_builtin: bool) -> list[RuleSource]:
    builtin = builtin_rules_dir().resolve()
    out = [RuleSource(d, builtin=d.resolve() == builtin) for d in dirs]
    if with_builtin and not any(s.builtin for s in out):
        out.insert(0, RuleSource(builtin_rules_dir(), builtin=True))
    return out


def _load(sources: list[RuleSource]) -> RuleSet | int:
    try:
        return load_rules(sources)
    except RuleValidationError as e:
        for line in e.lines():
            err(f"cognito-lint: error: {line}")
        err(f"cognito-lint: {len(e.diagnostics)} problem"
            f"{'s' if len(e.diagnostics) != 1 else ''} in the rules; nothing was evaluated")
        return int(ExitCode.USAGE)


_RULES_OPT = typer.Option([], "--rules", help="A directory of extra rules (repeatable).")
_NO_BUILTIN_OPT = typer.Option(False, "--no-builtin", help="Leave out the built-in pack.")


def register(app: typer.Typer) -> None:
    """Adds the ``rules`` command group to the app."""
    rules_app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False,
                            rich_markup_mode=None)
    app.add_typer(rules_app, name="rules")

    @rules_app.command("list", help="One line per rule: id, severity, resource, title.")
    @guarded
    def list_(rules: list[Path] = _RULES_OPT, no_builtin: bool = _NO_BUILTIN_OPT) -> int:
        ruleset = _load(_sources(rules, no_builtin))
        if isinstance(ruleset, int):
            return ruleset
        rows = [(r.id, r.meta.severity.value, r.meta.resource, r.meta.title)
                for r in sorted(ruleset.rules, key=lambda r: r.id)]
        widths = [max(len(row[i]) for row in rows) for i in range(3)] if rows else [0, 0, 0]
        for row in rows:
            typer.echo("  ".join(row[i].ljust(widths[i]) for i in range(3)) + "  " + row[3])
        err(f"cognito-lint: {len(rows)} rules")
        return int(ExitCode.OK)

    @rules_app.command("show", help="Everything about one rule: metadata, logic, fixtures.")
    @guarded
    def show(rule_id: str = typer.Argument(..., metavar="ID", help="A rule id."),
             rules: list[Path] = _RULES_OPT, no_builtin: bool = _NO_BUILTIN_OPT) -> int:
        ruleset = _load(_sources(rules, no_builtin))
        if isinstance(ruleset, int):
            return ruleset
        rule = ruleset.get(rule_id)
        if rule is None:
            raise UsageError(f"unknown rule '{rule_id}'{did_you_mean(rule_id, ruleset.ids)}",
                             tip="`cognito-lint rules list` lists them")
        typer.echo(f"# {display_path(rule, ruleset)}")
        typer.echo(yaml.safe_dump(rule.raw, sort_keys=False, allow_unicode=True,
                                  width=100).rstrip())
        folder = fixture_dir(rule)
        cases = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
        typer.echo(f"# fixtures ({folder}): {', '.join(cases) if cases else 'none'}")
        return int(ExitCode.OK)

    @rules_app.command("validate", help="Validate the rules of DIR... (exit 2 on any problem).")
    @guarded
    def validate(
        dirs: list[Path] = typer.Argument(..., metavar="DIR...", help="Rule directories."),
        with_builtin: bool = typer.Option(
            False, "--with-builtin", help="Validate together with the built-in pack."),
    ) -> int:
        ruleset = _load(_dir_sources(dirs, with_builtin))
        if isinstance(ruleset, int):
            return ruleset
        typer.echo(f"{len(ruleset.rules)} rules in {len(ruleset.files)} files are valid")
        return int(ExitCode.OK)

    @rules_app.command("test", help="Run the fixtures of the rules in DIR... (exit 1 on any "
                                    "mismatch).")
    @guarded
    def test(
        dirs: list[Path] = typer.Argument(..., metavar="DIR...", help="Rule directories."),
        only: list[str] = typer.Option([], "--rule", help="Test only this rule (repeatable)."),
    ) -> int:
        ruleset = _load(_dir_sources(dirs, False))
        if isinstance(ruleset, int):
            return ruleset
        for rid in only:
            if ruleset.get(rid) is None:
                raise UsageError(f"--rule {rid}: unknown rule{did_you_mean(rid, ruleset.ids)}")
        outcomes = run_all(ruleset, set(only) if only else None)
        failed = 0
        for o in outcomes:
            typer.echo(f"{'ok  ' if o.ok else 'FAIL'}  {o.rule_id}  {o.case}"
                       + (f"  ({o.description})" if o.description else ""))
            for p in o.problems:
                typer.echo(f"        {p}")
            failed += not o.ok
        orphans = [] if only else orphan_fixtures(ruleset)
        for orphan in orphans:
            typer.echo(f"FAIL  {orphan}")
        failed += len(orphans)
        rules_tested = len({o.rule_id for o in outcomes})
        passed = sum(o.ok for o in outcomes)
        typer.echo(f"{passed} of {len(outcomes)} cases passed ({rules_tested} rules)"
                   + (f"; {len(orphans)} orphan fixture folders" if orphans else ""))
        return int(ExitCode.FINDINGS if failed else ExitCode.OK)

    @rules_app.command("docs", help="Write the Markdown rule reference (docs/rules.md).")
    @guarded
    def docs(
        output: str = typer.Option("-", "-o", "--output", help="File to write ('-' = stdout)."),
        rules: list[Path] = _RULES_OPT,
        no_builtin: bool = _NO_BUILTIN_OPT,
    ) -> int:
        ruleset = _load(_sources(rules, no_builtin))
        if isinstance(ruleset, int):
            return ruleset
        write_text_atomic(output, rules_markdown(ruleset))
        if output != "-":
            err(f"cognito-lint: wrote {output} ({len(ruleset.rules)} rules)")
        return int(ExitCode.OK)
