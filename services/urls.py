from django.urls import path

from . import views

urlpatterns = [
    path("", views.service_directory, name="service_directory"),
    path("mine/", views.service_list, name="service_list"),
    path("new/", views.service_create, name="service_create"),
    path("<int:pk>/", views.service_detail, name="service_detail"),
    path("<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("<int:pk>/<str:action>/", views.service_transition, name="service_transition"),
]
