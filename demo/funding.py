"""The demo's funding catalogue: real instruments described in our own words, each with the
date its facts were checked and their source (`data/funding_instruments.json`).

Facts that could not be verified are left empty (the fit then says "not known") and named
in the instrument's `unknown_facts`. Loading again keeps what is there.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from funding.models import FundingCall, FundingInstrument
from taxonomy.models import Region

from .records import DATA_DIR, DemoDataError

PATH = DATA_DIR / "funding_instruments.json"

# Only calls whose dates the funders published; past ones show as closed.
CALLS = [
    ("interreg-aurora", "Interreg Aurora, 1st call", date(2022, 6, 21), date(2022, 8, 23)),
    ("life-programme", "LIFE 2021 call for standard action projects", None, date(2021, 11, 30)),
]


def instrument_records() -> list[dict[str, Any]]:
    records = json.loads(PATH.read_text(encoding="utf-8"))
    fields = {f.name for f in FundingInstrument._meta.get_fields()}
    for record in records:
        unknown = set(record) - fields
        if unknown:
            raise DemoDataError(f"{PATH.name}: {record.get('slug')}: unknown keys {unknown}")
    return records


def load_funding_instruments() -> int:
    """Create the instruments that are missing; returns how many were created."""
    created = 0
    for record in instrument_records():
        if FundingInstrument.objects.filter(slug=record["slug"]).exists():
            continue
        data = dict(record)
        regions = list(Region.objects.filter(code__in=data.pop("regions")))
        data["last_checked"] = date.fromisoformat(data["last_checked"])
        instrument = FundingInstrument(**data)
        instrument.full_clean()
        instrument.save()
        instrument.regions.set(regions)
        created += 1
    for slug, title, opens, deadline in CALLS:
        found = FundingInstrument.objects.filter(slug=slug).first()
        if found is not None:
            FundingCall.objects.get_or_create(
                instrument=found,
                title=title,
                defaults={"opens_on": opens, "deadline": deadline},
            )
    return created
