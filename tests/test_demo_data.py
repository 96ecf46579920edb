"""The demo ecosystem loads with enough data for every role, and loading twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organisation, User
from companies.models import DevelopmentNeed
from services.models import RDService
from taxonomy.models import Cluster

pytestmark = pytest.mark.django_db


def _load(**kwargs):
    out = io.StringIO()
    call_command("load_demo", stdout=out, **kwargs)
    return out.getvalue()


def test_demo_data_is_realistic_in_size_and_idempotent(settings):
    settings.DEBUG = True
    output = _load()
    counts = (
        Organisation.objects.filter(kind="company").count(),
        DevelopmentNeed.objects.count(),
        Organisation.objects.filter(
            kind__in=["university", "uas", "research_institute", "laboratory"]
        ).count(),
        RDService.objects.count(),
        User.objects.count(),
    )
    assert counts[0] >= 40 and counts[1] >= 80 and counts[2] >= 15 and counts[3] >= 100
    assert "coordinator@tki-demo.example" in output and "tki-demo-2026" in output

    _load()
    assert counts == (
        Organisation.objects.filter(kind="company").count(),
        DevelopmentNeed.objects.count(),
        Organisation.objects.filter(
            kind__in=["university", "uas", "research_institute", "laboratory"]
        ).count(),
        RDService.objects.count(),
        User.objects.count(),
    )


def test_demo_data_spans_languages_priority_areas_and_roles(settings):
    settings.DEBUG = True
    _load()
    assert set(DevelopmentNeed.objects.values_list("language", flat=True)) == {"fi", "en"}
    assert DevelopmentNeed.objects.filter(priority_areas__isnull=True).count() == 0
    used_areas = set(DevelopmentNeed.objects.values_list("priority_areas__slug", flat=True))
    assert len(used_areas) == 6
    assert set(DevelopmentNeed.objects.values_list("visibility", flat=True)) == {
        "public",
        "anonymous",
        "coordinators",
    }
    assert DevelopmentNeed.objects.filter(status="draft").exists()
    assert Cluster.objects.filter(coordinators__email="coordinator@tki-demo.example").count() == 2
    for email in ("admin", "company", "member", "provider", "coordinator"):
        assert User.objects.get(email=f"{email}@tki-demo.example").check_password("tki-demo-2026")


def test_demo_data_refuses_production_without_the_flag(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        _load()
    assert not User.objects.exists()
