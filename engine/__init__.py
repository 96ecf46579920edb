"""The matching engine. Imports no Django: it can be fitted, benchmarked and run offline."""

from .items import Item, Match, Reason
from .model import ENGINE_VERSION, MatchingEngine
from .reasons import render

__all__ = ["ENGINE_VERSION", "Item", "Match", "MatchingEngine", "Reason", "render"]
