from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from .models import DevelopmentNeed, NeedStatus
from .rules import need_company_visible_q, need_visibility_q


def needs_visible_to(user: Any) -> QuerySet[DevelopmentNeed]:
    return (
        DevelopmentNeed.objects.filter(need_visibility_q(user))
        .select_related("organisation", "category", "region", "trl_now", "trl_target")
        .prefetch_related("priority_areas", "priority_areas__region")
    )


def needs_of_organisations(user: Any, organisation_ids: Any) -> QuerySet[DevelopmentNeed]:
    """The needs of these organisations, as far as the user may know whose needs they are."""
    return needs_visible_to(user).filter(
        need_company_visible_q(user), organisation_id__in=organisation_ids
    )


def needs_with_company_of(
    user: Any, needs: QuerySet[DevelopmentNeed], organisation: Any
) -> QuerySet[DevelopmentNeed]:
    """Narrow `needs` to those of `organisation`, leaving out needs whose company is hidden
    from the user (an anonymous need must not be found by its company)."""
    return needs.filter(need_company_visible_q(user), organisation=organisation)


def needs_in_directory(user: Any) -> QuerySet[DevelopmentNeed]:
    """Needs open for proposals that this user may read."""
    return needs_visible_to(user).filter(status=NeedStatus.PUBLISHED)


NEAR_DUPLICATE_THRESHOLD = 0.6


def need_concepts(title: str, description: str, language: str) -> set[str]:
    """The engine's concepts of a need's text: stems and their English translations, so a
    need written twice, or once in Finnish and once in English, shares most of them."""
    from engine.language import analyse

    concepts = analyse(f"{title} {description}", language).concepts
    return {concept for concept in concepts if not concept.startswith("#")}


def concept_overlap(first: set[str], second: set[str]) -> float:
    """Jaccard overlap of two sets of concepts (0 when either is empty)."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def near_duplicate_needs(
    *, threshold: float = NEAR_DUPLICATE_THRESHOLD, limit: int = 100
) -> list[tuple[DevelopmentNeed, DevelopmentNeed, float]]:
    """Open needs of one company whose concepts overlap by `threshold` or more."""
    from collections import defaultdict

    needs = list(
        DevelopmentNeed.objects.exclude(status=NeedStatus.CLOSED).select_related("organisation")
    )
    concepts = {
        need.pk: need_concepts(need.title, need.description, need.language) for need in needs
    }
    by_company: dict[int, list[DevelopmentNeed]] = defaultdict(list)
    for need in needs:
        by_company[need.organisation_id].append(need)
    pairs = []
    for group in by_company.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                score = concept_overlap(concepts[first.pk], concepts[second.pk])
                if score >= threshold:
                    pairs.append((first, second, score))
    return sorted(pairs, key=lambda item: -item[2])[:limit]


def needs_lock(need_ids: Iterable[int]) -> list[int]:
    """Lock the rows of these needs until the transaction ends, in id order, and return the
    ids that exist.

    The lock order of everything that writes a need's proposals or matches: the need's row
    first, then its proposals, then its matches. The worker refreshing a need's proposals
    and a coordinator moving one of its matches otherwise take a proposal and a match in
    opposite orders and deadlock. `no_key` (FOR NO KEY UPDATE) leaves inserts of rows that
    refer to the need free to proceed; ids in order make two bulk writers queue, not cross.
    """
    return list(
        DevelopmentNeed.objects.filter(pk__in=sorted(set(need_ids)))
        .order_by("pk")
        .select_for_update(no_key=True)
        .values_list("pk", flat=True)
    )
