from django.urls import path

from ntm.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:unit_pk>/nam/<int:year>/", views.scorecard, name="scorecard"),
    path("don-vi/<int:unit_pk>/nam/<int:year>/ma-tran-ap/", views.matrix, name="matrix"),
    path(
        "don-vi/<int:unit_pk>/tieu-chi/<int:criterion_pk>/nam/<int:year>/",
        views.criterion_detail,
        name="criterion",
    ),
    path(
        "don-vi/<int:unit_pk>/tieu-chi/<int:criterion_pk>/nam/<int:year>/chua-ben-vung/",
        views.flag,
        name="flag",
    ),
    path(
        "don-vi/<int:unit_pk>/chi-tieu/<int:indicator_pk>/nam/<int:year>/nhap/",
        views.value_entry,
        name="value_entry",
    ),
    path("don-vi/<int:unit_pk>/dang-ky/", views.registrations, name="registrations"),
    path("so-lieu/<int:pk>/gui/", views.value_submit, name="value_submit"),
    path("so-lieu/<int:pk>/duyet/", views.value_approve, name="value_approve"),
    path("so-lieu/<int:pk>/tra-lai/", views.value_return, name="value_return"),
    path("so-lieu/<int:pk>/lich-su/", views.value_history, name="value_history"),
    path("so-lieu/<int:pk>/minh-chung/", views.evidence_add, name="evidence_add"),
    path("minh-chung/<int:pk>/tep/", views.evidence_file, name="evidence_file"),
    path("minh-chung/<int:pk>/anh-nho/", views.evidence_thumbnail, name="evidence_thumbnail"),
]
