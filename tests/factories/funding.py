"""Funding instruments and calls."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from funding.models import FundingCall, FundingInstrument


class InstrumentFactory(DjangoModelFactory[FundingInstrument]):
    class Meta:
        model = FundingInstrument
        skip_postgeneration_save = True

    funder = "Test Funder"
    name = factory.Sequence(lambda n: f"Instrument {n}")
    slug = factory.Sequence(lambda n: f"instrument-{n}")
    summary = "Funds R&D projects of small companies."
    eligible_kinds = ["company"]
    eligible_sizes = ["micro", "small", "medium"]
    trl_min = 3
    trl_max = 6
    region_scope = "any"
    project_min_eur = 50_000
    project_max_eur = 500_000
    research_partner_required = True
    international_partners_required = False
    continuous = True


class CallFactory(DjangoModelFactory[FundingCall]):
    class Meta:
        model = FundingCall

    instrument = factory.SubFactory(InstrumentFactory)
    title = factory.Sequence(lambda n: f"Call {n}")
    deadline = factory.Faker("future_date")
