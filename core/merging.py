"""When one row is merged into another, apps that refer to it by id (not by a foreign key,
which the merge moves itself) re-point their references. Apps above the merging one
register here; the merging app tells this module, never the apps themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

Kind = Literal["organisation"]
Hook = Callable[[Kind, int, int], None]

_hooks: list[Hook] = []


def register_merge_hook(hook: Hook) -> None:
    if hook not in _hooks:
        _hooks.append(hook)


def merged(kind: Kind, old_id: int, new_id: int) -> None:
    """Called inside the merge's transaction."""
    for hook in _hooks:
        hook(kind, old_id, new_id)
