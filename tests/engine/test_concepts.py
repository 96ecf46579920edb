"""Concepts a person would name, and reasons that show them: whole words, bridges, no fragments."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Item, MatchingEngine, language
from engine.offline import read_items

DEVSET = Path(__file__).resolve().parents[2].parent / "shared" / "devset"

resources = pytest.mark.skipif(
    not all(language.resources_status().values()),
    reason="Voikko and the FreeDict dictionaries are not installed (make language-resources)",
)


def svc(id: str, lang: str, title: str, text: str) -> Item:
    return Item(id=id, language=lang, title=title, text=text)


WEAR_NEED = svc(
    "need",
    "fi",
    "Teräsosan kulumiskestävyyden testaus pakkasolosuhteissa",
    "Valmistamme teräsosia kaivoskoneisiin. Haluamme testata, miten osien "
    "kulumiskestävyys muuttuu pakkasolosuhteissa.",
)
# A catalogue written for this test: one service does what the need asks, the others share
# only its generic words (testing, conditions, cold) or a part of one of its compounds.
CATALOGUE = [
    svc(
        "wear",
        "en",
        "Abrasive wear testing of materials",
        "Abrasive and sliding wear tests of metals, coatings and hardened steels: "
        "pin-on-disc, rubber wheel and impeller-tumbler testers show how fast a component "
        "wears.",
    ),
    svc(
        "cold",
        "en",
        "Cold climate and fatigue testing",
        "Climate chambers down to -70 °C and fatigue testing machines for welded "
        "structures, vehicles and electronics.",
    ),
    svc(
        "textile",
        "fi",
        "Tekstiililaboratorio",
        "Tekstiilimateriaalien testaus yrityksille: hankauskestävyys Martindale-laitteella, "
        "vetolujuus, nukkaantuminen ja värinkesto pesussa.",
    ),
    svc(
        "water",
        "fi",
        "Kaivosvesien käsittely",
        "Tutkimme kaivosvesien ja prosessivesien käsittelyä: sulfaatin ja metallien poisto, "
        "kylmissä olosuhteissa toimivat passiiviset menetelmät.",
    ),
    svc(
        "tourism",
        "en",
        "Arctic tourism test bed",
        "Companies test tourism products and services with visitors in real Arctic winter "
        "conditions in Lapland.",
    ),
]


def _terms(match) -> list[str]:
    reason = next((r for r in match.reasons if r.code == "shared_terms"), None)
    return list(reason.params["terms"]) if reason else []


@resources
def test_wear_resistance_need_ranks_wear_testing_above_textile_water_and_tourism():
    engine = MatchingEngine().fit([WEAR_NEED], CATALOGUE)
    ranked = [m.service_id for m in engine.rank(WEAR_NEED, top=len(CATALOGUE))]
    for other in ("textile", "water", "tourism"):
        assert ranked.index("wear") < ranked.index(other), ranked


@resources
def test_a_cross_language_reason_shows_both_words():
    engine = MatchingEngine().fit([WEAR_NEED], CATALOGUE)
    match = next(m for m in engine.rank(WEAR_NEED, top=5) if m.service_id == "wear")
    terms = _terms(match)
    assert 0 < len(terms) <= 5
    bridges = dict(term.split(" ≈ ", 1) for term in terms if " ≈ " in term)
    # Finnish on the left, as the need's author would name it; English as the service wrote it.
    assert bridges.get("kuluminen", "").split(" / ")[0] in {"wear", "abrasive"}
    assert bridges.get("teräs") == "steel"


@resources
def test_compound_parts_weigh_less_than_the_whole_and_the_head_more_than_its_modifier():
    analysis = language.analyse("kulumiskestävyys", "fi")
    whole = analysis.weights["kulumiskestävyys"]  # no dictionary entry: the lemma itself
    by_source: dict[str, float] = {}
    for concept, weight in analysis.weights.items():
        by_source[analysis.concept_source[concept]] = (
            by_source.get(analysis.concept_source[concept], 0.0) + weight
        )
    head, modifier = by_source["kestävyys"], by_source["kuluminen"]
    assert whole > head > modifier > 0


@resources
def test_compound_fragments_are_never_concepts():
    assert language.finnish_lemmas("pakkasolosuhteissa") == (
        "pakkasolosuhde",
        "pakkanen",
        "olosuhde",
    )
    sources = set(
        language.analyse("pakkasolosuhteissa, tarkastuskohta", "fi").concept_source.values()
    )
    assert not sources & {"olo", "suhde", "kohta", "pakkas"}


@resources
def test_dictionary_senses_come_from_both_directions_with_falling_weights():
    # "kuluminen -> wear" is only in the English-Finnish dictionary.
    assert "wear" in language.translations_to_english("fi")["kuluminen"]
    weights = [weight for _stem, _word, weight in language.senses("kuluminen", "fi")]
    assert len(weights) > 2
    assert sum(weights) == pytest.approx(1.0)
    assert weights[0] == max(weights)


def test_the_domain_vocabulary_bridges_words_the_dictionaries_lack(tmp_path, monkeypatch):
    vocabulary = tmp_path / "vocabulary.tsv"
    vocabulary.write_text("fi\tkiertotalous\tcircular economy\n", encoding="utf-8")
    monkeypatch.setattr(language, "VOCABULARY_FILE", vocabulary)
    language.clear_caches()
    try:
        need = svc("n", "fi", "Kiertotalous", "Kiertotalous rakennusalalla.")
        service = svc("s", "en", "Circular economy", "Circular economy advice for builders.")
        other = svc("o", "en", "Dance lessons", "Dance lessons for staff.")
        engine = MatchingEngine().fit([need], [other, service])
        assert engine.rank(need, top=1)[0].service_id == "s"
    finally:
        monkeypatch.undo()
        language.clear_caches()


def _whole_words(item: Item) -> set[str]:
    found = set()
    for word in language.words(item.full_text):
        found.add(word)
        if item.language == "fi":
            analysed = language.finnish_word(word)
            if analysed:
                found.add(analysed.lemma)
        elif item.language == "en":
            found.add(language.english_base(word))
    return found


@resources
@pytest.mark.skipif(not DEVSET.exists(), reason="the shared devset is not beside the project")
def test_every_devset_reason_term_is_a_dictionary_word_or_a_whole_lemma():
    needs = read_items(DEVSET / "needs.jsonl")
    services = read_items(DEVSET / "services.jsonl")
    engine = MatchingEngine().fit(needs, services)
    dictionary = (
        set(language.translations_to_english("fi"))
        | set(language.translations_to_english("sv"))
        | set(language.load_dictionary("eng-fin"))
    )
    by_id = {s.id: s for s in services}
    checked = 0
    for need, matches in zip(needs, engine.rank_many(needs, top=5), strict=True):
        for match in matches:
            terms = _terms(match)
            assert len(terms) <= 5
            known = _whole_words(need) | _whole_words(by_id[match.service_id])
            for term in terms:
                for word in term.replace(" ≈ ", " / ").split(" / "):
                    checked += 1
                    # Voikko's lexicon is a Finnish dictionary too ("läpäisevyys").
                    in_lexicon = word in dictionary or language._is_baseform(word)
                    assert word in known or in_lexicon, (need.id, match.service_id, term)
                    if word not in known:  # a part of a compound: a word on its own
                        assert len(word) >= language.MIN_PART_LENGTH, term
                        assert word not in language.GENERIC_PARTS, term
    assert checked > 100
