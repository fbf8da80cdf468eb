"""Province and commune administration (/quan-ly/)."""

from django.urls import path

from ntm.accounts import admin_views as views

app_name = "administration"

urlpatterns = [
    path("", views.index, name="index"),
    path("thiet-lap/", views.first_run, name="first_run"),
    path("don-vi/<int:pk>/", views.unit, name="unit"),
    path("nguoi/<int:pk>/", views.person, name="person"),
    path("nhom-xa/<int:pk>/", views.commune_groups, name="commune_groups"),
    path("nhap-excel/", views.units_import, name="units_import"),
    path("nhap-excel/mau.xlsx", views.units_template, name="units_template"),
]
