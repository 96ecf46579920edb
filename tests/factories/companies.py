"""Development needs (the company side of the market)."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
from taxonomy.models import NeedCategory

from .accounts import OrganisationFactory
from .search import search_document


class NeedFactory(DjangoModelFactory[DevelopmentNeed]):
    class Meta:
        model = DevelopmentNeed
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Need {n}: testing welded joints")
    description = "We need fatigue testing of welded joints in cold conditions."
    language = "en"
    category = factory.LazyFunction(lambda: NeedCategory.objects.get(slug="testing"))
    region = factory.LazyAttribute(lambda need: need.organisation.region)
    status = NeedStatus.PUBLISHED
    visibility = NeedVisibility.PUBLIC
    published_at = factory.Faker("date_time_this_year", tzinfo=datetime.UTC)
    priority_areas = factory.PostGeneration(
        lambda obj, create, extracted, **kwargs: (
            obj.priority_areas.set(extracted) if create and extracted else None
        )
    )
    indexed = search_document("need")  # after the areas: the document lists them
