from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.domain import acting_user
from core.inputs import parse_id

from . import actions
from .forms import SearchForm
from .models import SavedSearch
from .selectors import search

FACET_TITLES = {
    "type": gettext_lazy("Show"),
    "priority_area": gettext_lazy("Priority area"),
    "service_type": gettext_lazy("Service type"),
    "need_category": gettext_lazy("Need category"),
    "region": gettext_lazy("Region"),
    "trl": "TRL",
    "language": gettext_lazy("Language"),
    "remote": gettext_lazy("Remote"),
    "kind": gettext_lazy("Kind of organisation"),
}


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    page_obj = None
    if form.is_valid():
        query = form.to_query(request.GET)
        results = search(query, request.user)
        # A Paginator over the total gives the template its page links.
        page_obj = Paginator(range(results.total), query.page_size).get_page(query.page)
    params = request.GET.copy()
    params.pop("page", None)
    groups = (
        [(name, FACET_TITLES[name], values) for name, values in results.facets.items() if values]
        if results
        else []
    )
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "results": results,
            "page_obj": page_obj,
            "facet_groups": groups,
            "query_string": params.urlencode(),
            "selected": request.GET,
        },
    )


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("delete"):
            saved = get_object_or_404(
                SavedSearch, pk=parse_id(request.POST["delete"], name="delete"), user=request.user
            )
            actions.saved_search_delete(saved=saved, user=acting_user(request))
            messages.success(request, _("The saved search was deleted."))
            return redirect("saved_search_list")
        try:
            saved = actions.saved_search_create(
                user=acting_user(request),
                name=request.POST.get("name", ""),
                query_string=request.POST.get("query_string", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(f"{reverse('search')}?{request.POST.get('query_string', '')}")
        messages.success(request, _("Search saved as “%(name)s”.") % {"name": saved.name})
        return redirect("saved_search_list")
    return render(
        request,
        "search/saved_list.html",
        {"saved": SavedSearch.objects.filter(user=acting_user(request))},
    )
