from django.urls import path

from . import views

urlpatterns = [
    path("", views.search_page, name="search"),
    path("saved/", views.saved_search_list, name="saved_search_list"),
]
