from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="insights_dashboard"),
    path("export/<slug:name>.<str:fmt>", views.export, name="insights_export"),
    path("report/<int:year>/<int:month>.pdf", views.report_pdf, name="insights_report"),
    path("indicators/<str:code>/", views.indicator_records, name="insights_indicator_records"),
    path("provider/", views.provider_gaps, name="insights_provider_gaps"),
    path("ratings/<int:pk>/", views.rate, name="insights_rate"),
    path("impact/<int:pk>/", views.impact_form, name="insights_impact"),
    path("impact/answer/<str:token>/", views.impact_link, name="insights_impact_link"),
    path("follow-ups/", views.my_follow_ups, name="insights_my_follow_ups"),
    path("open/", views.open_page, name="insights_open"),
]
