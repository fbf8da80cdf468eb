"""Small helpers shared by the mobilisation and participation screens: create once (a double
click saves one row), save an edit against its version, render a history page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ntm.core.concurrency import StaleEdit, save_versioned
from ntm.core.history import history_for
from ntm.core.idempotency import claim, previous_result, remember


def create_once(
    request: HttpRequest,
    form: Any,
    save: Callable[[], models.Model],
    url_of: Callable[[Any], str],
) -> HttpResponse:
    """Run ``save`` once per form token; a repeated POST goes where the first one went."""
    token = form.cleaned_data.get("form_token") or ""
    with transaction.atomic():
        if not claim(token, request.user.pk):
            target = previous_result(token)
            return redirect(target or request.path)
        obj = save()
        url = url_of(obj)
        remember(token, url)
    return redirect(url)


def save_edit(form: Any) -> StaleEdit | None:
    """Save a bound, valid ModelForm on an existing row against the version it started from."""
    obj = form.save(commit=False)
    expected = form.cleaned_data.get("version") or obj.version
    try:
        save_versioned(obj, int(expected))
    except StaleEdit as exc:
        return exc
    form.save_m2m()
    return None


def history_page(request: HttpRequest, obj: models.Model, back_url: str) -> HttpResponse:
    return render(
        request,
        "core/history.html",
        {"object": obj, "entries": history_for(obj), "back_url": back_url},
    )
