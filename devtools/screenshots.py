"""Screenshots of each screen at projector and phone sizes, for the README and for review.

Run with `make screenshots`; writes docs/screenshots/*.png from a demo session.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from devtools.chromium import PHONE, PROJECTOR, launch, offline_page, wait_for_app
from toolkit.apps.serving import overview_notebook, voila_server
from toolkit.records import Recorder, create_session
from toolkit.records.templates import find_template

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def demo_session(root: Path) -> Path:
    folder = create_session(
        root / "demo",
        find_template("housing-coproduction"),
        "Improving repairs together",
        date="2026-11-28",
        facilitator="Demo facilitator",
    )
    rec = Recorder(folder)
    groups = (
        "tenants",
        "tenants",
        "tenants",
        "tenants",
        "front-line-staff",
        "front-line-staff",
        "managers",
    )
    rec.append_many(
        "participants",
        [
            {"event": "joined", "participant_id": f"P{i}", "group_id": g, "channel": "device"}
            for i, g in enumerate(groups)
        ],
    )
    for i, name in enumerate(("Tenants' panel", "Repairs contractor", "Councillors")):
        rec.append("stakeholders", "added", stakeholder_id=f"S{i}", name=name)
    for i, text in enumerate(("Repairs take too long", "Nobody calls back", "Damp in flats")):
        rec.append("issues", "raised", issue_id=f"I{i}", text=text, channel="paper")
    return folder


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch(p)
        with voila_server(overview_notebook(), demo_session(Path(tmp))) as origin:
            for name, size in (("projector", PROJECTOR), ("phone", PHONE)):
                view = offline_page(browser, origin, size=size)
                view.page.goto(origin + "/")
                wait_for_app(view.page, ".toolkit-overview")
                view.page.screenshot(path=str(OUT / f"overview-{name}.png"), full_page=True)
                print(f"wrote {OUT / f'overview-{name}.png'}; blocked requests: {view.blocked}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
