from django.urls import path

from . import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/merge/", views.organisation_merge, name="organisation_merge"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
]
