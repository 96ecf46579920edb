"""The taxonomy's labels and search synonyms as the engine's bilingual vocabulary."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from engine import language
from search.vocabulary import aligned, synonym_pairs

voikko = pytest.mark.skipif(
    not all(language.resources_status().values()),
    reason="Voikko and the FreeDict dictionaries are not installed (make language-resources)",
)


@voikko
def test_labels_align_by_segment_and_word():
    assert aligned(
        "Kiertotalous ja arktinen teollisuus", "Circular economy and arctic industry", "fi"
    ) == [
        ("kiertotalous", "circular economy"),
        ("arktinen", "arctic"),
        ("teollisuus", "industry"),
    ]
    # "X of Y" names its words the other way round from the Finnish genitive.
    assert aligned("Huonekalujen valmistus", "Manufacture of furniture", "fi") == [
        ("huonekalu", "furniture"),
        ("valmistus", "manufacture"),
    ]


@voikko
def test_labels_that_do_not_align_give_nothing_rather_than_a_guess():
    assert aligned("Testaus ja mittaukset", "Testing", "fi") == []
    assert aligned("Uudet nousevat alat", "New sectors", "fi") == []


@voikko
def test_a_synonym_group_pairs_its_finnish_word_with_its_english_terms():
    pairs = synonym_pairs([["kiertotalous", "circular economy", "cirkulär ekonomi"]])
    assert pairs == [("fi", "kiertotalous", "circular economy")]


@voikko
@pytest.mark.django_db
def test_the_engines_vocabulary_file_is_up_to_date_with_the_taxonomy():
    call_command("export_engine_vocabulary", "--check")
