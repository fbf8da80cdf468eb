"""Abstract building blocks shared by every domain app (the core knows no domain)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from ntm.core.text import normalize, search_key


def search_q(text: str, field: str = "search") -> Q:
    """Every word of the query must begin a word of the stored key: "an loi" finds "Ấp An Lợi"
    but not "Xã Tân Lợi"; order does not matter; diacritics and case are ignored."""
    condition = Q()
    for word in search_key(text).split():
        condition &= Q(**{f"{field}__contains": " " + word})
    return condition


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Optimistic locking: every edit states the version it started from.

    See :mod:`ntm.core.concurrency` for the guarded update that refuses a stale edit.
    """

    version = models.PositiveIntegerField("phiên bản", default=1, editable=False)

    class Meta:
        abstract = True


class SearchableModel(models.Model):
    """Keeps a diacritics-free, case-folded copy of the searchable text in an indexed column."""

    search = models.CharField(max_length=500, editable=False, db_index=True, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A leading space lets every query word match the start of a word (" loi").
        self.search = (" " + search_key(self.search_text()))[:500]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search"}
        super().save(*args, **kwargs)

    def search_text(self) -> str:
        return str(self)


def normalize_text_fields(instance: models.Model) -> None:
    """NFC-normalise every char/text field so that 'Lợi' typed two ways is one 'Lợi'."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, normalize(value))


class NormalizedTextModel(models.Model):
    """Stores every char/text field NFC-normalised (see :func:`normalize_text_fields`)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        normalize_text_fields(self)
        super().save(*args, **kwargs)


class IdempotencyKey(models.Model):
    """A form's one-time token: a double click or a resent POST creates one object, not two."""

    key = models.CharField(max_length=64, unique=True)
    user_id = models.BigIntegerField(null=True)
    result = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "khóa gửi một lần"

    def __str__(self) -> str:
        return self.key


class AuditChain(models.Model):
    """The head of one audited table's hash chain (see :mod:`ntm.core.audit`)."""

    table = models.CharField("bảng", max_length=100, unique=True)
    last_pk = models.BigIntegerField("khóa lớn nhất đã niêm phong", default=0)
    head = models.CharField("mã băm cuối chuỗi", max_length=64, default="")
    links = models.PositiveIntegerField("số mắt xích", default=0)

    class Meta:
        verbose_name = "chuỗi niêm phong nhật ký"
        verbose_name_plural = "chuỗi niêm phong nhật ký"

    def __str__(self) -> str:
        return self.table


class AuditSeal(models.Model):
    """One link of a chain: the digests of the rows sealed together, chained to the previous
    link (``digest = sha256(previous digest + table + rows)``). Append-only."""

    table = models.CharField("bảng", max_length=100)
    seq = models.PositiveIntegerField("số thứ tự")
    rows = models.JSONField("mã băm từng dòng", default=list)  # [[pk, sha256 hex], …]
    previous = models.CharField("mã băm mắt xích trước", max_length=64)
    digest = models.CharField("mã băm", max_length=64)
    reason = models.CharField("lý do", max_length=200, blank=True, default="")
    sealed_at = models.DateTimeField("niêm phong lúc", auto_now_add=True)

    class Meta:
        verbose_name = "mắt xích niêm phong nhật ký"
        verbose_name_plural = "mắt xích niêm phong nhật ký"
        constraints = [models.UniqueConstraint(fields=["table", "seq"], name="audit_seal_seq")]

    def __str__(self) -> str:
        return f"{self.table} #{self.seq}"
