from django.urls import path

from . import views

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/columns/", views.import_mapping, name="import_mapping"),
    path("<int:pk>/run/", views.import_run, name="import_run"),
    path("<int:pk>/undo/", views.import_undo, name="import_undo"),
]
