"""The business-register client reads PRH's YTJ v3 answers; recorded answers are served from
a server on this machine, so nothing leaves it."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse

from accounts import registry
from taxonomy.models import IndustryCode

pytestmark = pytest.mark.django_db

RECORDED = Path(__file__).resolve().parent / "registry"


class RecordedRegister(http.server.BaseHTTPRequestHandler):
    """Answers /companies?businessId=X with the recorded file for X, like the real API."""

    requests: list[str] = []
    broken = False

    def do_GET(self) -> None:  # the name http.server calls
        RecordedRegister.requests.append(self.path)
        if RecordedRegister.broken:
            self.send_response(503)
            self.end_headers()
            return
        business_id = self.path.rsplit("businessId=", 1)[-1]
        path = RECORDED / f"company_{business_id}.json"
        body = (path if path.exists() else RECORDED / "no_company.json").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def register(settings) -> Iterator[type[RecordedRegister]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordedRegister)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PRH_API_URL = f"http://127.0.0.1:{server.server_address[1]}/opendata-ytj-api/v3"
    RecordedRegister.requests, RecordedRegister.broken = [], False
    yield RecordedRegister
    server.shutdown()
    server.server_close()


def test_the_recorded_answer_is_read_into_the_current_registered_details():
    data = json.loads((RECORDED / "company_1234560-4.json").read_text())

    company = registry.parse_company(data, "en")

    assert company == registry.RegisteredCompany(
        business_id="1234560-4",
        name="Lapin Kone Oy",  # the current name, not the one that ended in 2019
        company_form="Limited company",
        registration_date="2011-05-02",
        industry_code="28110",
        industry="Manufacture of engines and turbines",
        street_address="Teollisuustie 12 B",  # the street address before the postal one
        post_code="96320",
        city="Rovaniemi",
        website="www.lapinkone.example",
    )
    finnish = registry.parse_company(data, "fi")
    assert finnish is not None and finnish.company_form == "Osakeyhtiö"
    assert company.address == "Teollisuustie 12 B, 96320 Rovaniemi"


def test_lookup_asks_the_register_once_and_then_answers_from_the_cache(register):
    first = registry.lookup("1234560-4")
    second = registry.lookup("1234560-4")

    assert first == second
    assert first is not None and first.name == "Lapin Kone Oy"
    assert register.requests == ["/opendata-ytj-api/v3/companies?businessId=1234560-4"]
    assert registry.lookup("1234567-1") is None


def test_a_register_that_does_not_answer_raises_unavailable(register, settings):
    register.broken = True
    with pytest.raises(registry.RegistryUnavailable):
        registry.lookup("1234560-4")
    settings.PRH_API_URL = "http://127.0.0.1:9/nothing-listens-here"
    with pytest.raises(registry.RegistryUnavailable):
        registry.lookup("1234581-5")


def test_tests_never_reach_the_real_register():
    with pytest.raises(registry.RegistryUnavailable):
        registry.lookup("0112038-9")


def test_the_organisation_form_is_filled_in_from_the_register(client, register, company_member):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(company_member.user)

    page = client.get(reverse("organisation_create"), {"lookup": "1234560-4"})

    form = page.context["form"]
    assert form.initial["name"] == "Lapin Kone Oy"
    assert form.initial["business_id"] == "1234560-4"
    assert form.initial["industry"] == IndustryCode.objects.get(code="28").pk
    municipality = form.initial["municipality"]
    assert page.context["registered"].company_form == "Limited company"
    content = page.content.decode()
    assert "Teollisuustie 12 B, 96320 Rovaniemi" in content
    assert "2011-05-02" in content
    from taxonomy.models import Municipality

    assert Municipality.objects.get(pk=municipality).name_fi == "Rovaniemi"


def test_the_form_still_works_and_says_so_when_the_register_is_down(
    client, register, company_member
):
    register.broken = True
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(company_member.user)

    page = client.get(reverse("organisation_create"), {"lookup": "1234560-4"})

    assert page.status_code == 200
    assert "The business register could not be reached just now" in page.content.decode()
    assert page.context["form"].initial["business_id"] == "1234560-4"


def test_a_wrong_business_id_is_explained_without_asking_the_register(
    client, register, company_member
):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(company_member.user)

    page = client.get(reverse("organisation_create"), {"lookup": "1234560-5"})

    assert "does not match" in page.content.decode()
    assert register.requests == []
