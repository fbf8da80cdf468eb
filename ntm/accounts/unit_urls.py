"""Administrative-unit screens. They live beside the scope rules (accounts), because every
query they make goes through a person's scope; the unit model itself stays in geography."""

from django.urls import path

from ntm.accounts import unit_views as views

app_name = "units"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/lich-su/", views.unit_history, name="unit_history"),
]
