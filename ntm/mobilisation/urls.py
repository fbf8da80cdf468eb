from django.urls import path

from ntm.mobilisation import views

app_name = "mobilisation"

urlpatterns = [
    path("", views.index, name="index"),
    path("cong-trinh/", views.work_list, name="work_list"),
    path("cong-trinh/moi/", views.work_new, name="work_new"),
    path("cong-trinh/<int:pk>/", views.work_detail, name="work_detail"),
    path("cong-trinh/<int:pk>/sua/", views.work_edit, name="work_edit"),
    path("cong-trinh/<int:pk>/lich-su/", views.work_history, name="work_history"),
    path("cong-trinh/<int:pk>/nguon-von/moi/", views.funding_new, name="funding_new"),
    path("cong-trinh/<int:pk>/tien-do/moi/", views.step_new, name="step_new"),
    path("nguon-von/<int:pk>/sua/", views.funding_edit, name="funding_edit"),
    path("nguon-von/<int:pk>/lich-su/", views.funding_history, name="funding_history"),
    path("anh-tien-do/<int:pk>/", views.step_photo, name="step_photo"),
    path("dong-gop/", views.contribution_list, name="contribution_list"),
    path("dong-gop/moi/", views.contribution_new, name="contribution_new"),
    path("dong-gop/<int:pk>/sua/", views.contribution_edit, name="contribution_edit"),
    path("dong-gop/<int:pk>/lich-su/", views.contribution_history, name="contribution_history"),
    path("phong-trao/", views.campaign_list, name="campaign_list"),
    path("phong-trao/moi/", views.campaign_new, name="campaign_new"),
    path("phong-trao/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("phong-trao/<int:pk>/sua/", views.campaign_edit, name="campaign_edit"),
    path("phong-trao/<int:pk>/lich-su/", views.campaign_history, name="campaign_history"),
    path("tuyen-truyen/", views.outreach_list, name="outreach_list"),
    path("tuyen-truyen/moi/", views.outreach_new, name="outreach_new"),
    path("tuyen-truyen/<int:pk>/", views.outreach_detail, name="outreach_detail"),
    path("tuyen-truyen/<int:pk>/sua/", views.outreach_edit, name="outreach_edit"),
    path("tuyen-truyen/<int:pk>/lich-su/", views.outreach_history, name="outreach_history"),
    path("tuyen-truyen/<int:pk>/anh/moi/", views.outreach_photo_new, name="outreach_photo_new"),
    path("anh-tuyen-truyen/<int:pk>/", views.outreach_photo, name="outreach_photo"),
]
