"""The page a person lands on after signing in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ntm.accounts.models import RoleAssignment
from ntm.core import clock


@login_required
def home(request: HttpRequest) -> HttpResponse:
    assignments = RoleAssignment.objects.filter(
        user_id=request.user.pk or 0, active=True
    ).select_related("unit", "unit__level", "organisation")
    return render(
        request,
        "workspace/home.html",
        {"assignments": assignments, "today": clock.today()},
    )
