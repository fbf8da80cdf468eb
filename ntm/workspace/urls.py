from django.urls import path

from ntm.workspace import offline_views, views

app_name = "workspace"

urlpatterns = [
    path("thanh-vien-bcd/<int:pk>/", views.scorecard, name="scorecard"),
    path("sw.js", offline_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline_views.manifest, name="manifest"),
    path("dong-bo/", offline_views.sync, name="sync"),
    path("dong-bo/gui/", offline_views.sync_item, name="sync_item"),
    path("dong-bo/trang/", offline_views.offline_pages, name="offline_pages"),
    path("dong-bo/xung-dot/", offline_views.conflicts, name="conflicts"),
    path("dong-bo/xung-dot/<int:pk>/", offline_views.conflict_decide, name="conflict_decide"),
]
