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
# A keeper answers: which of its rows hold history of these needs/services/organisations.
Keeper = Callable[[Kind, list[int]], Iterable[models.Model]]

_keepers: list[Keeper] = []


def register_keeper(keeper: Keeper) -> None:
    if keeper not in _keepers:
        _keepers.append(keeper)


def history_of(kind: Kind, ids: Iterable[int]) -> list[models.Model]:
    """Every row some app keeps as history of these objects."""
    wanted = list(ids)
    return [row for keeper in _keepers for row in keeper(kind, wanted)]


def has_history(kind: Kind, pk: int) -> bool:
    return bool(history_of(kind, [pk]))
