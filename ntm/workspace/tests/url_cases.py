from tests.scope import Case

CASES = {
    "workspace:scorecard": Case(
        kwargs=lambda w: {"pk": w.committee.pk},
        outsiders=("outsider", "outsider_head", "hamlet_head"),
    ),
}
