"""Matching and brokering, the domain between the two sides of the market: `matching/` turns
the engine's ranking into proposals that coordinators review, `brokering/` follows a match
through the pipeline to an outcome."""
