"""Screenshots of each screen at projector and phone sizes, for the README and for review.

Run with `make screenshots`; writes docs/screenshots/*.png from a demo session: the
facilitator's screens from Voila, the phones' page from the real participants' server.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from devtools.chromium import PHONE, launch, offline_page, show_slide_page, wait_for_app
from toolkit.apps.actions import actions_app
from toolkit.apps.issues import issues_app
from toolkit.apps.phones.room import PhoneRoom
from toolkit.apps.serving import notebook, phone_server, session_token, voila_server
from toolkit.apps.voting import voting_app
from toolkit.records import Recorder, create_session
from toolkit.records.folder import session_template
from toolkit.records.templates import find_template

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SCREENS = {
    "console": ".toolkit-console .toolkit-agenda-bar",
    "overview": ".toolkit-overview",
    "stakeholders": ".toolkit-map svg",
    "issues": ".toolkit-issues",
    "voting": ".toolkit-voting",
    "actions": ".toolkit-actions",
    "notes": ".toolkit-notes",
    "projector": ".toolkit-projector .toolkit-slide-head",
}
PHONES = "participant"  # the phones' page: its screenshots keep the old notebook's name
PROJECTOR = (1920, 2600)  # tall, to see a whole screen at projector width
SLIDE = (1920, 1080)  # the projector itself is one slide of the screen's size
LAPTOP = (1366, 768)  # the console: most community organisations' laptops


def demo_session(root: Path) -> Path:
    """A session part-way through: stakeholders mapped, issues raised, a vote revealed."""
    folder = create_session(
        root / "demo",
        find_template("housing-coproduction"),
        "Improving repairs together",
        date="2026-11-28",
        facilitator="Demo facilitator",
    )
    rec = Recorder(folder)
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
    issues = issues_app(folder, 0)
    for text, group in (
        ("Repairs take too long", "tenants"),
        ("Nobody calls back", "tenants"),
        ("Damp and mould in the flats", "front-line-staff"),
        ("Contractors miss appointments", "managers"),
        ("Bins overflow at weekends", "tenants"),
        ("Lifts break down", "front-line-staff"),
    ):
        issues.text.value, issues.raised_by.value = text, group
        issues.add_button.click()
    issues.picked.value = tuple(i.issue_id for i in issues.board.active)
    issues.pick_button.click()
    voting = voting_app(folder, 0)
    voting.create_button.click()
    voting.open_button.click()
    voting.phone_step.value = "vote"
    phones = PhoneRoom(folder, session_template(folder))  # what the participants' server runs
    current = voting.voting.current
    assert current is not None
    options = [o.option_id for o in voting.voting.options(current.round_id)]
    for n, group in enumerate(["tenants"] * 4 + ["front-line-staff"] * 3 + ["managers"] * 3):
        person = phones.join(phones.join_form_id(), group, "")
        for option in (options[n % 3], options[(n * 2 + 1) % 6]):
            ballot = phones.ballot(person)
            shown = ballot.dots.get(option, 0) if ballot else 0
            phones.vote(person, current.round_id, option, +1, shown)
    voting.close_button.click()
    voting.reveal_button.click()
    actions = actions_app(folder, 0)
    for answers, action, users, provider, owner, status in (
        (0, "Call back within two working days", "Say the best time to call",
         "A named officer for each repair", "Repairs lead", "agreed"),
        (2, "Damp survey of every block", "Let surveyors in and report new damp",
         "Survey and fix within the month", "Asset manager", "proposed"),
    ):  # fmt: skip
        actions.form.issue.value = actions.form.issue.options[answers + 1][1]
        actions.form.action.value, actions.form.users.value = action, users
        actions.form.provider.value, actions.form.owner.value = provider, owner
        actions.form.status.value = status
        actions.add_button.click()
    rec.append("settings", "set", key="agenda_step", value="step-5")
    return folder


def phone_screenshots(browser: Browser, folder: Path) -> None:
    """The phones' page as a phone first opens the join link, from the participants' server."""
    code = session_token(folder)
    with phone_server(folder, token=code) as origin:
        view = offline_page(browser, origin, size=PHONE)  # the address typed, no code yet
        view.page.goto(origin)
        view.page.wait_for_selector("form[action='/login'] button", state="visible")
        view.page.screenshot(path=str(OUT / "join-login-phone.png"))
        view.context.close()
        for size_name, size in (("projector", PROJECTOR), ("phone", PHONE)):
            view = offline_page(browser, origin, size=size)
            view.page.goto(f"{origin}/?token={code}")
            view.page.wait_for_selector("main#phone form[action='/join'] button", state="visible")
            view.page.wait_for_timeout(300)
            out = OUT / f"{PHONES}-{size_name}.png"
            view.page.screenshot(path=str(out))
            print(f"wrote {out}; blocked requests: {view.blocked}")
            view.context.close()


def voila_screenshots(browser: Browser, folder: Path, screens: dict[str, str]) -> None:
    """The facilitator's screens and the projector, each from its notebook in Voila."""
    with voila_server(notebook("."), folder) as origin:
        for screen, selector in screens.items():
            # the projector is a slide and the console a laptop's cockpit: each its own size
            wide = {"projector": SLIDE, "console": LAPTOP}.get(screen, PROJECTOR)
            for size_name, size in (("projector", wide), ("phone", PHONE)):
                view = offline_page(browser, origin, size=size)
                view.page.goto(f"{origin}/voila/render/{screen}.ipynb")
                wait_for_app(view.page, selector)
                if screen == "projector":  # its first page: the results
                    view.page.locator(".toolkit-stage svg").first.wait_for(state="attached")
                    show_slide_page(view.page, 1)
                view.page.wait_for_timeout(500)
                out = OUT / f"{screen}-{size_name}.png"
                view.page.locator(".toolkit-app").first.screenshot(path=str(out))
                print(f"wrote {out}; blocked requests: {view.blocked}")
                view.context.close()


def main(only: list[str] | None = None) -> int:
    """All screenshots, or (`python -m devtools.screenshots participant`) only those named."""
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = set(only or [*SCREENS, PHONES])
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch(p)
        folder = demo_session(Path(tmp))
        if PHONES in wanted:
            phone_screenshots(browser, folder)
        screens = {k: v for k, v in SCREENS.items() if k in wanted}
        if screens:
            voila_screenshots(browser, folder, screens)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
