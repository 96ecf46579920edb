from django.urls import path

from . import views

urlpatterns = [
    path("", views.privacy_notice, name="privacy_notice"),
    path("my-data/", views.privacy_account, name="privacy_account"),
    path("my-data/export/", views.privacy_export_request, name="privacy_export_request"),
    path("my-data/delete/", views.privacy_erase, name="privacy_erase"),
    path("exports/<str:token>/", views.privacy_export_download, name="privacy_export_download"),
    path("requests/", views.privacy_staff, name="privacy_staff"),
]
