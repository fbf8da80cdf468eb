from django.urls import path

from ntm.criteria import views

app_name = "criteria"

urlpatterns = [
    path("", views.set_list, name="set_list"),
    path("nhap-excel/", views.set_import, name="set_import"),
    path("tao-bo-cua-tinh/", views.set_derive, name="set_derive"),
    path("<int:pk>/", views.set_detail, name="set_detail"),
    path("<int:pk>/xuat-excel/", views.set_export, name="set_export"),
    path("<int:pk>/lich-su/", views.set_history, name="set_history"),
    path("nguong/<int:pk>/sua/", views.target_edit, name="target_edit"),
    path("nguong/<int:pk>/lich-su/", views.target_history, name="target_history"),
]
