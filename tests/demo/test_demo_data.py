"""The demo ecosystem loads with enough data for every role, and loading twice changes nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organisation, User
from companies.models import DevelopmentNeed
from demo import records
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


def test_demo_records_are_read_from_the_data_files_with_named_fields():
    companies, providers = records.companies(), records.providers()
    assert (len(companies), sum(len(c.needs) for c in companies)) == (42, 84)
    assert (len(providers), sum(len(p.services) for p in providers)) == (16, 100)
    first = companies[0].needs[0]
    assert (companies[0].name, first.category, first.priority_areas) == (
        "Kaamosmetalli Oy",
        "testing",
        ["circular-economy-arctic-industry"],
    )
    assert [c.coordinator for i in records.intermediaries() for c in i.clusters] == [
        "coordinator",
        "coordinator",
        "coordinator.ph",
    ]


def _malformed(tmp_path, records_json):
    path = tmp_path / "companies.json"
    path.write_text(json.dumps(records_json), encoding="utf-8")
    with pytest.raises(records.DemoDataError) as error:
        records.load_records(path, records.CompanyRecord)
    return str(error.value)


def test_a_malformed_demo_record_names_the_file_the_record_and_the_field(tmp_path):
    raw = json.loads((records.DATA_DIR / "companies.json").read_text(encoding="utf-8"))[:2]
    del raw[1]["needs"][0]["title"]
    message = _malformed(tmp_path, raw)
    assert message.startswith("companies.json: record 2 ('Tunturivesi Oy').needs[0]")
    assert message.endswith("missing 'title'")

    raw[1]["needs"][0]["title"] = "Yrttijuoma"
    raw[1]["needs"][0]["trl_now"] = "6"
    assert _malformed(tmp_path, raw).endswith("('Yrttijuoma').trl_now: expected int, got '6'")

    raw[1]["needs"][0]["trl_now"] = None  # allowed: the level may be unknown
    raw[0]["regoin"] = "19"
    assert _malformed(tmp_path, raw) == (
        "companies.json: record 1 ('Kaamosmetalli Oy'): unknown 'regoin'"
    )

    with pytest.raises(records.DemoDataError, match=r"^nothing\.json: cannot read demo data"):
        records.load_records(tmp_path / "nothing.json", records.CompanyRecord)
