from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ntm.documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from ntm.core import badges
        from ntm.documents.models import DocumentStatus

        badges.register(
            "document",
            DocumentStatus,
            {
                DocumentStatus.DRAFT: "warn",
                DocumentStatus.RESERVED: "warn",
                DocumentStatus.ISSUED: "ok",
                DocumentStatus.CANCELLED: "bad",
                DocumentStatus.REVOKED: "bad",
                DocumentStatus.REPLACED: "bad",
            },
        )
