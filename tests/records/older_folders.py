"""A session folder as the toolkit wrote it before rows carried digests (records schema 1):
no digest column, no corrections.csv, no seals in settings.csv."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from toolkit.records.fields import DIGEST


def as_version_1(folder: Path) -> Path:
    for path in folder.glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        at = rows[0].index(DIGEST)
        kept = [r[:at] + r[at + 1 :] for r in rows if not (r[3:4] and r[3].startswith("sealed:"))]
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(kept)
        path.write_text(out.getvalue(), encoding="utf-8")
    (folder / "corrections.csv").unlink()
    shutil.rmtree(folder / ".locks", ignore_errors=True)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    descriptor["toolkit_schema_version"] = 1
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "corrections"]
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        resource["schema"]["fields"] = [f for f in fields if f["name"] != DIGEST]
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n")
    return folder
