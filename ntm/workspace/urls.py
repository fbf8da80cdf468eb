from django.urls import path

from ntm.workspace import views

app_name = "workspace"

urlpatterns = [
    path("thanh-vien-bcd/<int:pk>/", views.scorecard, name="scorecard"),
]
