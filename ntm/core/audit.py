"""Tamper evidence for the audit trail: every history row and access-log row is hash-chained.

What is chained ("audited tables"): every history table kept by django-simple-history (the
change history of every record, including the document register and the number books) and
the personal-data access log (``accounts.AccessLog``, named in :data:`EXTRA_AUDITED`).

How: after each transaction that wrote such rows commits, :func:`seal_table` computes a
SHA-256 of every new row (all its columns, canonical JSON) and appends one link to that
table's chain (:class:`ntm.core.models.AuditSeal`): ``digest = sha256(previous digest, table,
[[pk, row digest], …])``. The chain's head is kept in :class:`ntm.core.models.AuditChain`.

:func:`verify` (the ``verify_audit`` command, run nightly and in CI, and by ``restore``) walks
every chain and recomputes every row:

- a row changed directly in the database (raw SQL, a database tool) no longer matches its
  digest: "đã bị sửa";
- a sealed row that is gone: "đã bị xóa";
- a link edited, removed or re-ordered breaks the chain: "chuỗi niêm phong bị sửa";
- a register/number-book/any tracked record whose history says it exists but whose row is gone
  (deleted outside the application, which would have written a deletion history row):
  "bị xóa trực tiếp trong CSDL".

A legitimate rewrite of audited rows (erasing personal data on request) calls :func:`reseal`
with its reason, which appends a link holding the new digests. Deleting a user account
(instead of deactivating it) empties the user column of the rows naming it and is reported:
accounts are deactivated, never deleted. The head digest printed by ``verify_audit`` can be
written down outside the server (or sent to the province) so that even a rewrite of the
whole chain by someone holding the database is detected.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction

logger = logging.getLogger(__name__)

# Append-only tables outside django-simple-history.
EXTRA_AUDITED = ("accounts.AccessLog",)
# A row committed late (a lower id than rows already sealed, PostgreSQL sequences do that
# under concurrency) is still sealed if it is within this many ids of the last sealed one.
STRAGGLER_WINDOW = 1000
BATCH = 2000
GENESIS = "0" * 64


@dataclass(frozen=True)
class Problem:
    table: str
    pk: Any
    kind: str  # changed | deleted | chain | deleted_live | inserted
    message: str


@dataclass
class Report:
    problems: list[Problem]
    tables: int
    rows: int
    pending: int
    heads: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.problems


def is_history_model(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type") and model.__name__.startswith("Historical")


def audited_models() -> list[type[models.Model]]:
    found: list[type[models.Model]] = []
    for model in apps.get_models():
        label = model._meta.label
        if is_history_model(model) or label in EXTRA_AUDITED:
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label)


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def _columns(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _canonical(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dict | list):
        return json.loads(json.dumps(value, sort_keys=True, default=str))
    return str(value)


def row_digest(values: Iterable[Any]) -> str:
    text = json.dumps([_canonical(v) for v in values], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def link_digest(previous: str, table: str, rows: list[list[Any]], reason: str = "") -> str:
    text = json.dumps([previous, table, rows, reason], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digests(model: type[models.Model], queryset: Any) -> Iterator[tuple[Any, str]]:
    pk_name = model._meta.pk.attname
    columns = _columns(model)
    for values in queryset.order_by(pk_name).values_list(*columns).iterator(chunk_size=BATCH):
        row = dict(zip(columns, values, strict=True))
        yield row[pk_name], row_digest(values)


def _append(model: type[models.Model], rows: list[list[Any]], reason: str = "") -> int:
    """Append one link (in the caller's transaction, chain head locked)."""
    from ntm.core.models import AuditChain, AuditSeal

    table = _label(model)
    chain, _ = AuditChain.objects.select_for_update().get_or_create(table=table)
    previous = chain.head or GENESIS
    digest = link_digest(previous, table, rows, reason)
    chain.links += 1
    AuditSeal.objects.create(
        table=table,
        seq=chain.links,
        rows=rows,
        previous=previous,
        digest=digest,
        reason=reason[:200],
    )
    chain.head = digest
    chain.last_pk = max([chain.last_pk, *(int(pk) for pk, _ in rows)])
    chain.save()
    return len(rows)


def seal_table(model: type[models.Model]) -> int:
    """Seal every row of ``model`` not sealed yet; returns how many were sealed."""
    from ntm.core.models import AuditChain, AuditSeal

    table = _label(model)
    pk_name = model._meta.pk.attname
    with transaction.atomic():
        chain, _ = AuditChain.objects.select_for_update().get_or_create(table=table)
        floor = max(0, chain.last_pk - STRAGGLER_WINDOW)
        sealed: set[int] = set()
        if chain.last_pk:
            for rows in (
                AuditSeal.objects.filter(table=table)
                .order_by("-seq")
                .values_list("rows", flat=True)[:200]
            ):
                sealed.update(int(pk) for pk, _ in rows if int(pk) > floor)
        recent = model._base_manager.filter(**{f"{pk_name}__gt": floor})
        waiting = [pk for pk in recent.values_list(pk_name, flat=True) if int(pk) not in sealed]
        if not waiting:
            return 0
        new: list[list[Any]] = []
        for start in range(0, len(waiting), BATCH):
            chunk = model._base_manager.filter(**{f"{pk_name}__in": waiting[start : start + BATCH]})
            new.extend([pk, digest] for pk, digest in _digests(model, chunk))
        return _append(model, new)


def seal_all() -> int:
    return sum(seal_table(model) for model in audited_models())


def reseal(model: type[models.Model], pks: Iterable[Any], reason: str) -> int:
    """Record the new digests of rows rewritten on purpose (``reason`` says why)."""
    pks = list(pks)
    if not pks:
        return 0
    pk_name = model._meta.pk.attname
    with transaction.atomic():
        rows = [
            [pk, digest]
            for pk, digest in _digests(model, model._base_manager.filter(**{f"{pk_name}__in": pks}))
        ]
        return _append(model, rows, reason=reason)


# --- Sealing after each commit -------------------------------------------------------------


def schedule_seal(model: type[models.Model]) -> None:
    """Seal ``model`` once the current transaction commits (once per table and transaction:
    a callback already waiting in this transaction is not added twice; a rolled-back
    transaction drops its callbacks, and the next commit seals what is left)."""
    label = _label(model)
    connection = transaction.get_connection()
    for entry in connection.run_on_commit:
        if getattr(entry[1], "ntm_seal_label", None) == label:
            return
    transaction.on_commit(_seal_callback(label), robust=True)


def _seal_callback(label: str) -> Callable[[], None]:
    """A named function (Django's robust on_commit logs a failing callback by its
    ``__qualname__``, which a ``functools.partial`` lacks)."""

    def seal_after_commit() -> None:
        seal_table(apps.get_model(label))

    seal_after_commit.ntm_seal_label = label  # type: ignore[attr-defined]
    return seal_after_commit


def _on_history_row(sender: Any, history_instance: Any = None, **kwargs: Any) -> None:
    if history_instance is not None:
        schedule_seal(type(history_instance))


def _on_save(sender: Any, created: bool = False, **kwargs: Any) -> None:
    if created:
        schedule_seal(sender)


def connect() -> None:
    from simple_history.signals import post_create_historical_record

    post_create_historical_record.connect(_on_history_row, dispatch_uid="ntm-audit-history")
    for label in EXTRA_AUDITED:
        models.signals.post_save.connect(
            _on_save, sender=apps.get_model(label), dispatch_uid=f"ntm-audit-{label}"
        )


# --- Verification --------------------------------------------------------------------------


def _verify_chain(model: type[models.Model], problems: list[Problem]) -> tuple[dict[Any, str], str]:
    from ntm.core.models import AuditChain, AuditSeal

    table = _label(model)
    expected: dict[Any, str] = {}
    head = GENESIS
    seq = 0
    for seal in AuditSeal.objects.filter(table=table).order_by("seq").iterator(chunk_size=200):
        seq += 1
        recomputed = link_digest(head, table, seal.rows, seal.reason)
        if seal.seq != seq or seal.previous != head or seal.digest != recomputed:
            problems.append(
                Problem(
                    table,
                    seal.seq,
                    "chain",
                    f"Chuỗi niêm phong của bảng {table} bị sửa, xóa hoặc đảo thứ tự tại mắt xích "
                    f"số {seal.seq}.",
                )
            )
        head = seal.digest
        for pk, digest in seal.rows:
            expected[pk] = digest
    chain = AuditChain.objects.filter(table=table).first()
    if (chain is not None and chain.head and chain.head != head) or (chain is None and seq):
        problems.append(
            Problem(
                table,
                None,
                "chain",
                f"Đầu chuỗi niêm phong của bảng {table} không khớp (mắt xích cuối bị xóa?).",
            )
        )
    return expected, head


def _verify_rows(
    model: type[models.Model], expected: dict[Any, str], problems: list[Problem]
) -> tuple[int, int]:
    """Recompute every row; returns (rows checked, rows not sealed yet)."""
    table = _label(model)
    name = str(model._meta.verbose_name)
    seen: set[Any] = set()
    pending = 0
    last = max((int(pk) for pk in expected), default=0)
    for pk, digest in _digests(model, model._base_manager.all()):
        seen.add(pk)
        sealed = expected.get(pk)
        if sealed is None:
            if int(pk) <= last - STRAGGLER_WINDOW:
                problems.append(
                    Problem(table, pk, "inserted", f"{name} #{pk}: dòng được thêm ngoài chuỗi.")
                )
            else:
                pending += 1
        elif sealed != digest:
            problems.append(
                Problem(table, pk, "changed", f"{name} #{pk}: nội dung đã bị sửa trực tiếp.")
            )
    for pk in expected.keys() - seen:
        problems.append(Problem(table, pk, "deleted", f"{name} #{pk}: dòng đã bị xóa."))
    return len(seen), pending


def _verify_live(model: type[models.Model], problems: list[Problem]) -> None:
    """A tracked record whose history says it exists must exist."""
    live = model.instance_type  # type: ignore[attr-defined]
    pk_name = live._meta.pk.attname
    last_type: dict[Any, str] = {}
    for object_id, kind in (
        model._base_manager.order_by("history_id")
        .values_list(pk_name, "history_type")
        .iterator(chunk_size=BATCH)
    ):
        last_type[object_id] = kind
    alive = {pk for pk, kind in last_type.items() if kind != "-"}
    if not alive:
        return
    existing = set(live._base_manager.values_list(pk_name, flat=True))
    name = str(live._meta.verbose_name)
    for pk in sorted(alive - existing, key=str):
        problems.append(
            Problem(
                _label(live),
                pk,
                "deleted_live",
                f"{name} #{pk}: bị xóa trực tiếp trong CSDL (lịch sử không ghi việc xóa).",
            )
        )


def verify() -> Report:
    problems: list[Problem] = []
    heads: dict[str, str] = {}
    rows = pending = 0
    models_ = audited_models()
    for model in models_:
        expected, head = _verify_chain(model, problems)
        heads[_label(model)] = head
        checked, waiting = _verify_rows(model, expected, problems)
        rows += checked
        pending += waiting
        if is_history_model(model) and any(
            f.name == "history_type" for f in model._meta.concrete_fields
        ):
            _verify_live(model, problems)
    return Report(problems=problems, tables=len(models_), rows=rows, pending=pending, heads=heads)
