from django.urls import path

from . import views

urlpatterns = [
    path("welcome/", views.onboarding, name="onboarding"),
    path("profile/", views.profile, name="profile"),
    path("profile/api-token/", views.api_token, name="api_token"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<slug:slug>/members/",
        views.organisation_members,
        name="organisation_members",
    ),
    path("memberships/<int:pk>/", views.membership_update, name="membership_update"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
