""" "Phiên đăng nhập": a user's signed-in devices, ending one or all of them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ntm.accounts import sessions
from ntm.accounts.models import UserSession


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("ket_thuc"):
        if sessions.end_session(request.user, request.POST["ket_thuc"]):  # type: ignore[arg-type]
            messages.success(request, "Đã đăng xuất phiên trên thiết bị đó.")
        return redirect("accounts:sessions")
    rows = UserSession.objects.filter(user=request.user)  # type: ignore[misc]
    return render(
        request,
        "accounts/sessions.html",
        {
            "rows": rows,
            "current": request.session.session_key,
            "required": sessions.second_factor_required(request.user),
        },
    )


@login_required
@require_POST
def end_all(request: HttpRequest) -> HttpResponse:
    """Log out everywhere, this browser included (a lost phone, a shared computer)."""
    count = sessions.end_all_sessions(request.user, keep=request.session.session_key)  # type: ignore[arg-type]
    logout(request)
    messages.success(
        request,
        f"Đã đăng xuất khỏi mọi thiết bị ({count + 1} phiên). Vui lòng đăng nhập lại.",
    )
    return redirect("accounts:login")
