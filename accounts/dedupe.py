"""Finding organisations that may be the same one: same business ID, or a similar name.

Names are compared after removing legal forms ("Oy", "Oyj", "Ab", "Ky", "Tmi", "ry",
"osakeyhtiö"...) and punctuation, so "Lapin Kone Oy" and "LAPIN KONE, osakeyhtiö" are one
name; what remains is compared by difflib's ratio against a threshold.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from .models import Organisation

# Finnish and Swedish legal forms and their usual abbreviations, as whole words.
LEGAL_FORMS = frozenset(
    {
        "oy",
        "oyj",
        "ab",
        "abp",
        "ky",
        "kb",
        "tmi",
        "ay",
        "ry",
        "rf",
        "osk",
        "osuuskunta",
        "andelslag",
        "osakeyhtiö",
        "julkinen",
        "aktiebolag",
        "kommandiittiyhtiö",
        "kommanditbolag",
        "avoin",
        "yhtiö",
        "toiminimi",
        "rekisteröity",
        "yhdistys",
        "säätiö",
        "sr",
        "ltd",
        "inc",
        "gmbh",
    }
)
SIMILARITY_THRESHOLD = 0.85
# Names compared per word at most: enough for real near-duplicates, bounded for big lists.
MAX_POSTING = 200


def normalise_name(name: str) -> str:
    """Lower case, punctuation removed, legal forms dropped: the part that names the firm."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = re.sub(r"[^\w]+", " ", text).replace("_", " ")
    words = [word for word in text.split() if word not in LEGAL_FORMS]
    return " ".join(words)


def name_similarity(a: str, b: str) -> float:
    first, second = normalise_name(a), normalise_name(b)
    if not first or not second:
        return 0.0
    return difflib.SequenceMatcher(None, first, second).ratio()


class NameIndex:
    """Names by their words, so a new name is compared only with names sharing a word."""

    def __init__(self, rows: Iterable[tuple[int, str]] = ()) -> None:
        self.names: dict[int, tuple[str, str]] = {}
        self.by_word: dict[str, set[int]] = defaultdict(set)
        for pk, name in rows:
            self.add(pk, name)

    def add(self, pk: int, name: str) -> None:
        normalised = normalise_name(name)
        self.names[pk] = (name, normalised)
        for word in normalised.split():
            self.by_word[word].add(pk)

    def similar(
        self, name: str, *, threshold: float = SIMILARITY_THRESHOLD, exclude: int | None = None
    ) -> list[tuple[int, float]]:
        normalised = normalise_name(name)
        if not normalised:
            return []
        numbers = _numbers(normalised)
        postings = sorted(
            (self.by_word[word] for word in set(normalised.split()) if word in self.by_word),
            key=len,
        )
        # A word that half the names share ("yritys", "lapin") says little: candidates come
        # from the rarer words, so a long list is not compared with every name it holds.
        candidates: set[int] = set()
        for posting in postings:
            if candidates and len(posting) > MAX_POSTING:
                break
            candidates |= set(itertools.islice(posting, MAX_POSTING))
        candidates.discard(exclude)  # type: ignore[arg-type]
        matcher = difflib.SequenceMatcher(None, b=normalised)
        scored = []
        for pk in candidates:
            other = self.names[pk][1]
            # "Kone 1" and "Kone 2" are two firms: numbers in a name must agree.
            if _numbers(other) != numbers:
                continue
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            ratio = matcher.ratio()
            if ratio >= threshold:
                scored.append((pk, ratio))
        return sorted(scored, key=lambda item: (-item[1], item[0]))


def _numbers(normalised: str) -> list[str]:
    return [word for word in normalised.split() if word.isdigit()]


def similar_organisations(
    name: str, *, exclude_pk: int | None = None, limit: int = 5
) -> list[Organisation]:
    """Organisations whose name is similar to `name` (the form's "this may already exist")."""
    normalised = normalise_name(name)
    if not normalised:
        return []
    words = normalised.split()
    # Only names sharing a word are compared; the longest word narrows the query most.
    longest = max(words, key=len)
    rows = Organisation.objects.filter(name__icontains=longest).values_list("pk", "name")
    index = NameIndex(rows)
    ids = [pk for pk, _ratio in index.similar(name, exclude=exclude_pk)][:limit]
    found = Organisation.objects.in_bulk(ids)
    return [found[pk] for pk in ids]


def duplicate_pairs(*, limit: int = 200) -> list[tuple[Organisation, Organisation, float]]:
    """Pairs of organisations whose names are alike, most alike first (the staff's list)."""
    rows = list(Organisation.objects.filter(archived_at__isnull=True).values_list("pk", "name"))
    index = NameIndex(rows)
    pairs: dict[tuple[int, int], float] = {}
    for pk, name in rows:
        for other, ratio in index.similar(name, exclude=pk):
            pairs.setdefault((min(pk, other), max(pk, other)), ratio)
    best = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))[:limit]
    found = Organisation.objects.select_related("region").in_bulk(
        {pk for pair, _ratio in best for pk in pair}
    )
    return [(found[a], found[b], ratio) for (a, b), ratio in best]
