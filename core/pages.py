"""Small helpers shared by the server-rendered views."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 20


def paginate(request: HttpRequest, queryset: Any, per_page: int = PAGE_SIZE) -> dict[str, Any]:
    page: Page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {"page_obj": page, "object_list": page.object_list, "query_string": params.urlencode()}


def paginate_narrow(
    request: HttpRequest,
    queryset: QuerySet[Any],
    per_page: int = PAGE_SIZE,
    rows: QuerySet[Any] | None = None,
) -> dict[str, Any]:
    """`paginate`, for lists of wide rows over a large table: the count and the page's slice
    read ids only (one narrow column the planner can take from an index), then only the
    rows shown are loaded, with the queryset's own joins, in the page's order.

    `rows`: read the page's rows from this queryset instead (its joins and columns), by id
    alone; the ids were just found by `queryset`'s filters, which need not run again."""
    page: Page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    found = (queryset if rows is None else rows).order_by().in_bulk(ids)
    page.object_list = [found[pk] for pk in ids if pk in found]
    params = request.GET.copy()
    params.pop("page", None)
    return {"page_obj": page, "object_list": page.object_list, "query_string": params.urlencode()}


def first_rows(queryset: QuerySet[Any], count: int, rows: QuerySet[Any] | None = None) -> list[Any]:
    """The first `count` rows of an ordered queryset: their ids first (narrow), then the
    rows themselves with the queryset's joins, so wide rows never go through the sort.

    `rows`: read the rows from this queryset instead (its joins and columns), by id alone;
    the ids were just found by `queryset`'s filters, which need not run a second time."""
    ids = list(queryset.values_list("pk", flat=True)[:count])
    found = (queryset if rows is None else rows).order_by().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
