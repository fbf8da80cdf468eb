from django.urls import path

from ntm.participation import personal_data_views, public_views, views

app_name = "participation"

urlpatterns = [
    path("du-lieu-ca-nhan/", personal_data_views.personal_data_search, name="personal_data"),
    path("du-lieu-ca-nhan/nhat-ky/", personal_data_views.access_log, name="access_log"),
    # Residents, no login.
    path("cong-khai/<int:pk>/", public_views.public_unit, name="public_unit"),
    path("cong-khai/<int:pk>/ap-phich/", public_views.public_poster, name="public_poster"),
    path("cong-khai/<int:pk>/ma-qr.svg", public_views.public_qr, name="public_qr"),
    path("cong-khai/<int:pk>/gop-y/", public_views.public_feedback, name="public_feedback"),
    path(
        "cong-khai/<int:pk>/gop-y/da-gui/",
        public_views.public_feedback_sent,
        name="public_feedback_sent",
    ),
    path("cong-khai/anh/<int:pk>/", public_views.public_photo, name="public_photo"),
    path("cong-khai/khao-sat/<int:pk>/", public_views.public_survey, name="public_survey"),
    path(
        "cong-khai/khao-sat/<int:pk>/da-gui/",
        public_views.public_survey_done,
        name="public_survey_done",
    ),
    # Officials.
    path("y-kien/", views.feedback_list, name="feedback_list"),
    path("y-kien/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("y-kien/<int:pk>/lich-su/", views.feedback_history, name="feedback_history"),
    path("giam-sat/", views.inspection_list, name="inspection_list"),
    path("giam-sat/moi/", views.inspection_new, name="inspection_new"),
    path("giam-sat/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("giam-sat/<int:pk>/sua/", views.inspection_edit, name="inspection_edit"),
    path("giam-sat/<int:pk>/lich-su/", views.inspection_history, name="inspection_history"),
    path("khao-sat/", views.survey_list, name="survey_list"),
    path("khao-sat/moi/", views.survey_new, name="survey_new"),
    path("khao-sat/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("khao-sat/<int:pk>/sua/", views.survey_edit, name="survey_edit"),
    path("khao-sat/<int:pk>/lich-su/", views.survey_history, name="survey_history"),
    path("khao-sat/<int:pk>/noi-dung/moi/", views.survey_content_new, name="survey_content_new"),
    path("khao-sat/<int:pk>/ho-duoc-chon/", views.survey_samples, name="survey_samples"),
    path("khao-sat/<int:pk>/nhap-phieu/", views.survey_entry, name="survey_entry"),
    path("khao-sat/<int:pk>/ket-qua/", views.survey_results, name="survey_results"),
    path("thong-bao/", views.announcement_list, name="announcement_list"),
    path("thong-bao/moi/", views.announcement_new, name="announcement_new"),
    path("thong-bao/<int:pk>/sua/", views.announcement_edit, name="announcement_edit"),
    path("thong-bao/<int:pk>/lich-su/", views.announcement_history, name="announcement_history"),
    path("thong-bao/trang-cong-khai/<int:pk>/", views.public_page_edit, name="public_page_edit"),
    path(
        "thong-bao/trang-cong-khai/<int:pk>/lich-su/",
        views.public_page_history,
        name="public_page_history",
    ),
]
