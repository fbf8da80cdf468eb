import uuid
from typing import Any

from tests.scope import Case


def _conflict(w: Any) -> dict[str, Any]:
    from ntm.workspace.models import OutboxReceipt, OutcomeStatus, SyncConflict

    receipt = OutboxReceipt.objects.create(
        client_id=uuid.uuid4(), user=w.hamlet_head, url="/", status=OutcomeStatus.CONFLICT
    )
    conflict = SyncConflict.objects.create(
        receipt=receipt, unit=w.hamlet, title="Nhập số liệu", url="/", fields={"note": ["x"]}
    )
    return {"pk": conflict.pk}


CASES = {
    "workspace:scorecard": Case(
        kwargs=lambda w: {"pk": w.committee.pk},
        outsiders=("outsider", "outsider_head", "hamlet_head"),
    ),
    # Served to everyone: the browser fetches them without a session.
    "workspace:service_worker": Case(public=True),
    "workspace:manifest": Case(public=True),
    # JSON for the outbox: a lapsed session answers 401 so the phone keeps its items.
    "workspace:offline_pages": Case(public=True, expect=401),
    "workspace:sync_item": Case(public=True, expect=405),
    "workspace:sync": Case(insider="hamlet_head"),
    "workspace:conflicts": Case(),
    "workspace:conflict_decide": Case(
        kwargs=_conflict,
        outsiders=("outsider", "outsider_head", "hamlet_head2"),
        method="post",
        expect=302,
    ),
}
