"""Typed records of the demo data in `demo/data/*.json` (standard library only).

The JSON files hold the fictional ecosystem as data: one object per organisation with named
fields, its needs or services nested in it, taxonomy entries by slug or code. The loaders
here check every record against the dataclasses below (no key missing, none unknown, each
value of the declared type) and raise `DemoDataError` naming the file and the record, so a
typo in the data fails before anything is written. Used by `load_demo` and `bench/scale.py`.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

DATA_DIR = Path(__file__).resolve().parent / "data"


class DemoDataError(ValueError):
    """A demo data file is malformed; the message names the file and the record."""


@dataclass(frozen=True)
class NeedRecord:
    language: str
    category: str  # NeedCategory slug
    priority_areas: list[str]  # PriorityArea slugs
    trl_now: int | None
    trl_target: int | None
    budget: str
    visibility: str
    title: str
    description: str
    keywords: list[str]


@dataclass(frozen=True)
class CompanyRecord:
    name: str
    region: str  # Region code
    municipality: str  # Finnish name of a municipality of the region
    industry: str  # IndustryCode (TOL 2008 division)
    sme_size: str
    description: str
    needs: list[NeedRecord]


@dataclass(frozen=True)
class ServiceRecord:
    language: str
    service_type: str  # ServiceType slug
    priority_areas: list[str]
    trl_min: int
    trl_max: int
    price_model: str
    indicative_price: str
    lead_time_weeks: int
    remote: bool
    title: str
    description: str
    keywords: list[str]


@dataclass(frozen=True)
class ProviderRecord:
    name: str
    kind: str
    region: str
    municipality: str
    description: str
    services: list[ServiceRecord]


@dataclass(frozen=True)
class ClusterRecord:
    name: str
    region: str
    priority_areas: list[str]
    coordinator: str  # local part of a demo user's e-mail address


@dataclass(frozen=True)
class IntermediaryRecord:
    name: str
    kind: str
    region: str
    municipality: str
    description: str
    clusters: list[ClusterRecord]


R = TypeVar("R")


def _value(annotation: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(annotation)
        if value is None and type(None) in options:
            return None
        (annotation,) = [option for option in options if option is not type(None)]
        origin = typing.get_origin(annotation)
    if origin is list:
        if not isinstance(value, list):
            raise DemoDataError(f"{where}: expected a list, got {value!r}")
        (item,) = typing.get_args(annotation)
        return [_value(item, element, f"{where}[{i}]") for i, element in enumerate(value)]
    if is_dataclass(annotation):
        return _record(annotation, value, where)  # type: ignore[arg-type]
    # bool is a subclass of int: a flag must not pass for a number, nor a number for a flag.
    if not isinstance(value, annotation) or (annotation is int and isinstance(value, bool)):
        raise DemoDataError(f"{where}: expected {annotation.__name__}, got {value!r}")
    return value


def _record(cls: type[R], raw: Any, where: str) -> R:
    if not isinstance(raw, dict):
        raise DemoDataError(f"{where}: expected an object, got {raw!r}")
    name = raw.get("name") or raw.get("title")
    if isinstance(name, str):
        where = f"{where} ({name!r})"
    hints = typing.get_type_hints(cls)
    names = [field.name for field in fields(cls)]  # type: ignore[arg-type]
    missing = [key for key in names if key not in raw]
    if missing:
        raise DemoDataError(f"{where}: missing {', '.join(map(repr, missing))}")
    unknown = sorted(set(raw) - set(names))
    if unknown:
        raise DemoDataError(f"{where}: unknown {', '.join(map(repr, unknown))}")
    return cls(**{key: _value(hints[key], raw[key], f"{where}.{key}") for key in names})


def load_records(path: Path, cls: type[R]) -> list[R]:
    """Every record of a JSON file holding a list of `cls` objects, checked."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DemoDataError(f"{path.name}: cannot read demo data: {error}") from error
    if not isinstance(raw, list):
        raise DemoDataError(f"{path.name}: expected a list of records")
    return [_record(cls, item, f"{path.name}: record {i + 1}") for i, item in enumerate(raw)]


def companies() -> list[CompanyRecord]:
    return load_records(DATA_DIR / "companies.json", CompanyRecord)


def providers() -> list[ProviderRecord]:
    return load_records(DATA_DIR / "providers.json", ProviderRecord)


def intermediaries() -> list[IntermediaryRecord]:
    return load_records(DATA_DIR / "intermediaries.json", IntermediaryRecord)
