"""What the facilitator's kernels load: across a whole workshop (two revealed rounds, every
step shown on the console and the projector), charts are sent for the page to draw, and
neither vl-convert (about 85 MB a kernel) nor scipy (about 60 MB) is ever imported, nor
rfc3987-syntax (over 2 s to import, through altair's jsonschema), here or in Voila's server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WALK = """
import json, sys
from pathlib import Path
from devtools.sample_session import build_workshop, four_group_template
from toolkit.apps.console import console_app
from toolkit.apps.projector import projector_app

root = Path(sys.argv[1])
folder = build_workshop(root / "session", four_group_template(root))
console, projector = console_app(folder), projector_app(folder)
console.bar.back_button.click()  # the sample ends on the last step: walk back to the first
for _ in range(8):
    console.bar.back_button.click()
charts = 0
for _ in range(8):
    console.refresh()
    projector.refresh()
    shown = [w.value for w in projector.children[-1].children if hasattr(w, "value")]
    shown += [getattr(projector, name).value for name in ("activity", "chart", "agreement")]
    charts += sum(v.count('class="toolkit-chart"') for v in shown if isinstance(v, str))
    console.bar.next_button.click()
heavy = ("vl_convert", "scipy", "rfc3987_syntax")
print(json.dumps({"charts": charts, "heavy": [m for m in heavy if sys.modules.get(m)]}))
"""


def test_a_whole_workshop_on_the_screens_loads_no_chart_renderer_or_scipy(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", WALK, str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["charts"] >= 4, seen  # the map, priorities, results and agreement were built
    assert seen["heavy"] == []


VOILA_SERVER = """
import sys
import toolkit.apps.voila_app  # what `toolkit serve` runs: Voila's server and the toolkit
import altair as alt
import jsonschema

try:  # altair still checks the charts it builds
    alt.Chart().mark_bar().encode(x="a:Q").properties(width="wide").to_dict()
except jsonschema.ValidationError:
    checked = True
else:
    checked = False
print(bool(sys.modules.get("rfc3987_syntax")), checked)
"""


def test_voila_s_server_and_altair_skip_the_slow_iri_grammar_and_still_check_charts() -> None:
    out = subprocess.run([sys.executable, "-c", VOILA_SERVER], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ["False", "True"]
