"""Idle sessions end; officials who set up a second factor must use it."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

_TOUCH_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get("last_seen")
            limit = settings.NTM_IDLE_TIMEOUT_MINUTES * 60
            if last_seen is not None and now - float(last_seen) > limit:
                logout(request)
                messages.info(
                    request,
                    "Phiên làm việc đã kết thúc vì lâu không thao tác. Vui lòng đăng nhập lại.",
                )
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            # Writing the session on every request would turn each page view into a write.
            if last_seen is None or now - float(last_seen) > _TOUCH_EVERY_SECONDS:
                request.session["last_seen"] = now
                from ntm.accounts.sessions import touch

                touch(request)  # "hoạt động gần nhất" on the sessions page
        return self.get_response(request)


class SecondFactorMiddleware:
    """A user with a confirmed TOTP device reaches nothing but the code page until verified;
    a user whose role requires a second factor (SecondFactorRule) and has none yet reaches
    nothing but the set-up page."""

    ALLOWED_PREFIXES = ("/static/", "/tai-khoan/xac-thuc/", "/dang-xuat/", "/suc-khoe/")
    SETUP_PREFIX = "/tai-khoan/hai-buoc/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            from django_otp import user_has_device

            if user_has_device(user, confirmed=True):
                return redirect(f"{reverse('accounts:otp_verify')}?next={request.path}")
            from ntm.accounts.sessions import second_factor_required

            if not request.path.startswith(self.SETUP_PREFIX) and second_factor_required(user):
                messages.warning(
                    request,
                    "Vai trò của bạn bắt buộc xác thực hai bước: hãy cài đặt ứng dụng xác thực "
                    "trước khi tiếp tục làm việc.",
                )
                return redirect("accounts:otp_setup")
        return self.get_response(request)
