"""The public figures: two cross tables by region, suppressed by `disclosure`.

Every published need counts here, anonymous and coordinators-only ones included, because a
count of many names nobody; no company, need or service is ever named.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet

from .disclosure import CrossTable, build
from .selectors import Filters, labels_for, published_needs, published_services

TABLES = {
    # name: (base queryset, row dimension and field, column dimension and field, org field)
    "needs": ("needs", ("region", "region"), ("category", "category"), "organisation"),
    "services": ("services", ("region", "region"), ("service_type", "service_type"), "provider"),
}


def _base(kind: str, filters: Filters) -> QuerySet[Any]:
    return published_needs(filters) if kind == "needs" else published_services(filters)


def cross_table(name: str, filters: Filters | None = None) -> CrossTable:
    kind, (row_dim, row_field), (col_dim, col_field), org = TABLES[name]
    base = _base(kind, filters or Filters()).order_by()
    # No join here repeats a row: only organisations need DISTINCT.
    measures = {"count": Count("pk"), "orgs": Count(org, distinct=True)}
    inner_rows = list(base.values(r=F(row_field), c=F(col_field)).annotate(**measures))
    row_rows = {x["r"]: x for x in base.values(r=F(row_field)).annotate(**measures)}
    col_rows = {x["c"]: x for x in base.values(c=F(col_field)).annotate(**measures)}
    grand = base.aggregate(**measures)
    row_names, col_names = labels_for(row_dim, list(row_rows)), labels_for(col_dim, list(col_rows))
    row_keys = sorted(row_rows, key=lambda k: row_names.get(k, str(k)))
    col_keys = sorted(col_rows, key=lambda k: col_names.get(k, str(k)))
    row_index = {k: i for i, k in enumerate(row_keys)}
    col_index = {k: j for j, k in enumerate(col_keys)}
    return build(
        [row_names.get(k, str(k)) for k in row_keys],
        [col_names.get(k, str(k)) for k in col_keys],
        {(row_index[x["r"]], col_index[x["c"]]): (x["count"], x["orgs"]) for x in inner_rows},
        [(row_rows[k]["count"], row_rows[k]["orgs"]) for k in row_keys],
        [(col_rows[k]["count"], col_rows[k]["orgs"]) for k in col_keys],
        (grand["count"], grand["orgs"]),
    )
