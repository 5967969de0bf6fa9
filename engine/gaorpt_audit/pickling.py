"""Cheaper pickles of the report models: results and trimmed reports cross processes and
the cross-year spool as pickles, and pydantic's own ``__setstate__`` (a Python call per
model, ~160 models a report) was the parent's largest cost per report. ``reduce`` keeps
the same four attributes pydantic pickles (fields, fields set, no extra, no private
attributes: the models forbid extra fields and have none) and rebuilds them in one call.
"""

from __future__ import annotations

from typing import Any

_set = object.__setattr__


def _rebuild(cls: type, fields: dict[str, Any], fields_set: set[str]) -> Any:
    obj = cls.__new__(cls)
    _set(obj, "__dict__", fields)
    _set(obj, "__pydantic_fields_set__", fields_set)
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


def reduce(self: Any) -> tuple[Any, ...]:
    """``__reduce__`` for a pydantic model without extra fields or private attributes."""
    return _rebuild, (type(self), self.__dict__, self.__pydantic_fields_set__)
