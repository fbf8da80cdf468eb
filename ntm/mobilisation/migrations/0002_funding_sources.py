"""Load the funding sources (data rows) shipped in ntm/mobilisation/data/funding_sources.yaml."""

from pathlib import Path

import yaml
from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "funding_sources.yaml"


def load(apps, schema_editor):
    FundingSource = apps.get_model("mobilisation", "FundingSource")
    rows = yaml.safe_load(DATA.read_text(encoding="utf-8"))["funding_sources"]
    for row in rows:
        FundingSource.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "is_budget": bool(row.get("budget", False)),
                "is_community": bool(row.get("community", False)),
                "order": int(row.get("order", 100)),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("mobilisation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
