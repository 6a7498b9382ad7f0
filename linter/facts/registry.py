"""The fact registry: derived values that rules read with ``fact: NAME``.

A fact is a small pure function ``fn(ctx, resource, **args)`` registered with :func:`fact`.
The engine calls ``FACTS[name].fn(ctx, resource, **args)`` where ``ctx`` is the
:class:`FactContext` of the snapshot (one per ``check`` run) and ``resource`` the resource
envelope (``type``, ``arn``, ``region``, ``account_id``, ``name`` + body keys).

Three outcomes, matching the engine's three-valued logic:

- a value (any JSON value: bool, number, string, list, mapping) -> the fact holds that value;
- ``None`` -> **missing**: the data is absent and no collection error explains it;
- :class:`FactUnknown` raised -> **unknown**: the data the fact needs was not collected (a call
  failed, or the type is not collected by this source). ``reasons`` says why, one line each.

Returned values are shared (facts are memoised per snapshot): callers must not mutate them.

Import :mod:`linter.facts` (the package), not this module, to get every fact registered.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from linter.snapshot.index import Resource, SnapshotIndex

JSONSchema = dict[str, Any]
FactFn = Callable[..., Any]
_F = TypeVar("_F", bound=FactFn)

_MISSING = object()


class FactUnknown(Exception):
    """The data a fact needs was not collected. ``reasons``: one line per cause."""

    def __init__(self, reasons: tuple[str, ...] | list[str] | str) -> None:
        if isinstance(reasons, str):
            reasons = (reasons,)
        self.reasons: tuple[str, ...] = tuple(dict.fromkeys(reasons)) or (
            "the data this fact needs was not collected",
        )
        super().__init__("; ".join(self.reasons))


@dataclass(frozen=True)
class FactSpec:
    """What the engine needs to know about a fact.

    - ``args``: the **required** arguments, name -> JSON schema of the value;
    - ``optional_args``: arguments that may be left out (the function has a default);
    - ``returns``: JSON schema of the value (the engine validates a ``path:`` applied to the
      fact, and the items of a quantifier over it, against this);
    - ``fn(ctx, resource, **args)``: memoised per (resource ARN, args) in ``ctx``;
    - ``doc``: the function's docstring (AWS semantics, domain-facts section).
    """

    name: str
    resource_types: frozenset[str]
    args: dict[str, JSONSchema]
    returns: JSONSchema
    fn: FactFn
    doc: str
    optional_args: dict[str, JSONSchema] = field(default_factory=dict)

    def all_args(self) -> dict[str, JSONSchema]:
        return {**self.args, **self.optional_args}


FACTS: dict[str, FactSpec] = {}


class FactContext:
    """One per snapshot: wraps the :class:`SnapshotIndex` and holds per-snapshot caches.

    Reverse indexes (e.g. "which pools reference this log group") are built once, lazily, with
    :meth:`cached`; fact results are memoised in :attr:`memo`.
    """

    def __init__(self, index: SnapshotIndex) -> None:
        self.index = index
        self._cache: dict[str, Any] = {}
        self.memo: dict[Hashable, tuple[Resource, Any]] = {}

    def cached(self, key: str, build: Callable[[FactContext], Any]) -> Any:
        """The value of ``build(self)``, computed once per snapshot under ``key``."""
        value = self._cache.get(key, _MISSING)
        if value is _MISSING:
            value = build(self)
            self._cache[key] = value
        return value

    # -- helpers for fact functions -----------------------------------------------------------
    def body(self, resource: Resource, key: str) -> Any:
        """``resource[key]``; when absent, raise :class:`FactUnknown` if a collection error
        explains it, else return ``None`` (missing)."""
        value = resource.get(key)
        if value is None:
            reasons = self.index.field_unknown(resource["arn"], key)
            if reasons:
                raise FactUnknown(tuple(reasons))
        return value

    def require_type(self, rtype: str, region: str | None = None) -> None:
        """Raise :class:`FactUnknown` when the list of ``rtype`` (in ``region``) is incomplete."""
        reasons = self.index.type_incomplete(rtype, region)
        if reasons:
            raise FactUnknown(tuple(reasons))


class _Unknown:
    """A memoised :class:`FactUnknown`: its reasons only."""

    __slots__ = ("reasons",)

    def __init__(self, reasons: tuple[str, ...]) -> None:
        self.reasons = reasons


def _memo_key(name: str, resource: Resource, args: Mapping[str, Any]) -> Hashable | None:
    """(fact, resource identity, arguments); None when an argument is not hashable. The memo
    keeps a reference to the resource, so its ``id`` cannot be reused while the memo lives."""
    if not args:
        return (name, id(resource))
    try:
        frozen = tuple(
            sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in args.items())
        )
        key = (name, id(resource), frozen)
        hash(key)
    except TypeError:
        return None
    return key


def fact(
    name: str,
    *,
    resource_types: str | tuple[str, ...],
    returns: JSONSchema,
    args: dict[str, JSONSchema] | None = None,
    optional_args: dict[str, JSONSchema] | None = None,
) -> Callable[[_F], _F]:
    """Register ``fn(ctx, resource, **args)`` as fact ``name``. The docstring is its doc.

    Returns the memoised function, so facts that call other facts share their results."""

    types = frozenset((resource_types,) if isinstance(resource_types, str) else resource_types)

    def register(fn: _F) -> _F:
        if name in FACTS:
            raise ValueError(f"fact {name!r} registered twice")
        if not (fn.__doc__ or "").strip():
            raise ValueError(f"fact {name!r} has no docstring")

        def memoised(ctx: FactContext, resource: Resource, **kwargs: Any) -> Any:
            key = _memo_key(name, resource, kwargs)
            if key is None:
                return fn(ctx, resource, **kwargs)
            entry = ctx.memo.get(key)
            if entry is None or entry[0] is not resource:
                try:
                    value = fn(ctx, resource, **kwargs)
                except FactUnknown as exc:
                    # Remember the reasons, not the exception: its traceback holds the frames,
                    # and so ``ctx``, whose memo would hold it back, a reference cycle that
                    # keeps the whole snapshot alive until a cyclic collection.
                    value = _Unknown(exc.reasons)
                entry = (resource, value)
                ctx.memo[key] = entry
            value = entry[1]
            if value.__class__ is _Unknown:
                raise FactUnknown(value.reasons)
            return value

        memoised.__name__ = fn.__name__
        memoised.__doc__ = fn.__doc__
        memoised.__wrapped__ = fn  # type: ignore[attr-defined]
        FACTS[name] = FactSpec(
            name=name,
            resource_types=types,
            args=dict(args or {}),
            optional_args=dict(optional_args or {}),
            returns=returns,
            fn=memoised,
            doc=_dedent(fn.__doc__ or ""),
        )
        return cast(_F, memoised)

    return register


def _dedent(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc)
