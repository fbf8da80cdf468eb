"""Login, second factor, and the directory (people, organisations, steering committee)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ntm.accounts import permissions
from ntm.accounts.forms import LoginForm, PersonForm, TokenForm
from ntm.accounts.models import CommitteeMember, Organisation, Person, SteeringCommittee
from ntm.accounts.scope import get_visible_or_404
from ntm.core import ratelimit
from ntm.core.concurrency import StaleEdit, save_versioned
from ntm.core.history import history_for
from ntm.core.htmx import render_page
from ntm.core.models import search_q

# Besides the per-username lock (django-axes), one address may fail at most this many logins
# in the window. Only failures count, so a whole office behind one NAT address logging in
# every morning never reaches it; a password-guessing script trying many usernames does.
LOGIN_FAILURES_PER_ADDRESS = 50
LOGIN_FAILURE_WINDOW = 15 * 60


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        address = ratelimit.client_address(request)
        if ratelimit.exceeded("login", address, limit=LOGIN_FAILURES_PER_ADDRESS):
            minutes = LOGIN_FAILURE_WINDOW // 60
            return render(
                request,
                "accounts/login.html",
                {
                    "form": LoginForm(request),
                    "locked_message": (
                        "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này. "
                        f"Vui lòng thử lại sau {minutes} phút."
                    ),
                },
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        address = ratelimit.client_address(self.request)
        ratelimit.hit(
            "login", address, limit=LOGIN_FAILURES_PER_ADDRESS, window=LOGIN_FAILURE_WINDOW
        )
        return super().form_invalid(form)


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this when a username has too many failed attempts."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    form = LoginForm(request, data=request.POST or None)
    form.is_valid()  # bind the submitted username so the page keeps it
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "locked_message": (
                "Tài khoản này tạm thời bị khóa vì nhập sai mật khẩu quá nhiều lần. "
                f"Vui lòng thử lại sau {minutes} phút hoặc liên hệ quản trị hệ thống để mở khóa."
            ),
        },
        status=429,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, "Đã đổi mật khẩu.")
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _safe_next(request: HttpRequest, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code, confirm with one code."""
    import segno

    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Ứng dụng xác thực", confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            otp_login(request, device)
            messages.success(request, "Đã bật xác thực hai bước cho tài khoản.")
            return redirect("home")
        form.add_error("token", "Mã không đúng hoặc đã hết hạn. Hãy nhập mã mới nhất.")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    has_confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr_svg": qr_svg, "has_confirmed": has_confirmed},
    )


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_safe_next(request))
        form.add_error("token", "Mã không đúng hoặc đã hết hạn.")
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request)})


# --- Directory ----------------------------------------------------------------------------


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    people = (
        Person.objects.visible_to(request.user)
        .select_related("unit", "organisation", "position")
        .order_by("sort_name", "pk")
    )
    people = people.filter(search_q(query))
    page = Paginator(people, 50).get_page(request.GET.get("trang"))
    return render_page(
        request, "accounts/person_list.html", {"page": page, "q": query}, partial="results"
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(
        Person.objects.select_related("unit", "organisation", "position"), request.user, pk=pk
    )
    seats = CommitteeMember.objects.filter(person=person).select_related("committee")
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "seats": seats,
            "can_edit": permissions.can_edit_person(request.user, person),
        },
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    if not permissions.can_edit_person(request.user, person):
        raise PermissionDenied
    organisations = Organisation.objects.visible_to(request.user)
    form = PersonForm(request.POST or None, instance=person, organisations=organisations)
    if request.method != "POST":
        form.fields["version"].initial = person.version
    stale: StaleEdit | None = None
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(form.instance, form.cleaned_data["version"], fields=form.Meta.fields)
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, "Đã lưu thông tin.")
            return redirect("accounts:person_detail", pk=person.pk)
    return render(
        request, "accounts/person_form.html", {"form": form, "person": person, "stale": stale}
    )


@login_required
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person, request.user, pk=pk)
    return render(
        request,
        "core/history.html",
        {"object": person, "entries": history_for(person), "back_url": person_url(person)},
    )


def person_url(person: Person) -> str:
    from django.urls import reverse

    return reverse("accounts:person_detail", args=[person.pk])


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = (
        Organisation.objects.visible_to(request.user)
        .select_related("unit", "unit__level")
        .prefetch_related(
            Prefetch(
                "people", queryset=Person.objects.select_related("position").order_by("sort_name")
            )
        )
    )
    committees = SteeringCommittee.objects.visible_to(request.user).select_related("unit")
    return render(
        request,
        "accounts/organisation_list.html",
        {"organisations": organisations, "committees": committees},
    )


@login_required
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_visible_or_404(
        SteeringCommittee.objects.select_related("unit"), request.user, pk=pk
    )
    members = committee.members.filter(active=True).select_related(
        "person", "person__position", "person__organisation"
    )
    return render(
        request, "accounts/committee_detail.html", {"committee": committee, "members": members}
    )
