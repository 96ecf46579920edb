from django.urls import path

from . import views

urlpatterns = [
    path("", views.centre, name="notification_centre"),
    path("preferences/", views.preferences, name="notification_preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="notification_unsubscribe"),
]
