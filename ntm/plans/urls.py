from django.urls import path

from ntm.plans import views, views_directives, views_obstacles

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    # Assignments (phân công) of a commune for a year
    path("phan-cong/<int:unit_pk>/<int:year>/", views.assignments, name="assignments"),
    path(
        "phan-cong/<int:unit_pk>/<int:year>/in/", views.assignments_print, name="assignments_print"
    ),
    path(
        "phan-cong/<int:unit_pk>/<int:year>/docx/", views.assignments_docx, name="assignments_docx"
    ),
    path("phan-cong/<int:unit_pk>/<int:year>/thong-bao/", views.notice_edit, name="notice_edit"),
    path(
        "phan-cong/<int:unit_pk>/<int:year>/tieu-chi/<int:criterion_pk>/",
        views.assignment_edit,
        name="assignment_edit",
    ),
    # Plans and tasks
    path("tao/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/tien-do/", views.plan_timeline, name="plan_timeline"),
    path("<int:pk>/lich-su/", views.plan_history, name="plan_history"),
    path("<int:pk>/docx/", views.plan_docx, name="plan_docx"),
    path("<int:pk>/nhiem-vu/them/", views.task_create, name="task_create"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/cap-nhat/", views.task_progress, name="task_progress"),
    path("nhiem-vu/<int:pk>/lich-su/", views.task_history, name="task_history"),
    path("lo-trinh/<int:unit_pk>/", views.roadmap, name="roadmap"),
    # Directives
    path("chi-dao/", views_directives.directive_list, name="directive_list"),
    path("chi-dao/soan/", views_directives.directive_create, name="directive_create"),
    path("chi-dao/<int:pk>/", views_directives.directive_detail, name="directive_detail"),
    path("chi-dao/<int:pk>/sua/", views_directives.directive_edit, name="directive_edit"),
    path("chi-dao/<int:pk>/noi-dung/them/", views_directives.item_create, name="item_create"),
    path("chi-dao/<int:pk>/ban-hanh/", views_directives.directive_issue, name="directive_issue"),
    path("chi-dao/<int:pk>/docx/", views_directives.directive_docx, name="directive_docx"),
    path("chi-dao/<int:pk>/lich-su/", views_directives.directive_history, name="directive_history"),
    # Difficulties
    path("kho-khan/", views_obstacles.obstacle_list, name="obstacle_list"),
    path("kho-khan/bao-cao/", views_obstacles.obstacle_create, name="obstacle_create"),
    path("kho-khan/<int:pk>/", views_obstacles.obstacle_detail, name="obstacle_detail"),
    path("kho-khan/<int:pk>/sua/", views_obstacles.obstacle_edit, name="obstacle_edit"),
    path("kho-khan/<int:pk>/chi-dao/", views_obstacles.obstacle_direct, name="obstacle_direct"),
    path(
        "kho-khan/<int:pk>/giai-quyet/", views_obstacles.obstacle_resolve, name="obstacle_resolve"
    ),
    path("kho-khan/<int:pk>/dong/", views_obstacles.obstacle_close, name="obstacle_close"),
    path("kho-khan/<int:pk>/mo-lai/", views_obstacles.obstacle_reopen, name="obstacle_reopen"),
    path("kho-khan/<int:pk>/lich-su/", views_obstacles.obstacle_history, name="obstacle_history"),
]
