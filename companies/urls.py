from django.urls import path

from . import views

urlpatterns = [
    path("", views.need_directory, name="need_directory"),
    path("mine/", views.need_list, name="need_list"),
    path("new/", views.need_create, name="need_create"),
    path("<int:pk>/", views.need_detail, name="need_detail"),
    path("<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("<int:pk>/<str:action>/", views.need_transition, name="need_transition"),
]
