"""Account security settings: second factor required per role, and the sessions of each user.

Imported by :mod:`ntm.accounts.models` so that Django registers these models."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SecondFactorRule(models.Model):
    """The province administrator makes two-step verification mandatory for a role
    (leaders, the standing officer, administrators…). A user holding such a role reaches
    nothing but the set-up page until an authenticator app is confirmed."""

    role = models.CharField("vai trò", max_length=20, unique=True)
    required = models.BooleanField("bắt buộc xác thực hai bước", default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người đặt",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "quy định xác thực hai bước"
        verbose_name_plural = "quy định xác thực hai bước"

    def __str__(self) -> str:
        from ntm.accounts.models import Role

        label = dict(Role.choices).get(self.role, self.role)
        return f"{label}: {'bắt buộc' if self.required else 'không bắt buộc'}"


class UserSession(models.Model):
    """One signed-in browser of a user: shown on "Phiên đăng nhập", ended one by one or all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="login_sessions",
        verbose_name="người dùng",
    )
    session_key = models.CharField("mã phiên", max_length=40, unique=True)
    device = models.CharField("thiết bị", max_length=120, blank=True, default="")
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    created_at = models.DateTimeField("đăng nhập lúc", auto_now_add=True)
    last_seen = models.DateTimeField("hoạt động gần nhất", auto_now_add=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = "phiên đăng nhập"
        verbose_name_plural = "phiên đăng nhập"

    def __str__(self) -> str:
        return f"{self.user} – {self.device}"
