"""One object per form, however many times the button is pressed.

A form carries a random token (``form_token``); the first POST claims it inside the same
transaction as the write, a repeated POST finds it taken and is shown the first result.
"""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction

from ntm.core.models import IdempotencyKey


def new_token() -> str:
    return secrets.token_urlsafe(24)


def claim(token: str, user_id: int | None) -> bool:
    """True if this token was free and is now taken (call inside the write's transaction)."""
    if not token:
        return True
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(key=token[:64], user_id=user_id)
    except IntegrityError:
        return False
    return True


def remember(token: str, result: str) -> None:
    if token:
        IdempotencyKey.objects.filter(key=token[:64]).update(result=result[:255])


def previous_result(token: str) -> str:
    row = IdempotencyKey.objects.filter(key=token[:64]).first()
    return row.result if row else ""
