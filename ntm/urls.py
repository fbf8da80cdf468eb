from django.contrib import admin
from django.urls import include, path

from ntm.core import views as core_views
from ntm.workspace import views as workspace_views

admin.site.site_header = "Quản trị ntm"
admin.site.site_title = "Quản trị ntm"
admin.site.index_title = "Dữ liệu hệ thống"

urlpatterns = [
    path("", workspace_views.home, name="home"),
    path("", include("ntm.workspace.urls")),
    path("", include("ntm.accounts.urls")),
    path("don-vi/", include("ntm.accounts.unit_urls")),
    path("quan-ly/", include("ntm.accounts.admin_urls")),
    path("tieu-chi/", include("ntm.criteria.urls")),
    path("danh-gia/", include("ntm.assessments.urls")),
    path("van-ban/", include("ntm.documents.urls")),
    path("ke-hoach/", include("ntm.plans.urls")),
    path("nguon-luc/", include("ntm.mobilisation.urls")),
    path("", include("ntm.participation.urls")),
    path("bao-cao/", include("ntm.reports.urls")),
    path("api/", include("ntm.api.urls")),
    path("quan-tri/", admin.site.urls),
    path("suc-khoe/", core_views.health, name="health"),
]

handler400 = "ntm.core.views.bad_request"
handler403 = "ntm.core.views.permission_denied"
handler404 = "ntm.core.views.page_not_found"
handler500 = "ntm.core.views.server_error"
