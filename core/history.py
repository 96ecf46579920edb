"""History that outlives a row's deletion: who keeps it is registered here by that app.

Needs, services and organisations sit below matchmaking in the layers, yet deleting one
must not erase the matches and decisions recorded against it. Matchmaking registers a
keeper when it is ready; the lower apps ask this module, never matchmaking itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

from django.db import models

Kind = Literal["need", "service", "organisation"]
# A keeper answers with querysets: its rows that hold history of these needs, services or
# organisations. Querysets, not rows, so that "is there any?" reads one row per queryset
# (a need's page asks it on every view; a matched need holds dozens of rows).
Keeper = Callable[[Kind, list[int]], Iterable[models.QuerySet[models.Model]]]

_keepers: list[Keeper] = []


def register_keeper(keeper: Keeper) -> None:
    if keeper not in _keepers:
        _keepers.append(keeper)


def history_of(kind: Kind, ids: Iterable[int]) -> list[models.Model]:
    """Every row some app keeps as history of these objects."""
    wanted = list(ids)
    return [row for keeper in _keepers for rows in keeper(kind, wanted) for row in rows]


def has_history(kind: Kind, pk: int) -> bool:
    return any(rows.exists() for keeper in _keepers for rows in keeper(kind, [pk]))
