"""Issue 21: every refusal a person can meet is in Vietnamese — the CSRF failure page (with
DEBUG off, as in production), the 400/403/404/500 pages, the administrator's column labels —
and the administrator's search finds what the screens find (NFD input, no diacritics)."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.text import capfirst

from ntm.core import views
from tests.security.test_vietnamese_messages import VIETNAMESE

pytestmark = pytest.mark.django_db


def _vietnamese_page(content: bytes, *english: str) -> str:
    text = content.decode()
    assert VIETNAMESE.search(text), text[:300]
    for phrase in english:
        assert phrase not in text
    return text


def test_csrf_failure_is_vietnamese_in_production(settings: Any, world: Any) -> None:
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    text = _vietnamese_page(response.content, "CSRF verification failed", "Forbidden")
    assert "Phiên gửi biểu mẫu đã hết hạn" in text


def test_csrf_failure_for_a_signed_in_user(settings: Any, world: Any) -> None:
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    response = client.post(reverse("accounts:password_change"), {})
    assert response.status_code == 403
    _vietnamese_page(response.content, "CSRF verification failed")


def test_404_page_is_vietnamese(settings: Any, client: Any, world: Any) -> None:
    settings.DEBUG = False
    client.force_login(world.officer)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in _vietnamese_page(response.content, "Not Found")


def test_400_page_is_vietnamese(settings: Any, client: Any) -> None:
    settings.DEBUG = False
    response = client.get("/", HTTP_HOST="ke-gian.invalid")  # not in ALLOWED_HOSTS
    assert response.status_code == 400
    _vietnamese_page(response.content, "Bad Request")


def test_403_and_500_pages_are_vietnamese() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    denied = views.permission_denied(request)
    assert denied.status_code == 403
    assert "không có quyền" in _vietnamese_page(denied.content, "Forbidden")
    failed = views.server_error(request)
    assert failed.status_code == 500
    assert "Hệ thống gặp sự cố" in _vietnamese_page(failed.content, "Server Error")


def _english_default(model: Any, name: str, label: str) -> bool:
    """The label Django invents from an attribute name ("Display name") is English."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return label == capfirst(name.replace("_", " "))
    return str(field.verbose_name) == field.name.replace("_", " ")


def test_every_admin_column_label_is_vietnamese() -> None:
    english = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("ntm."):
            continue
        for name in model_admin.list_display:
            if not isinstance(name, str) or name == "__str__":
                continue
            label = str(label_for_field(name, model, model_admin))
            if _english_default(model, name, label):
                english.append(f"{model.__name__}.{name}: {label}")
    assert not english, english


def test_admin_search_uses_the_normalised_key(client: Any, world: Any) -> None:
    from ntm.accounts.models import User

    admin_user = User.objects.create_superuser("quan.tri", password="x-Very-long-1")
    client.force_login(admin_user)
    units = reverse("admin:geography_administrativeunit_changelist")
    nfd = unicodedata.normalize("NFD", "Tân Lợi")
    response = client.get(units, {"q": nfd})
    assert response.status_code == 200
    assert "Xã Tân Lợi" in response.content.decode()
    users = reverse("admin:accounts_user_changelist")
    for query in ("dinh quoc duy", "Đinh Quốc Duy", unicodedata.normalize("NFD", "Đinh Quốc")):
        page = client.get(users, {"q": query}).content.decode()
        assert "Đinh Quốc Duy" in page and "Trần Thị Mai" not in page, query
