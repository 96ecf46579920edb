"""The matching engine on its own: no database, no Django."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from engine import Item, MatchingEngine, language, persist, render, rerank
from engine.items import Reason
from engine.model import default_score

ENGINE_DIR = Path(__file__).resolve().parents[2] / "engine"


def svc(id: str, lang: str, title: str, text: str, **kw) -> Item:
    return Item(id=id, language=lang, title=title, text=text, **kw)


UNRELATED = [
    svc(
        "u1",
        "fi",
        "Matkailun markkinointi",
        "Autamme matkailuyrityksiä markkinoinnissa ja somessa.",
    ),
    svc(
        "u2",
        "en",
        "Software development services",
        "Web and mobile application development for start-ups.",
    ),
    svc("u3", "sv", "Ekonomisk rådgivning", "Vi hjälper med bokföring och skatter."),
    svc("u4", "fi", "Tanssikoulutus", "Tanssitunteja ja esiintymisvalmennusta."),
]


def test_engine_core_imports_no_django():
    for path in ENGINE_DIR.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(name.startswith("django") for name in names), path.name


@pytest.mark.parametrize("voikko", [True, False], ids=["voikko", "snowball-fallback"])
def test_inflected_finnish_need_ranks_the_base_form_service_first(monkeypatch, request, voikko):
    if not voikko:
        unavailable = language._Voikko.__new__(language._Voikko)
        unavailable._voikko, unavailable.error = None, "disabled for this test"
        monkeypatch.setattr(language, "_voikko_instance", unavailable)
        language.clear_caches()
        # Lemmas cached while Voikko was "missing" must not leak into later tests.
        request.addfinalizer(language.clear_caches)
    target = svc(
        "t",
        "fi",
        "Kiertotalous ja jätevesi",
        "Kiertotalous, jätevesi ja laboratorio: mittaus ja analyysi.",
    )
    need = svc(
        "n",
        "fi",
        "Kiertotalouden jätevesiselvitys",
        "Tarvitsemme kiertotaloutta koskevia jäteveden laboratoriomittauksia.",
    )
    engine = MatchingEngine().fit([need], [target, *UNRELATED])
    ranked = [match.service_id for match in engine.rank(need, top=5)]
    assert ranked[0] == "t"


def test_swedish_need_finds_the_english_service():
    target = svc(
        "t",
        "en",
        "Wastewater laboratory",
        "Measurement and analysis of wastewater and sewage for industry.",
    )
    need = svc(
        "n",
        "sv",
        "Mätning av avloppsvatten",
        "Vi behöver mätningar av avloppsvatten från vår fabrik.",
    )
    engine = MatchingEngine().fit([need], [target, *UNRELATED])
    assert engine.rank(need, top=1)[0].service_id == "t"


def test_english_need_finds_the_finnish_service():
    target = svc(
        "t",
        "fi",
        "Kaivosveden käsittely",
        "Tutkimme kaivoksen veden käsittelyä ja sulfaatin poistoa.",
    )
    need = svc(
        "n",
        "en",
        "Mine water treatment",
        "We need research on treatment of mine water and removal of sulphate.",
    )
    engine = MatchingEngine().fit([need], [target, *UNRELATED])
    assert engine.rank(need, top=1)[0].service_id == "t"


def test_reasons_name_shared_terms_as_words():
    target = svc(
        "t",
        "en",
        "Fatigue testing of welded joints",
        "Fatigue testing of welded steel joints in a climate chamber.",
    )
    need = svc(
        "n",
        "en",
        "Welded frames crack",
        "Our welded frames show fatigue cracks; we need fatigue testing.",
    )
    engine = MatchingEngine().fit([need], [target, *UNRELATED])
    match = engine.rank(need, top=1)[0]
    shared = next(reason for reason in match.reasons if reason.code == "shared_terms")
    terms = shared.params["terms"]
    assert isinstance(terms, list)
    assert "fatigue" in terms
    assert all(" " not in term and len(term) > 2 for term in terms)
    assert render(shared, "en").startswith("Shared key terms: ")
    assert render(shared, "fi").startswith("Yhteiset avainsanat: ")


def test_facets_and_mismatches_explain_themselves():
    need = svc(
        "n",
        "en",
        "Fatigue testing",
        "Fatigue testing of welded frames.",
        kind="testing",
        priority_areas=frozenset({"arctic"}),
        region="19",
        trl_low=5,
        trl_high=7,
        days_to_deadline=20,
    )
    service = svc(
        "s",
        "en",
        "Fatigue laboratory",
        "Fatigue testing of welded joints.",
        kind="testing-analysis",
        priority_areas=frozenset({"arctic"}),
        region="07",
        remote=False,
        languages=frozenset({"fi"}),
        trl_low=3,
        trl_high=5,
        lead_time_weeks=8,
    )
    engine = MatchingEngine().fit([need], [service])
    sentences = [
        render(r, "en", {"arctic": "Arctic industry"}) for r in engine.rank(need, top=1)[0].reasons
    ]
    assert "Same priority area: Arctic industry" in sentences
    assert "Target TRL 7; the service covers 3–5" in sentences
    assert "Lead time 8 weeks; the deadline is in 20 days" in sentences
    assert "Not offered in the need's language (English)" in sentences
    assert any(s.startswith("The provider is in another region") for s in sentences)


def test_structure_lifts_the_better_fitting_of_two_equal_texts():
    text = "Climate chamber testing of electronics at low temperature."
    need = svc("n", "en", "Cold testing", text, kind="testing", region="19", trl_high=6)
    near = svc(
        "near", "en", "Cold lab", text, kind="testing-analysis", region="19", trl_low=4, trl_high=8
    )
    far = svc("far", "en", "Cold lab", text, kind="training", region="01", trl_low=1, trl_high=2)
    engine = MatchingEngine().fit([need], [far, near])
    matches = engine.rank(need, top=2)
    assert [m.service_id for m in matches] == ["near", "far"]
    assert 0.0 <= matches[1].score < matches[0].score <= 1.0


def test_results_are_deterministic():
    services = [
        *UNRELATED,
        svc("a", "en", "Testing lab", "Testing of materials."),
        svc("b", "en", "Testing lab", "Testing of materials."),
    ]
    need = svc("n", "en", "Materials testing", "We need testing of materials.")
    first = [(m.service_id, m.score) for m in MatchingEngine().fit([need], services).rank(need)]
    second = [(m.service_id, m.score) for m in MatchingEngine().fit([need], services).rank(need)]
    assert first == second
    assert [sid for sid, _ in first[:2]] == ["a", "b"]  # ties by id


def test_services_are_added_and_removed_without_refit():
    need = svc("n", "en", "Drone inspection", "Drone inspection of tailings dams.")
    engine = MatchingEngine().fit([need], list(UNRELATED))
    assert all(m.service_id != "new" for m in engine.rank(need))
    engine.upsert_service(svc("new", "en", "Drone test area", "Drone inspection flights."))
    assert engine.rank(need, top=1)[0].service_id == "new"
    engine.upsert_service(svc("new", "en", "Dance school", "Dance lessons."))
    assert all(m.service_id != "new" for m in engine.rank(need))
    engine.remove_service("new")
    assert "new" not in engine.service_ids


def test_needs_for_service_ranks_the_other_way():
    service = svc("s", "en", "Battery testing", "Cold testing of battery packs.")
    needs = [
        svc("n1", "en", "Battery cold test", "Battery packs must work in cold."),
        svc("n2", "en", "Dance show", "We organise dance shows."),
    ]
    engine = MatchingEngine().fit(needs, [service])
    assert [m.need_id for m in engine.needs_for_service("s", needs)] == ["n1"]


def test_saved_engine_loads_and_another_sklearn_version_is_refused(tmp_path):
    need = svc("n", "en", "Testing", "Testing of materials.")
    engine = MatchingEngine().fit([need], list(UNRELATED))
    path = tmp_path / "engine.joblib"
    persist.save(engine, path)
    assert persist.load(path).service_ids == engine.service_ids
    metadata = json.loads(persist.metadata_path(path).read_text())
    metadata["sklearn_version"] = "0.0.1"
    persist.metadata_path(path).write_text(json.dumps(metadata))
    with pytest.raises(persist.IncompatibleModel, match=r"scikit-learn 0\.0\.1"):
        persist.load(path)


def _examples(label_of, count=120):
    examples = []
    for i in range(count):
        text = (i % 10) / 10
        place = 1.0 if i % 3 == 0 else 0.3
        features = {"text": text, "place": place, "type": 0.5}
        examples.append(
            rerank.Example(group=f"need-{i // 4}", features=features, label=label_of(text, place))
        )
    return examples


def test_reranker_replaces_the_default_only_when_it_scores_better():
    # Brokers here accept only nearby providers, whatever the text: the default cannot know.
    learned, report = rerank.train(_examples(lambda text, place: int(place == 1.0)))
    assert learned is not None and report["adopted"]
    assert report["learned_average_precision"] > report["default_average_precision"]
    # When decisions follow the text, the default is already as good: keep it.
    kept, report = rerank.train(_examples(lambda text, place: int(text >= 0.5)))
    assert kept is None and not report["adopted"]
    assert report["default_average_precision"] >= report["learned_average_precision"]


def test_reranker_waits_for_enough_decisions():
    learned, report = rerank.train(_examples(lambda t, p: int(p == 1.0), count=10))
    assert learned is None and "not enough decisions" in report["reason"]


def test_reranker_waits_for_decisions_on_enough_needs():
    # Plenty of decisions, but on few needs: a held-out fold would hold one need or none.
    examples = [
        rerank.Example(
            group=f"need-{i % 6}",
            features={"text": (i % 10) / 10, "place": 1.0 if i % 3 == 0 else 0.3},
            label=int(i % 3 == 0),
        )
        for i in range(120)
    ]
    learned, report = rerank.train(examples)
    assert learned is None and "needs with both" in report["reason"]


def test_reranker_orders_within_needs_whatever_their_overall_level():
    # Needs differ in how similar all their services look; coordinators accept the nearby
    # provider within each need. Learned from pairs within needs, the order follows place.
    examples = []
    for need in range(30):
        level = (need % 5) / 10
        for k, place in enumerate((1.0, 0.3, 0.3, 0.3)):
            features = {"text": level + 0.02 * k, "place": place}
            examples.append(rerank.Example(f"need-{need}", features, int(place == 1.0)))
    learned, report = rerank.train(examples)
    assert learned is not None, report
    near = {"text": 0.2, "place": 1.0}
    far = {"text": 0.26, "place": 0.3}
    assert learned.score(near) > learned.score(far)
    assert 0.0 <= learned.score(far) <= learned.score(near) <= 1.0


def test_default_score_stays_in_range():
    assert default_score({"text": 0.0}) == 0.0
    assert 0.0 <= default_score({"text": 1.0, "area": 1.0, "type": 1.0}) <= 1.0
    assert default_score({"text": 0.5, "type": 0.0}) < default_score({"text": 0.5, "type": 1.0})


def test_reason_as_dict_round_trips_through_render():
    reason = Reason("trl_outside", {"target": 7, "low": 3, "high": 5})
    assert render(reason.as_dict(), "fi") == "Tavoite-TRL 7; palvelu kattaa tasot 3–5"


def test_dictionaries_parse_their_entries():
    index = "kaivos\tA\tu\n"
    data = "kaivos /kˈaivos/ <n>\nmine, pit\nhyödyllisten kivennäisten talteenottoa\n".encode()
    parsed = language.parse_dictd(index, data.ljust(64))
    assert parsed == {"kaivos": ["mine", "pit"]}
