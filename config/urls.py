from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as accounts_views
from core import views as core_views
from search.api import SearchView, SuggestView

# The admin's own login form asks for no second factor and counts no failed attempts:
# everyone signs in through allauth (rate limited, TOTP) and comes back with ?next=.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("healthz/", core_views.healthz, name="healthz"),
    path("proposals/", include("matchmaking.matching.urls")),
    path("brokering/", include("matchmaking.brokering.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    # After accounts: "organisations/new/" is not an organisation's page.
    path("", include("portal.urls")),
    path("needs/", include("companies.urls")),
    path("services/", include("services.urls")),
    path("search/", include("search.urls")),
    path("funding/", include("funding.urls")),
    path("notifications/", include("notifications.urls")),
    path("imports/", include("imports.urls")),
    path("privacy/", include("privacy.urls")),
    path("insights/", include("insights.urls")),
    # Before Django's own: the switcher also stores a signed-in user's language.
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include("config.api_router")),
    path("api/search/", SearchView.as_view(), name="api_search"),
    path("api/search/suggest/", SuggestView.as_view(), name="api_search_suggest"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves its script from a URL: the CSP allows no inline script.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api_schema", template_name="api/swagger_ui.html"
        ),
        name="api_docs",
    ),
    path("admin/", admin.site.urls),
]
