from django.urls import path

from ntm.documents import views, views_lifecycle

app_name = "documents"

urlpatterns = [
    path("", views.register, name="register"),
    path("moi/", views.create, name="create"),
    path("den/moi/", views.incoming_create, name="incoming_create"),
    path("so/", views.books, name="books"),
    path("giu-so/", views_lifecycle.reserve, name="reserve"),
    path("van-ban-giay/", views_lifecycle.paper, name="paper"),
    path("<int:pk>/huy-so/", views_lifecycle.cancel, name="cancel"),
    path("<int:pk>/tra-loi/", views_lifecycle.reply, name="reply"),
    path("<int:pk>/dien-tu/", views_lifecycle.electronic, name="electronic"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/ban-hanh/", views.issue, name="issue"),
    path("<int:pk>/docx/", views.docx, name="docx"),
    path("<int:pk>/pdf/", views.pdf_view, name="pdf"),
    path("<int:pk>/dinh-kem/", views.attach, name="attach"),
    path("<int:pk>/dinh-kem/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/so-dang-ky/", views.register_details, name="register_details"),
    path("<int:pk>/dinh-chinh/", views.correction, name="correction"),
    path("<int:pk>/lich-su/", views.history, name="history"),
]
