"""Matching in the product: proposals stored after commit, decisions never overwritten."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from companies.actions import need_publish
from companies.models import NeedStatus
from matchmaking.matching import proposals as matching
from matchmaking.models import EngineVersion, Proposal, ProposalStatus
from services.actions import service_archive, service_publish
from services.models import ServiceStatus
from taxonomy.models import PriorityArea
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _model_dir(settings, tmp_path):
    settings.MATCHING_MODEL_DIR = tmp_path / "models"
    matching.forget_cached_engine()
    yield
    matching.forget_cached_engine()


@pytest.fixture
def market(db):
    """A fitted engine over a few services, and a draft need that matches one of them."""
    provider = factories.ProviderFactory.create()
    weld = factories.ServiceFactory.create(
        provider=provider,
        title="Väsymistestaus hitsatuille rakenteille",
        description="Hitsausliitosten väsymistestaus pakkasessa.",
        languages=["fi"],
    )
    dance = factories.ServiceFactory.create(
        provider=provider,
        title="Tanssikoulu",
        description="Tanssitunteja henkilöstölle.",
        languages=["fi"],
    )
    tourism = factories.ServiceFactory.create(
        provider=provider,
        title="Matkailun markkinointi",
        description="Matkailuyritysten markkinointi.",
        languages=["fi"],
    )
    member = factories.MembershipFactory.create()
    need = factories.NeedFactory.create(
        organisation=member.organisation,
        status=NeedStatus.DRAFT,
        published_at=None,
        language="fi",
        title="Hitsattujen runkojen väsyminen",
        description="Tarvitsemme hitsausliitosten väsymistestausta kylmässä.",
    )
    matching.engine_refit(rematch=False)
    return {
        "need": need,
        "weld": weld,
        "dance": dance,
        "tourism": tourism,
        "member": member,
        "provider": provider,
    }


def test_publishing_a_need_computes_its_proposals_after_commit(
    market, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        need_publish(need=market["need"], by=market["member"].user)
    proposals = list(Proposal.objects.filter(need=market["need"]))
    assert proposals[0].service_id == market["weld"].pk
    assert proposals[0].model_version == EngineVersion.objects.get(active=True).version
    assert proposals[0].reasons[0]["code"] == "shared_terms"
    assert {"text"} <= set(proposals[0].features)
    assert market["dance"].pk not in {p.service_id for p in proposals}
    assert EngineVersion.objects.count() == 1  # no refit was needed


def test_refreshing_twice_keeps_one_proposal_per_pair(market):
    market["need"].status = NeedStatus.PUBLISHED
    market["need"].save()
    matching.proposals_refresh_for_need(need_id=market["need"].pk)
    count = Proposal.objects.count()
    matching.proposals_refresh_for_need(need_id=market["need"].pk)
    assert Proposal.objects.count() == count > 0


def test_a_decision_is_never_overwritten(market, coordinator):
    market["need"].status = NeedStatus.PUBLISHED
    market["need"].save()
    matching.proposals_refresh_for_need(need_id=market["need"].pk)
    proposal = Proposal.objects.get(need=market["need"], service=market["weld"])
    matching.proposal_decide(
        proposal=proposal, by=coordinator, status="dismissed", note="Wrong scale"
    )
    Proposal.objects.filter(pk=proposal.pk).update(score=0.0123)
    matching.engine_refit()
    matching.proposals_refresh_for_need(need_id=market["need"].pk)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISMISSED
    assert proposal.score == 0.0123
    assert proposal.decision_note == "Wrong scale"


def test_archiving_a_service_drops_its_open_proposals_but_keeps_decisions(
    market, coordinator, django_capture_on_commit_callbacks
):
    market["need"].status = NeedStatus.PUBLISHED
    market["need"].save()
    other_need = factories.NeedFactory.create(
        title="Hitsaus väsyy", description="Hitsausliitosten väsymistestaus.", language="fi"
    )
    for need in (market["need"], other_need):
        matching.proposals_refresh_for_need(need_id=need.pk)
    decided = Proposal.objects.get(need=other_need, service=market["weld"])
    matching.proposal_decide(proposal=decided, by=coordinator, status="accepted")
    owner = factories.MembershipFactory.create(organisation=market["provider"]).user
    with django_capture_on_commit_callbacks(execute=True):
        service_archive(service=market["weld"], by=owner)
    assert not Proposal.objects.filter(service=market["weld"], status="proposed").exists()
    assert Proposal.objects.get(pk=decided.pk).status == ProposalStatus.ACCEPTED
    assert str(market["weld"].pk) not in matching.engine_current()[1].service_ids


def test_publishing_a_service_updates_the_needs_it_affects(
    market, django_capture_on_commit_callbacks
):
    market["need"].status = NeedStatus.PUBLISHED
    market["need"].save()
    matching.proposals_refresh_for_need(need_id=market["need"].pk)
    newcomer = factories.ServiceFactory.create(
        provider=market["provider"],
        status=ServiceStatus.DRAFT,
        languages=["fi"],
        title="Hitsausliitosten väsyminen kylmässä",
        description="Väsymistestausta hitsausliitoksille kylmässä, runkojen testausta.",
    )
    owner = factories.MembershipFactory.create(organisation=market["provider"]).user
    with django_capture_on_commit_callbacks(execute=True):
        service_publish(service=newcomer, by=owner)
    assert Proposal.objects.filter(need=market["need"], service=newcomer).exists()
    assert EngineVersion.objects.count() == 1


def test_a_model_from_another_sklearn_version_is_refused_and_refitted(market, caplog):
    active = EngineVersion.objects.get(active=True)
    meta_path = matching._model_path(active.version).with_suffix(".json")
    metadata = json.loads(meta_path.read_text())
    metadata["sklearn_version"] = "0.1.0"
    meta_path.write_text(json.dumps(metadata))
    matching.forget_cached_engine()
    with caplog.at_level(logging.WARNING, logger="matchmaking.matching"):
        version, _engine = matching.engine_current()
    assert "written by scikit-learn 0.1.0" in caplog.text
    assert version != active.version
    assert EngineVersion.objects.get(active=True).version == version


def test_refit_records_its_metadata_and_the_reranker_verdict(market):
    record, _engine = matching.engine_refit()
    assert record.metadata["sklearn_version"]
    assert record.metadata["services"] == 3
    assert "not enough decisions" in record.reranker_report["reason"]


def test_decisions_become_labelled_examples(market, coordinator):
    market["need"].status = NeedStatus.PUBLISHED
    market["need"].save()
    matching.proposals_refresh_for_need(need_id=market["need"].pk)
    Proposal.objects.create(
        need=market["need"],
        service=market["dance"],
        score=0.1,
        features={"text": 0.1},
        model_version="manual",
        source="coordinator",
    )
    for proposal, status in zip(
        Proposal.objects.order_by("-score"), ["accepted", "dismissed"], strict=True
    ):
        matching.proposal_decide(proposal=proposal, by=coordinator, status=status)
    labels = sorted(example.label for example in matching._training_examples())
    assert labels == [0, 1]


def test_a_coordinators_own_match_is_learned_with_the_engines_features(market, coordinator):
    market["need"].status = NeedStatus.PUBLISHED
    market["need"].save()
    own = Proposal.objects.create(
        need=market["need"],
        service=market["weld"],
        score=0.0,
        features={},
        model_version="manual",
        source="coordinator",
    )
    gone = Proposal.objects.create(
        need=market["need"],
        service=market["tourism"],
        score=0.0,
        features={},
        model_version="manual",
        source="coordinator",
    )
    for proposal in (own, gone):
        matching.proposal_decide(proposal=proposal, by=coordinator, status="accepted")
    # The other service has since left the catalogue: the engine cannot score that pair.
    type(market["tourism"]).objects.filter(pk=market["tourism"].pk).update(
        status=ServiceStatus.ARCHIVED
    )
    _record, engine = matching.engine_refit(rematch=False)

    examples = matching._training_examples(engine)
    # The welding need and the welding service share their words: the pair is learned with
    # the similarity the engine gives it, not as a match with nothing in common.
    assert [e.label for e in examples] == [1]
    assert examples[0].features["text"] > 0.1
    assert examples[0].features["text"] == pytest.approx(
        engine.score_pairs(matching.need_item(market["need"]), [str(market["weld"].pk)])[
            0
        ].features["text"]
    )


# --- surfaces -------------------------------------------------------------------------


@pytest.fixture
def published(market):
    market["need"].status = NeedStatus.PUBLISHED
    market["need"].save()
    matching.proposals_refresh_for_need(need_id=market["need"].pk)
    return market


def test_need_owner_sees_suggestions_with_reasons(client, published):
    client.force_login(published["member"].user)
    page = client.get(
        reverse("need_detail", args=[published["need"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Suggested R&D services" in page
    assert published["weld"].title in page
    assert "Shared key terms:" in page


def test_other_companies_do_not_see_suggestions(client, published):
    client.force_login(factories.MembershipFactory.create().user)
    page = client.get(reverse("need_detail", args=[published["need"].pk])).content.decode()
    assert published["weld"].title not in page


def test_provider_sees_needs_its_service_could_serve(client, api_client, published):
    provider_user = factories.MembershipFactory.create(organisation=published["provider"]).user
    client.force_login(provider_user)
    page = client.get(
        reverse("service_detail", args=[published["weld"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Needs it could serve" in page and published["need"].title in page
    api_client.force_login(provider_user)
    rows = api_client.get(f"/api/v1/services/{published['weld'].pk}/needs/").json()
    assert rows[0]["need"] == published["need"].pk
    api_client.force_login(factories.UserFactory.create())
    assert api_client.get(f"/api/v1/services/{published['weld'].pk}/needs/").status_code == 403


def test_hidden_needs_are_not_shown_to_providers(client, published):
    published["need"].visibility = "coordinators"
    published["need"].save()
    client.force_login(factories.MembershipFactory.create(organisation=published["provider"]).user)
    page = client.get(reverse("service_detail", args=[published["weld"].pk])).content.decode()
    assert published["need"].title not in page


def test_suggestions_endpoint(api_client, published):
    api_client.force_login(published["member"].user)
    rows = api_client.get(f"/api/v1/needs/{published['need'].pk}/suggestions/").json()
    assert rows[0]["service"] == published["weld"].pk
    assert rows[0]["reasons"][0].startswith(("Shared", "Yhteiset"))
    api_client.force_login(factories.MembershipFactory.create().user)
    response = api_client.get(f"/api/v1/needs/{published['need'].pk}/suggestions/")
    assert response.status_code == 403


def test_coordinator_reviews_and_decides(client, api_client, published, coordinator):
    area = PriorityArea.objects.get(slug="circular-economy-arctic-industry")
    published["need"].priority_areas.add(area)
    client.force_login(coordinator)
    page = client.get(reverse("proposal_list") + "?min_score=0").content.decode()
    assert published["weld"].title in page
    proposal = Proposal.objects.get(need=published["need"], service=published["weld"])
    response = client.post(
        reverse("proposal_decide", args=[proposal.pk]),
        {"status": "accepted", "next": "https://evil.example/"},
    )
    # Never to another site: accepting leads to the proposal's match.
    assert response.url == reverse("match_detail", args=[proposal.match.pk])
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.decided_by == coordinator

    api_client.force_login(coordinator)
    listed = api_client.get("/api/v1/proposals/?min_score=0&status=accepted").json()
    assert [row["id"] for row in listed["results"]] == [proposal.pk]
    bad = api_client.post(
        f"/api/v1/proposals/{proposal.pk}/decide/", {"status": "maybe"}, format="json"
    )
    assert bad.status_code == 400 and "status" in bad.json()
    assert api_client.get("/api/v1/proposals/?min_score=x").status_code == 400


def test_companies_and_providers_cannot_review_proposals(client, api_client, published):
    client.force_login(published["member"].user)
    assert client.get(reverse("proposal_list")).status_code == 403
    api_client.force_login(published["member"].user)
    assert api_client.get("/api/v1/proposals/").status_code == 403
    # Under review are only the proposals of a coordinator's clusters: none for a company.
    proposal = Proposal.objects.earliest("pk")
    assert (
        client.post(
            reverse("proposal_decide", args=[proposal.pk]), {"status": "accepted"}
        ).status_code
        == 404
    )
    assert Proposal.objects.get(pk=proposal.pk).status == "proposed"


def test_coordinator_outside_the_needs_region_cannot_decide(client, published):
    from allauth.mfa.models import Authenticator

    other = factories.UserFactory.create()
    factories.ClusterFactory.create(region=factories.region("07")).coordinators.add(other)
    Authenticator.objects.create(user=other, type=Authenticator.Type.TOTP, data={"secret": "X"})
    client.force_login(other)
    proposal = Proposal.objects.earliest("pk")
    # The public need is visible to every coordinator, but only its clusters review it.
    assert (
        client.post(
            reverse("proposal_decide", args=[proposal.pk]), {"status": "accepted"}
        ).status_code
        == 404
    )
    assert Proposal.objects.get(pk=proposal.pk).status == "proposed"
    listed = client.get(reverse("proposal_list") + "?min_score=0").content.decode()
    assert published["need"].title not in listed


def test_reasons_are_shown_in_the_viewers_language(client, published):
    user = published["member"].user
    client.force_login(user)
    url = reverse("need_detail", args=[published["need"].pk])
    # Signed in, the user's chosen language decides, whatever the browser asks for.
    user.language = "fi"
    user.save(update_fields=["language"])
    finnish = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ehdotetut TKI-palvelut" in finnish and "Yhteiset avainsanat:" in finnish
    user.language = "en"
    user.save(update_fields=["language"])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Shared key terms:" in english


def test_refit_command_reports_the_new_version(market):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("refit_matching", stdout=out)
    active = EngineVersion.objects.get(active=True)
    assert f"Engine {active.version} is active." in out.getvalue()
    assert '"reranker"' in out.getvalue()


def test_proposal_review_starts_at_the_clusters_default_threshold(client, published, coordinator):
    from taxonomy.models import DEFAULT_PROPOSAL_THRESHOLD

    proposal = Proposal.objects.get(need=published["need"], service=published["weld"])
    Proposal.objects.filter(pk=proposal.pk).update(score=DEFAULT_PROPOSAL_THRESHOLD - 0.05)
    client.force_login(coordinator)
    assert published["weld"].title not in client.get(reverse("proposal_list")).content.decode()
    Proposal.objects.filter(pk=proposal.pk).update(score=DEFAULT_PROPOSAL_THRESHOLD)
    assert published["weld"].title in client.get(reverse("proposal_list")).content.decode()


def test_reason_labels_name_every_vocabulary_in_the_viewers_language_in_one_query(
    django_assert_num_queries,
):
    from django.utils import translation

    from taxonomy.models import Region, ServiceType

    region = Region.objects.order_by("code")[0]
    PriorityArea.objects.create(
        region=region, slug="shared-slug", name_fi="Alue", name_en="Area", name_sv=""
    )
    # A key two vocabularies share: the later one (service types after areas) names it.
    ServiceType.objects.create(slug="shared-slug", name_fi="Tyyppi", name_en="Type", name_sv="Typ")
    PriorityArea.objects.create(
        region=region, slug="only-area", name_fi="Vain alue", name_en="Area only", name_sv=""
    )
    with translation.override("sv"), django_assert_num_queries(1):
        labels = matching.reason_labels()
    assert labels["shared-slug"] == "Typ"
    assert labels["only-area"] == "Vain alue"  # no Swedish name: the Finnish one
    assert labels[region.code] == (region.name_sv or region.name_fi)
    with translation.override("en"):
        assert matching.reason_labels()["only-area"] == "Area only"
