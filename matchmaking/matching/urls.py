from django.urls import path

from . import views

urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
]
