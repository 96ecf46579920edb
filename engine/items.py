"""The engine's view of needs and services: plain data, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    """A need or a service. Structured fields are optional; unknown ones do not count."""

    id: str
    language: str
    title: str
    text: str
    keywords: tuple[str, ...] = ()
    # Need: its category slug. Service: its service-type slug.
    kind: str | None = None
    priority_areas: frozenset[str] = field(default_factory=frozenset)
    region: str | None = None
    remote: bool = False
    # Service: languages it is offered in. Need: empty (its own language counts).
    languages: frozenset[str] = field(default_factory=frozenset)
    # Need: TRL now and target. Service: the TRL range it covers.
    trl_low: int | None = None
    trl_high: int | None = None
    # Service: lead time. Need: days left until its deadline.
    lead_time_weeks: int | None = None
    days_to_deadline: int | None = None

    @property
    def full_text(self) -> str:
        # The title says what the whole text is about: it counts twice.
        return " ".join([self.title, self.title, self.text, " ".join(self.keywords)])


@dataclass(frozen=True)
class Reason:
    """One reason, as data; `render` turns it into a sentence in a viewer's language."""

    code: str
    params: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, **self.params}


@dataclass
class Match:
    need_id: str
    service_id: str
    score: float
    features: dict[str, float]
    reasons: list[Reason]
