"""Saving and loading fitted engines with their metadata. Imports no Django."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import joblib
import sklearn

from .items import Item
from .model import ENGINE_VERSION, MatchingEngine


class IncompatibleModel(RuntimeError):
    """The file was written by another scikit-learn or engine version: refit instead."""


def metadata_path(path: Path) -> Path:
    return path.with_suffix(".json")


def save(engine: MatchingEngine, path: Path) -> None:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for target, writer in (
        (path, lambda f: joblib.dump(engine, f, compress=3)),
        (metadata_path(path), lambda f: f.write(json.dumps(engine.metadata, indent=2).encode())),
    ):
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                writer(stream)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)


def read_metadata(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(metadata_path(path).read_text()))
    except (OSError, ValueError) as exc:
        raise IncompatibleModel(
            f"Model metadata {metadata_path(path)} is unreadable: {exc}"
        ) from exc


def load(path: Path) -> MatchingEngine:
    """Load a fitted engine, refusing one written by other versions before unpickling it."""
    metadata = read_metadata(path)
    written_by = metadata.get("sklearn_version")
    if written_by != sklearn.__version__:
        raise IncompatibleModel(
            f"Model {path.name} was written by scikit-learn {written_by}; this process runs "
            f"{sklearn.__version__}. It must be refitted."
        )
    if metadata.get("engine_version") != ENGINE_VERSION:
        raise IncompatibleModel(
            f"Model {path.name} is engine version {metadata.get('engine_version')}; this code "
            f"is {ENGINE_VERSION}. It must be refitted."
        )
    engine = joblib.load(path)
    if not isinstance(engine, MatchingEngine):
        raise IncompatibleModel(f"{path} does not hold a matching engine.")
    return engine


# --- services changed since the fit, kept as data and replayed on load ------------------


def item_to_dict(item: Item) -> dict[str, Any]:
    """An item as JSON-safe data: the log of changes since a fit stores these."""
    data = dataclasses.asdict(item)
    data["keywords"] = list(item.keywords)
    data["priority_areas"] = sorted(item.priority_areas)
    data["languages"] = sorted(item.languages)
    return data


def item_from_dict(data: dict[str, Any]) -> Item:
    known = {f.name for f in dataclasses.fields(Item)}
    values = {key: value for key, value in data.items() if key in known}
    values["keywords"] = tuple(values.get("keywords") or ())
    values["priority_areas"] = frozenset(values.get("priority_areas") or ())
    values["languages"] = frozenset(values.get("languages") or ())
    return Item(**values)


def replay(engine: MatchingEngine, changes: list[tuple[str, dict[str, Any] | None]]) -> None:
    """Apply logged service changes, oldest first: (id, item data) or (id, None) removed.

    Consecutive changes are applied in one pass; only the last change of an id counts.
    """
    final: dict[str, dict[str, Any] | None] = {}
    for service_id, data in changes:
        final.pop(service_id, None)  # keep the order of the last change
        final[service_id] = data
    engine.update_services(
        upserts=[item_from_dict(data) for data in final.values() if data is not None],
        removals=[service_id for service_id, data in final.items() if data is None],
    )
