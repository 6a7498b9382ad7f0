"""The rule engine: load and validate YAML rules, evaluate them on a snapshot, apply config
and waivers, and produce a :class:`~linter.model.RunResult`. See docs/rule-language.md."""
