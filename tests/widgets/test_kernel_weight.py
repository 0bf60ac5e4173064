"""What the facilitator's kernels load: across a whole workshop (two revealed rounds, every
step shown on the console and the projector), charts are sent for the page to draw, and
neither vl-convert (about 85 MB a kernel) nor scipy (about 60 MB) is ever imported."""

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
print(json.dumps({"charts": charts, "heavy": sorted({"vl_convert", "scipy"} & set(sys.modules))}))
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
