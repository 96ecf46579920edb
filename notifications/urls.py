from django.urls import path

from . import views

urlpatterns = [
    path("", views.centre, name="notification_centre"),
    path("<int:pk>/open/", views.open_notification, name="notification_open"),
    path("preferences/", views.preferences, name="notification_preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="notification_unsubscribe"),
]
