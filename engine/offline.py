"""Reading the devset's JSON-lines format into engine items, with errors that name the line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine import Item
from engine.language import LANGUAGES


class InputError(ValueError):
    """Bad offline input; the message names the file and line."""


def _optional_int(value: Any, where: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{where}: '{key}' must be a whole number, got {value!r}")
    return value


def read_items(path: Path) -> list[Item]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: is not UTF-8 text ({exc.reason})") from exc
    items: list[Item] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise InputError(f"{where}: each line must be a JSON object")
        for key in ("id", "title", "text"):
            if not isinstance(record.get(key), str) or not record[key].strip():
                raise InputError(f"{where}: '{key}' must be a non-empty string")
        language = record.get("lang", "en")
        if language not in LANGUAGES:
            raise InputError(
                f"{where}: 'lang' must be one of {', '.join(LANGUAGES)}, got {language!r}"
            )
        if record["id"] in seen:
            raise InputError(f"{where}: duplicate id {record['id']!r}")
        seen.add(record["id"])
        areas = record.get("priority_areas") or []
        if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
            raise InputError(f"{where}: 'priority_areas' must be a list of strings")
        remote = record.get("remote", False)
        if not isinstance(remote, bool):
            raise InputError(f"{where}: 'remote' must be true or false")
        items.append(
            Item(
                id=record["id"],
                language=language,
                title=record["title"],
                text=record["text"],
                keywords=tuple(record.get("keywords") or ()),
                kind=record.get("service_type") or record.get("category"),
                priority_areas=frozenset(areas),
                region=record.get("region"),
                remote=remote,
                trl_low=_optional_int(
                    record.get("trl_min", record.get("trl_now")), where, "trl_min"
                ),
                trl_high=_optional_int(
                    record.get("trl_max", record.get("trl_target")), where, "trl_max"
                ),
            )
        )
    if not items:
        raise InputError(f"{path}: holds no records")
    return items
