"""Every response carries the protective headers; every write needs a CSRF token."""

from typing import Any

from django.contrib import admin
from django.test import Client
from django.urls import reverse


def test_pages_send_security_headers(client: Client, world: Any) -> None:
    client.force_login(world.officer)
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_login_page_has_no_inline_script(client: Client, db: Any) -> None:
    html = client.get(reverse("accounts:login")).content.decode()
    assert "<script>" not in html and "onclick=" not in html and 'style="' not in html


def test_writes_without_csrf_token_are_refused(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    response = client.post(
        reverse("units:unit_edit", args=[world.hamlet.pk]),
        {"name": "Bị sửa", "kind_name": "Ấp", "version": world.hamlet.version},
    )
    assert response.status_code == 403
    world.hamlet.refresh_from_db()
    assert world.hamlet.name == "An Lợi"


def test_htmx_posts_carry_the_token_from_the_page(client: Client, world: Any) -> None:
    client.force_login(world.officer)
    html = client.get(reverse("home")).content.decode()
    assert '<meta name="csrf-token" content="' in html
    js = client.get("/static/ntm/app.js").getvalue().decode()
    assert "X-CSRFToken" in js


def test_audit_rows_cannot_be_changed_through_the_admin() -> None:
    for model in admin.site._registry:
        assert not model.__name__.startswith("Historical"), f"{model.__name__} is editable in admin"
