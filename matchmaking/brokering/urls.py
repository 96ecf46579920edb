from django.urls import path

from . import views

urlpatterns = [
    path("inbox/", views.inbox, name="brokering_inbox"),
    path("board/", views.board, name="brokering_board"),
    path("board/bulk/", views.match_bulk, name="brokering_bulk"),
    path("services/lookup/", views.service_lookup, name="service_lookup"),
    path("mine/", views.my_matches, name="my_matches"),
    path("matches/start/", views.match_start, name="match_start"),
    path("matches/<int:pk>/", views.match_detail, name="match_detail"),
    path("matches/<int:pk>/transition/", views.match_transition, name="match_transition"),
    path("matches/<int:pk>/answer/", views.match_answer, name="match_answer"),
    path("matches/<int:pk>/consent/", views.match_consent, name="match_consent"),
    path("matches/<int:pk>/first-call.ics", views.match_first_call, name="match_first_call"),
    path("matches/<int:pk>/log/", views.match_log, name="match_log"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
]
