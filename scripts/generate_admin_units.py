"""Generate ntm/geography/data/admin_2025/*.csv from the MIT-licensed ``vietnamadminunits``
package (https://github.com/tranngocminhhieu/vietnamadminunits, © 2025 Tran Ngoc Minh Hieu).

The package is not a run-time dependency (it pulls shapely and geopy). To regenerate:

    python3 -m venv /tmp/vau && /tmp/vau/bin/pip download vietnamadminunits --no-deps -d /tmp/vau
    cd /tmp/vau && unzip -o vietnamadminunits-*.whl
    python3 scripts/generate_admin_units.py /tmp/vau/vietnamadminunits/data

Writes provinces.csv (34 provinces valid from 2025-07-01 with their official codes and the
provinces they were formed from) and communes.csv (3,321 commune-level units with official
codes and the pre-2025 communes they were formed from).
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "ntm" / "geography" / "data" / "admin_2025"
PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")


def main(data_dir: Path) -> None:
    db = sqlite3.connect(data_dir / "dataset.db")
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    legacy_province = dict(
        db.execute("select distinct provinceKey, province from admin_units_legacy")
    )
    legacy_ward: dict[str, tuple[str, str]] = {}
    for pk, dk, wk, province, district, ward, code in db.execute(
        "select provinceKey, districtKey, wardKey, province, district, ward, wardCode"
        " from admin_units_legacy"
    ):
        legacy_ward[f"{pk}_{dk}_{wk}"] = (f"{ward}, {district}, {province}", code)
    # New ward key -> predecessor legacy keys (whole or divided).
    predecessors: dict[tuple[str, str], list[str]] = {}
    for pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, olds in wards.items():
            predecessors.setdefault((pkey, wkey), []).extend(olds)
    for pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, news in olds.items():
            for new in news:
                predecessors.setdefault((pkey, new["newWardKey"]), []).append(old + " (một phần)")
    OUT.mkdir(parents=True, exist_ok=True)
    provinces = db.execute(
        "select distinct provinceCode, province, provinceShort, provinceKey from admin_units"
        " order by provinceCode"
    ).fetchall()
    with (OUT / "provinces.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["code", "kind", "name", "formed_from"])
        for code, full, short, key in provinces:
            kind = next(p.strip() for p in PROVINCE_PREFIXES if full.startswith(p))
            olds = [legacy_province.get(k, k) for k in converter["DICT_PROVINCE"].get(key, [])]
            out.writerow([code, kind, short, "; ".join(sorted(olds))])
    rows = db.execute(
        "select provinceCode, wardCode, wardType, wardShort, provinceKey, wardKey from admin_units"
        " order by provinceCode, wardCode"
    ).fetchall()
    with (OUT / "communes.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["province_code", "code", "kind", "name", "formed_from"])
        for pcode, code, kind, short, pkey, wkey in rows:
            names = []
            for old in predecessors.get((pkey, wkey), []):
                part = " (một phần)" if old.endswith(" (một phần)") else ""
                name = legacy_ward.get(old.removesuffix(" (một phần)"), (old, ""))[0]
                names.append(name + part)
            out.writerow([pcode, code, kind, short, "; ".join(names)])
    print(f"{len(provinces)} provinces, {len(rows)} communes -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
