from django.contrib.auth import views as auth_views
from django.urls import path

from ntm.accounts import session_views, views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tai-khoan/quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "tai-khoan/quen-mat-khau/da-gui/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "tai-khoan/dat-lai/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "tai-khoan/dat-lai/xong/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tai-khoan/hai-buoc/", views.otp_setup, name="otp_setup"),
    path("tai-khoan/xac-thuc/", views.otp_verify, name="otp_verify"),
    path("tai-khoan/phien/", session_views.session_list, name="sessions"),
    path("tai-khoan/phien/dang-xuat-het/", session_views.end_all, name="sessions_end_all"),
    path("danh-ba/", views.person_list, name="person_list"),
    path("danh-ba/<int:pk>/", views.person_detail, name="person_detail"),
    path("danh-ba/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("danh-ba/<int:pk>/lich-su/", views.person_history, name="person_history"),
    path("to-chuc/", views.organisation_list, name="organisation_list"),
    path("ban-chi-dao/<int:pk>/", views.committee_detail, name="committee_detail"),
]
