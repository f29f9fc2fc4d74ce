"""A plan draft as stored in the database (JSON) and as the importer uses it (dates as `datetime.date`)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def to_json(data: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe copy: dates become ISO text."""
    return dict(json.loads(json.dumps(data, ensure_ascii=False, default=_encode)))


def from_json(data: dict[str, Any]) -> dict[str, Any]:
    """The importer's form: ISO day strings are dates again (no statement is ever only a date)."""
    decoded = _decode(data)
    assert isinstance(decoded, dict)
    return decoded


def _encode(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value
