"""The monthly report for the council: the picture's figures and charts as a printable PDF.

Drawn with reportlab (its platypus layout and its own graphics for the charts), from the
same cached tables as the pages and exports.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from . import figures
from .selectors import Filters, months_back

PALETTE = [colors.HexColor(c) for c in ("#0b5cad", "#0f7b5f", "#a4161a", "#7a4b00", "#6f42c1")]


def _month_end(year: int, month: int) -> date:
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


def _table(table: figures.Table, styles: Any) -> list[Any]:
    # Paragraph reads a little markup: names such as "R&D" or "<x>" must arrive escaped.
    body = [[Paragraph(escape(str(h)), styles["BodyText"]) for h in table.headers]]
    body += [
        [Paragraph("" if c is None else escape(str(c)), styles["BodyText"]) for c in row]
        for row in table.rows
    ]
    if len(body) == 1:
        body.append(
            [Paragraph(_("No data."), styles["BodyText"])] + [""] * (len(table.headers) - 1)
        )
    grid = Table(body, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    title = Paragraph(escape(table.title), styles["Heading3"])
    return [KeepTogether([title, grid]), Spacer(1, 0.4 * cm)]


def trend_chart(table: figures.Table) -> Drawing:
    drawing = Drawing(16 * cm, 6 * cm)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, 14 * cm - 40, 4.5 * cm
    rows = table.rows or [["", 0, 0]]
    chart.data = [[r[1] for r in rows], [r[2] for r in rows]]
    chart.categoryAxis.categoryNames = [str(r[0]) for r in rows]
    chart.categoryAxis.labels.angle = 45
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    for index in range(2):
        chart.lines[index].strokeColor = PALETTE[index]
        chart.lines[index].strokeWidth = 2
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 14.5 * cm, 5 * cm
    legend.colorNamePairs = [(PALETTE[0], table.headers[1]), (PALETTE[1], table.headers[2])]
    drawing.add(legend)
    return drawing


def stacked_chart(table: figures.Table) -> Drawing:
    drawing = Drawing(16 * cm, 7 * cm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 50, 12 * cm, 5 * cm
    series = table.headers[1:] or [""]
    rows = table.rows or [[""] + [0] * len(series)]
    chart.data = [[row[1 + i] for row in rows] for i in range(len(series))]
    chart.categoryAxis.categoryNames = [str(r[0])[:18] for r in rows]
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin = 0
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 13 * cm, 6.5 * cm
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], str(name)[:24]) for i, name in enumerate(series)
    ]
    drawing.add(legend)
    return drawing


def monthly_report(year: int, month: int) -> bytes:
    """The month's figures; trends over the twelve months up to it."""
    start, end = date(year, month, 1), _month_end(year, month)
    trend_start, _trend_end = months_back(start, 12)
    month_params = figures.Params(Filters(start=start, end=end), start=start, end=end)
    year_params = figures.Params(Filters(start=trend_start, end=end), start=start, end=end)
    stamp = figures.fingerprint()
    styles = getSampleStyleSheet()
    stream = io.BytesIO()
    document = SimpleDocTemplate(
        stream,
        pagesize=A4,
        title=_("Situational picture %(month)s") % {"month": f"{year}-{month:02d}"},
    )
    story: list[Any] = [
        Paragraph(_("The region's situational picture"), styles["Title"]),
        Paragraph(
            _("Monthly report %(month)s") % {"month": f"{year}-{month:02d}"}, styles["Heading2"]
        ),
    ]
    trend = figures.table("trend", year_params, stamp)
    story += [Paragraph(escape(trend.title), styles["Heading3"]), trend_chart(trend)]
    story += _table(trend, styles)
    stacked = figures.table("stacked", year_params, stamp)
    story += [Paragraph(escape(stacked.title), styles["Heading3"]), stacked_chart(stacked)]
    story += _table(stacked, styles)
    for name in ("heat", "gaps", "cells", "scorecard", "indicators"):
        story += _table(
            figures.table(name, month_params if name != "heat" else year_params, stamp), styles
        )
    document.build(story)
    return stream.getvalue()
