"""Screenshots of each screen at projector and phone sizes, for the README and for review.

Run with `make screenshots`; writes docs/screenshots/*.png from a demo session.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from devtools.chromium import PHONE, launch, offline_page, wait_for_app
from toolkit.apps.serving import notebook, voila_server
from toolkit.records import Recorder, create_session
from toolkit.records.templates import find_template

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SCREENS = {"overview": ".toolkit-overview", "stakeholders": ".toolkit-map svg"}


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
    people = [
        ("Tenants' panel", "Tenants", 2, 5, "supportive", "supportive"),
        ("Repairs contractor", "Contractor", 4, 2, "resisting", "neutral"),
        ("Ward councillors", "Council", 5, 3, "neutral", "supportive"),
        ("Housing officers", "Housing staff", 3, 4, "neutral", "neutral"),
        ("Residents' association", "Voluntary group", 2, 4, "neutral", "supportive"),
        ("Regulator of Social Housing", "Regulator", 5, 2, "neutral", "neutral"),
    ]
    for i, (name, kind, power, interest, now, wanted) in enumerate(people):
        rec.append(
            "stakeholders",
            "added",
            stakeholder_id=f"S{i}",
            name=name,
            kind=kind,
            power=power,
            interest=interest,
            position=now,
            desired_position=wanted,
        )
    for i, text in enumerate(("Repairs take too long", "Nobody calls back", "Damp in flats")):
        rec.append("issues", "raised", issue_id=f"I{i}", text=text, channel="paper")
    return folder


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch(p)
        with voila_server(notebook("."), demo_session(Path(tmp))) as origin:
            for screen, selector in SCREENS.items():
                for size_name, size in (("projector", (1920, 1900)), ("phone", PHONE)):
                    view = offline_page(browser, origin, size=size)
                    view.page.goto(f"{origin}/voila/render/{screen}.ipynb")
                    wait_for_app(view.page, selector)
                    view.page.wait_for_timeout(500)
                    out = OUT / f"{screen}-{size_name}.png"
                    view.page.locator(".toolkit-app").first.screenshot(path=str(out))
                    print(f"wrote {out}; blocked requests: {view.blocked}")
                    view.context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
