"""The two mechanisms the extension uses to live inside moto's own classes.

* :func:`graft` puts functions onto a moto class (a backend or a ``*Response`` class) as
  methods, remembering the method each one replaces so a wrapper can call it through
  :func:`original`. Grafting the same function twice is a no-op, which makes
  :func:`linter.mockaws.install` idempotent.
* :func:`extension_state` keeps the extension's per-backend state *inside* the moto backend
  instance (in its ``__dict__``). moto's ``BaseBackend.reset()`` replaces that ``__dict__``,
  so the state is dropped exactly when moto drops its own (end of ``mock_aws()``,
  ``/moto-api/reset``), and backends created before ``install()`` get state on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

_ORIGINALS_ATTR = "_cognito_lint_originals"
_MISSING = object()

T = TypeVar("T")


def graft(target: type, functions: Mapping[str, Callable[..., Any]]) -> None:
    """Install ``functions`` on ``target`` under the given names."""
    originals: dict[str, Any] = target.__dict__.get(_ORIGINALS_ATTR) or {}
    if _ORIGINALS_ATTR not in target.__dict__:
        setattr(target, _ORIGINALS_ATTR, originals)
    for name, function in functions.items():
        current = target.__dict__.get(name, _MISSING)
        if current is function:
            continue
        if name not in originals:
            inherited = getattr(target, name, _MISSING) if current is _MISSING else current
            if inherited is not _MISSING:
                originals[name] = inherited
        setattr(target, name, function)


def original(target: type, name: str) -> Callable[..., Any]:
    """The method ``name`` of ``target`` as moto defined it, before :func:`graft` replaced it."""
    originals: dict[str, Any] = target.__dict__.get(_ORIGINALS_ATTR) or {}
    if name not in originals:
        raise AttributeError(f"{target.__name__}.{name} was not replaced by the extension")
    function: Callable[..., Any] = originals[name]
    return function


def extension_state(backend: object, key: str, factory: Callable[[], T]) -> T:
    """The extension state stored under ``key`` in a moto backend, created on first use."""
    namespace: dict[str, Any] = backend.__dict__
    slot = f"_cognito_lint_{key}"
    state = namespace.get(slot)
    if state is None:
        # dict.setdefault is atomic: concurrent first uses all get the same object.
        state = namespace.setdefault(slot, factory())
    result: T = state
    return result
