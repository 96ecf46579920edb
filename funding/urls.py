from django.urls import path

from . import views

urlpatterns = [
    path("", views.instrument_list, name="funding_instrument_list"),
    path("new/", views.instrument_create, name="funding_instrument_create"),
    path("import/", views.instrument_import, name="funding_instrument_import"),
    path("calendar/", views.calendar, name="funding_calendar"),
    path("partnerships/", views.partnership_list, name="funding_partnership_list"),
    path("partnerships/<int:pk>/", views.partnership_edit, name="funding_partnership_edit"),
    path("plans/", views.plan_list, name="funding_plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="funding_plan_detail"),
    path("plans/<int:pk>/versions/<int:number>/", views.plan_version, name="funding_plan_version"),
    path("plans/<int:pk>/export.<str:fmt>", views.plan_export, name="funding_plan_export"),
    path("matches/<int:match_pk>/plan/", views.plan_open, name="funding_plan_open"),
    path(
        "matches/<int:match_pk>/applications/new/",
        views.application_create,
        name="funding_application_create",
    ),
    path("applications/<int:pk>/", views.application_edit, name="funding_application_edit"),
    path("needs/<int:need_pk>/een/", views.een_profile, name="funding_een_profile"),
    path("calls/<int:pk>/delete/", views.call_delete, name="funding_call_delete"),
    path("<slug:slug>/", views.instrument_detail, name="funding_instrument_detail"),
    path("<slug:slug>/edit/", views.instrument_edit, name="funding_instrument_edit"),
    path("<slug:slug>/calls/", views.call_create, name="funding_call_create"),
]
