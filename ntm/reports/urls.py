from django.urls import path

from ntm.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("mo-ky/", views.cycle_open, name="cycle_open"),
    path("ky/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("ky/<int:pk>/xa/", views.report_detail, name="report_detail"),
    path("ky/<int:pk>/xa/docx/", views.report_docx, name="report_docx"),
    path("ky/<int:pk>/xa/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("ky/<int:pk>/xa/gui/", views.report_send, name="report_send"),
    path("nop/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("nop/<int:pk>/duyet/", views.submission_approve, name="submission_approve"),
    path("nop/<int:pk>/tra-lai/", views.submission_return, name="submission_return"),
    path("nop/<int:pk>/mo-lai/", views.submission_reopen, name="submission_reopen"),
    path("nop/<int:pk>/lich-su/", views.submission_history, name="submission_history"),
    path("tong-hop/<int:unit_pk>/", views.rollup, name="rollup"),
    path("tong-hop/<int:unit_pk>/xlsx/", views.rollup_xlsx, name="rollup_xlsx"),
    path("che-do/", views.rule_list, name="rule_list"),
    path("che-do/<int:pk>/", views.rule_edit, name="rule_edit"),
]
