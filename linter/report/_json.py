"""JSON text that is quick to write and easy to read at any size.

Containers are indented by two spaces, but the items of a long list (more than ``long_list``,
e.g. results) are written one per line, compact, by orjson (a C encoder: about 10 times the
speed of ``json``). :func:`write` streams the document to a binary file piece by piece, so a
report of hundreds of megabytes is never held in memory; a long list may be any sized
iterable (e.g. results produced one at a time), and one with an ``encoded()`` method (see
:class:`linter.engine.results_doc.LazyItems`) hands over its items already encoded.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, BinaryIO

import orjson

_compact: Callable[[Any], bytes] = orjson.dumps
_BATCH = 256


def dumps(value: Any, *, indent: int = 2, long_list: int = 8) -> str:
    """The document as text (ends with a newline)."""
    buf = io.BytesIO()
    write(value, buf, indent=indent, long_list=long_list)
    return buf.getvalue().decode("utf-8")


def write(value: Any, out: BinaryIO, *, indent: int = 2, long_list: int = 8) -> None:
    """Write the document to ``out`` (UTF-8, ends with a newline)."""
    _write(value, 0, indent, long_list, out.write)
    out.write(b"\n")


def _is_list(value: Any) -> bool:
    """A list, a tuple, or a sized iterable standing for one (never a set: no order)."""
    return isinstance(value, (list, tuple)) or (
        not isinstance(value, (str, bytes, dict, set, frozenset))
        and hasattr(value, "__len__") and hasattr(value, "__iter__"))


def _write(value: Any, level: int, indent: int, long_list: int,
           put: Callable[[bytes], Any]) -> None:
    pad = b" " * (indent * (level + 1))
    end = b" " * (indent * level)
    if isinstance(value, dict):
        if not value:
            put(b"{}")
            return
        put(b"{\n")
        lead = pad
        for k, v in value.items():
            put(lead + _compact(str(k)) + b": ")
            lead = b",\n" + pad
            _write(v, level + 1, indent, long_list, put)
        put(b"\n" + end + b"}")
    elif _is_list(value):
        if not len(value):
            put(b"[]")
            return
        put(b"[\n")
        if len(value) > long_list:
            # One compact line per item, written in batches (fewer write calls).
            sep = b",\n" + pad
            batch: list[bytes] = []
            more = batch.append
            lead = pad
            encoded = getattr(value, "encoded", None)
            items = encoded() if encoded is not None else None
            for v in (items if items is not None else map(_compact, value)):
                more(v)
                if len(batch) == _BATCH:
                    put(lead + sep.join(batch))
                    batch.clear()
                    lead = sep
            if batch:
                put(lead + sep.join(batch))
        else:
            first = True
            for v in value:
                put(pad if first else b",\n" + pad)
                first = False
                _write(v, level + 1, indent, long_list, put)
        put(b"\n" + end + b"]")
    else:
        put(_compact(value))
