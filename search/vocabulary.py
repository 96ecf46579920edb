"""The domain's bilingual vocabulary for the matching engine, from our own data.

The taxonomy names every priority area, service type and need category in
Finnish, Swedish and English, and search keeps synonym groups across the languages. Aligned
word by word, they give the engine translations the general dictionaries lack
("kiertotalous" -> circular economy). The engine imports no Django: the pairs are written to
`engine/vocabulary.tsv` by `manage.py export_engine_vocabulary`, and a test keeps that file
in step with the taxonomy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine import language
from taxonomy.models import NeedCategory, PriorityArea, ServiceType

from .synonyms import SYNONYM_GROUPS

_CONJUNCTION = re.compile(r"\s*(?:,|\bja\b|\band\b|\boch\b|&)\s*", re.IGNORECASE)


def _content(phrase: str, code: str) -> list[str]:
    return [w for w in language.words(phrase) if w not in language.STOPWORDS[code] and len(w) > 1]


def _native(word: str, code: str) -> str:
    if code == "fi":
        analysed = language.finnish_word(word)
        return analysed.lemma if analysed else word
    return word


def aligned(native: str, english: str, code: str) -> list[tuple[str, str]]:
    """Word pairs of two labels that say the same thing: a segment of one word takes the
    whole English segment ("Kiertotalous" -> circular economy), segments of equal length
    pair word by word ("arktinen teollisuus" -> arctic industry); anything else is skipped
    rather than guessed."""
    left = [s for s in _CONJUNCTION.split(native) if s.strip()]
    right = [s for s in _CONJUNCTION.split(english) if s.strip()]
    if len(left) != len(right):
        return []
    pairs = []
    for own, other in zip(left, right, strict=True):
        own_words, other_words = _content(own, code), _content(other, "en")
        if not own_words or not other_words:
            continue
        if len(own_words) == 1:
            pairs.append((_native(own_words[0], code), " ".join(other_words)))
        elif len(own_words) == len(other_words):
            if re.search(r"\bof\b", other):
                # "Manufacture of furniture" names its words the other way round from
                # "Huonekalujen valmistus".
                other_words.reverse()
            pairs.extend((_native(w, code), e) for w, e in zip(own_words, other_words, strict=True))
    return pairs


def _english_term(term: str) -> bool:
    headwords = language._english_headwords()
    return all(language.english_base(w) in headwords for w in language.words(term))


def synonym_pairs(groups: Iterable[list[str]]) -> list[tuple[str, str, str]]:
    """A Finnish single word of a group (one Voikko knows) with the group's English terms."""
    pairs: list[tuple[str, str, str]] = []
    for group in groups:
        english = [t for t in group if _english_term(t) and not language.finnish_word(t)]
        for term in group:
            analysed = language.finnish_word(term) if " " not in term else None
            if analysed and term not in english:
                pairs.extend(("fi", analysed.lemma, e) for e in english)
    return pairs


def vocabulary_rows() -> list[str]:
    rows: set[tuple[str, str, str]] = set()
    # Industry names (TOL) stay out: their long official phrasing does not align word by word.
    for model in (PriorityArea, ServiceType, NeedCategory):
        for term in model.objects.all():
            for code in ("fi", "sv"):
                native = getattr(term, f"name_{code}", "")
                if native:
                    rows.update(
                        (code, word, english)
                        for word, english in aligned(native, term.name_en, code)
                    )
    rows.update(synonym_pairs(SYNONYM_GROUPS))
    # A word the labels translate in more than one way is a generic one ("toiminta" in
    # every industry's name): guessing between its partners would add noise, so it goes.
    targets: dict[tuple[str, str], set[str]] = {}
    for code, word, english in rows:
        targets.setdefault((code, word), set()).add(english)
    return [
        "\t".join(row)
        for row in sorted(rows)
        if len(targets[(row[0], row[1])]) == 1
        and row[1] != row[2]
        and len(row[1]) > 2
        and "\t" not in "".join(row)
    ]


def vocabulary_text() -> str:
    header = "# language\tword\tEnglish -- written by manage.py export_engine_vocabulary"
    return "\n".join([header, *vocabulary_rows()]) + "\n"
