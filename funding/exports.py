"""A work plan as a document: one outline, written out as DOCX (python-docx) or PDF (reportlab).

The outline follows the chosen instrument's application headings when the catalogue lists
them; the plan's own parts (objectives, work packages, partners, TRL, budget, schedule,
results, indicators) follow under their own headings.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .fit import euros
from .models import WorkPlan
from .workplan import budget_by_partner, budget_total, ordered_sections

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] | None = None  # first row: the column names


@dataclass
class Document:
    title: str
    subtitle: str
    sections: list[Section]


def plan_document(plan: WorkPlan) -> Document:
    return content_document(
        content=plan.content,
        title=_("Work plan: %(need)s") % {"need": plan.match.need.title},
        instrument=str(plan.instrument) if plan.instrument else "",
        version=plan.version,
        headings=list(plan.instrument.application_headings) if plan.instrument else [],
    )


def content_document(
    *, content: dict[str, Any], title: str, instrument: str, version: int, headings: list[str]
) -> Document:
    subtitle = _("Version %(version)s") % {"version": version}
    if instrument:
        subtitle = f"{instrument} · {subtitle}"
    sections = [
        Section(heading, [text] if text else [])
        for heading, text in ordered_sections(content, headings)
    ]
    sections.append(Section(_("Objectives"), [content.get("objectives") or ""]))
    sections.append(
        Section(
            _("Work packages"),
            table=[[_("Work package"), _("What is done"), _("Months")]]
            + [[w["title"], w["description"], w["months"]] for w in content["work_packages"]],
        )
    )
    sections.append(
        Section(
            _("Partners and roles"),
            table=[[_("Partner"), _("Role")]]
            + [[p["name"], p["role"]] for p in content["partners"]],
        )
    )
    trl = _("TRL at start: %(start)s; target TRL: %(target)s") % {
        "start": content.get("trl_start") or "–",
        "target": content.get("trl_target") or "–",
    }
    sections.append(Section(_("Technology readiness"), [trl]))
    total = budget_total(content)
    budget_rows = [[_("Cost item"), _("Partner"), _("Euros")]]
    budget_rows += [[b["item"], b["partner"], euros(int(b["amount"]))] for b in content["budget"]]
    budget_rows += [[_("Total"), "", euros(total)]]
    per_partner = [
        _("%(partner)s: %(amount)s") % {"partner": name or "–", "amount": euros(amount)}
        for name, amount in budget_by_partner(content)
    ]
    sections.append(Section(_("Budget"), per_partner, table=budget_rows))
    sections.append(
        Section(
            _("Schedule"),
            table=[[_("When"), _("Milestone")]]
            + [[s["when"], s["milestone"]] for s in content["schedule"]],
        )
    )
    sections.append(Section(_("Expected results"), [content.get("results") or ""]))
    sections.append(Section(_("Indicators"), list(content.get("indicators") or [])))
    return Document(title=title, subtitle=subtitle, sections=sections)


def to_docx(document: Document) -> bytes:
    from docx import Document as DocxDocument

    docx = DocxDocument()
    docx.add_heading(document.title, level=0)
    docx.add_paragraph(document.subtitle)
    for section in document.sections:
        docx.add_heading(section.heading, level=1)
        for text in section.paragraphs:
            if text:
                docx.add_paragraph(text)
        if section.table:
            table = docx.add_table(rows=0, cols=len(section.table[0]))
            table.style = "Table Grid"
            for row in section.table:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = str(value)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def to_pdf(document: Document) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    out = io.BytesIO()
    # invariant: the same plan gives the same bytes (no timestamp), which tests can rely on.
    pdf = SimpleDocTemplate(out, pagesize=A4, title=document.title, invariant=1)
    story: list[Any] = [
        Paragraph(escape(document.title), styles["Title"]),
        Paragraph(escape(document.subtitle), styles["Normal"]),
    ]
    for section in document.sections:
        story.append(Paragraph(escape(section.heading), styles["Heading2"]))
        for text in section.paragraphs:
            if text:
                story.append(Paragraph(escape(text).replace("\n", "<br/>"), styles["Normal"]))
        if section.table:
            cells = [
                [Paragraph(escape(str(value)), styles["Normal"]) for value in row]
                for row in section.table
            ]
            table = Table(cells, repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(table)
        story.append(Spacer(1, 8))
    pdf.build(story)
    return out.getvalue()
