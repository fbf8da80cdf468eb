"""Sessions of officials: who is signed in where, "log out everywhere", mandatory 2FA per role.

- Every sign-in records a :class:`UserSession` (device read from the browser's User-Agent, IP
  address, time); signing out removes it; the idle-timeout middleware refreshes ``last_seen``
  at most once a minute.
- :func:`end_all_sessions` ends every session of a user (the person on "Phiên đăng nhập", or an
  administrator for a lost phone or a person leaving office), including sessions opened before
  this list existed (read from the session store).
- :func:`second_factor_required` reads :class:`SecondFactorRule`: the province administrator
  makes two-step verification mandatory for roles; the middleware then allows nothing but
  the set-up page to a user of such a role without a confirmed authenticator.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from ntm.accounts.models import (
    Role,
    RoleAssignment,
    SecondFactorRequirement,
    SecondFactorRule,
    User,
    UserSession,
)

_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("CocCoc", "Cốc Cốc"),
    ("Zalo", "Zalo"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def device_label(user_agent: str) -> str:
    """'Chrome trên Android' from a User-Agent header; 'Thiết bị không rõ' when unknown."""
    agent = user_agent or ""
    browser = next((name for key, name in _BROWSERS if key in agent), "")
    system = next((name for key, name in _SYSTEMS if key in agent), "")
    if browser and system:
        return f"{browser} trên {system}"
    return browser or system or "Thiết bị không rõ"


def _ip(request: HttpRequest) -> str | None:
    value = request.META.get("REMOTE_ADDR") or ""
    return value if re.fullmatch(r"[0-9a-fA-F:.]{2,45}", value) else None


def record_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if not request.session.session_key:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "device": device_label(request.META.get("HTTP_USER_AGENT", ""))[:120],
            "ip_address": _ip(request),
        },
    )


def record_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


def touch(request: HttpRequest) -> None:
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).update(last_seen=timezone.now())


def _store() -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore


def end_all_sessions(user: User, *, keep: str | None = None) -> int:
    """End every session of ``user`` (except the session key ``keep``); returns how many."""
    store = _store()
    keys = set(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                keys.add(session.session_key)
    keys.discard(keep or "")
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(user=user, session_key__in=keys).delete()
    return len(keys)


def end_session(user: User, key: str) -> bool:
    if not UserSession.objects.filter(user=user, session_key=key).exists():
        return False
    _store()(session_key=key).delete()
    UserSession.objects.filter(user=user, session_key=key).delete()
    return True


def required_roles() -> set[str]:
    return set(SecondFactorRule.objects.filter(required=True).values_list("role", flat=True))


def second_factor_required(user: Any) -> bool:
    """Whether a role the user holds requires two-step verification (superusers count as
    administrators)."""
    roles = required_roles()
    assignments = list(RoleAssignment.objects.filter(user=user).values_list("role", "unit__path"))
    held = {role for role, _ in assignments}
    if getattr(user, "is_superuser", False):
        held.add(Role.ADMIN)
    if held & roles:
        return True
    # A province or commune administrator's rule (/quan-ly/): the role held at that unit or
    # below it.
    for rule_role, rule_path in SecondFactorRequirement.objects.filter(role__in=held).values_list(
        "role", "unit__path"
    ):
        if any(r == rule_role and path.startswith(rule_path) for r, path in assignments):
            return True
    return False


def connect() -> None:
    user_logged_in.connect(record_login, dispatch_uid="ntm-session-login")
    user_logged_out.connect(record_logout, dispatch_uid="ntm-session-logout")
