"""axe-core (WCAG 2 A and AA) on every screen of a workshop as it is served: the participant's
phone at every screen (from the login page to a closed ballot, on the participants' server),
and the facilitator's console and the projector at each step of the agenda.

One Voila and one participants' server for the module; the three pages are opened once and
walked through the workshop, which the facilitator's other screens move on from Python. No
selector is excluded: Voila's own chrome (the page around the widgets, the scrolling
#rendered_cells) passes with the toolkit's template.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from devtools.chromium import (
    PHONE,
    PROJECTOR,
    OfflinePage,
    offline_page,
    show_slide_page,
    slide_pages,
    wait_for_app,
)
from tests.browser.phones import Phone
from tests.workshop import shortlist, template_with
from toolkit.apps.actions import actions_app
from toolkit.apps.serving import JOIN_URL_ENV, phone_server, session_token, voila_server
from toolkit.apps.stakeholders import stakeholder_app
from toolkit.apps.voting import voting_app
from toolkit.records import create_session
from toolkit.records.join_code import join_link
from toolkit.records.templates import find_template, load_template, shipped_root

pytestmark = pytest.mark.browser
LIVE = 15_000
AXE = Axe()  # ships axe-core; it is injected with page.evaluate, so nothing is fetched
OPTIONS = {
    "runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}  # fmt: skip
FAIL = ("critical", "serious")  # lesser ones are reported as warnings
NAMED_DRAWINGS = """() => {
  const drawn = [...document.querySelectorAll('.toolkit-chart svg')];
  return drawn.length > 0 && drawn.every(svg => svg.getAttribute('aria-label'));
}"""
ISSUES = ["Repairs take too long", "Nobody calls back", "Damp in the flats", "Bins overflow"]
AGENDA = load_template(find_template("housing-coproduction")).agenda
# The console's screen under the agenda bar, for each kind of step.
CONSOLE_SCREEN = {"setup": "toolkit-overview", "stakeholders": "toolkit-stakeholders",
                  "issues": "toolkit-issues", "prioritise": "toolkit-issues",
                  "vote": "toolkit-voting", "actions": "toolkit-actions",
                  "close": "toolkit-overview"}  # fmt: skip


def _step(n: int, extra: str = "") -> str:
    return f"step {n} {AGENDA[n - 1].kind}" + (f", {extra}" if extra else "")


STEPS = [
    _step(1), _step(2, "empty map"), _step(2, "one stakeholder"), _step(3), _step(4),
    _step(5, "vote open"), _step(5, "vote closed"), _step(5, "results revealed"),
    _step(6, "round 2 revealed"), _step(7, "one action"), _step(8),
]  # fmt: skip
SCREENS = [
    *(f"participant: {s}" for s in ("login page", "before joining", "joined, waiting",
                                    "raising issues", "rating issues", "vote open",
                                    "ballot spent", "vote closed")),
    *(f"console {s}" for s in STEPS),
    *(f"projector {s}" for s in STEPS),
]  # fmt: skip

# Resolves once the page has not changed for a moment (a redraw arrives in several messages).
QUIET = """() => new Promise(resolve => {
  let timer, obs, cap;
  const done = () => { obs.disconnect(); clearTimeout(cap); resolve(); };
  obs = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 500); });
  obs.observe(document.body, {subtree: true, childList: true, attributes: true,
                              characterData: true});
  timer = setTimeout(done, 500);
  cap = setTimeout(done, 10000);
})"""


@dataclass
class Walk:
    views: dict[str, OfflinePage]
    phones: str  # the participants' server
    token: str
    found: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def scan(self, view: str, label: str) -> None:
        page = self.views[view].page
        page.evaluate(QUIET)
        name = f"{view} {label}" if view != "phone" else f"participant: {label}"
        assert name in SCREENS, name
        found: dict[str, dict[str, Any]] = {}
        for j in range(1, slide_pages(page) + 1) if view == "projector" else [0]:
            show_slide_page(page, j)  # every page of the slide, as its turn comes
            for v in AXE.run(page, options=OPTIONS).response["violations"]:
                found.setdefault(v["id"], v)
        show_slide_page(page, 0)
        self.found[name] = list(found.values())


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(str(t) for t in n["target"]) for n in v["nodes"]]
        lines.append(
            f"  {v['id']} ({v['impact']}): {v['help']}; {len(targets)} element(s), e.g. "
            f"{' | '.join(targets[:3])}"
        )
    return "\n".join(lines)


def _next_step(walk: Walk, n: int) -> None:
    console, projector = walk.views["console"].page, walk.views["projector"].page
    title = AGENDA[n - 1].title
    console.get_by_role("button", name="Next step").click()
    console.locator(".toolkit-agenda-bar", has_text=title).wait_for(timeout=LIVE)
    projector.locator(".toolkit-projector h1", has_text=title).wait_for(timeout=LIVE)
    screen = CONSOLE_SCREEN[AGENDA[n - 1].kind]
    console.locator(f".toolkit-console .{screen}").wait_for(timeout=LIVE)


def _wait_for(page: Page, selector: str, text: str = "") -> None:
    """Shown; or, on a page of the projector's slide whose turn has not come, drawn."""
    found = page.locator(selector, has_text=text).first
    found.wait_for(state="attached", timeout=LIVE)
    if not found.evaluate("e => !!e.closest('.toolkit-page')"):
        found.wait_for(timeout=LIVE)


def _walk(walk: Walk, origin: str, folder: Path) -> None:
    phone, console, projector = (walk.views[k].page for k in ("phone", "console", "projector"))
    voting = voting_app(folder, 0)  # the facilitator's other screens, driven from Python

    def facilitator(step: str) -> None:
        voting.set_phone_step(step)
        assert voting.status.kind == "ok", voting.status.message

    def vote_for_proxy(option: int) -> None:
        current = voting.voting.current
        assert current is not None
        voting.vote_for_proxy(voting.voting.options(current.round_id)[option].option_id, +1)
        assert voting.status.message == "Saved their dot.", voting.status.message

    # The console's and the projector's kernels start while the phone is being scanned.
    console.goto(f"{origin}/voila/render/console.ipynb", wait_until="commit")
    projector.goto(f"{origin}/voila/render/projector.ipynb", wait_until="commit")
    phone.goto(walk.phones)  # the bare address: the login page
    _wait_for(phone, "input[name=code]")
    walk.scan("phone", "login page")
    holder = Phone(walk.views["phone"], walk.phones, walk.token)
    holder.open()
    walk.scan("phone", "before joining")
    holder.join("tenants")
    walk.scan("phone", "joined, waiting")
    facilitator("issues")
    _wait_for(phone, "#issue-text")
    holder.send_issue("Lifts break down")
    walk.scan("phone", "raising issues")
    facilitator("rating")
    _wait_for(phone, "form.rating")
    holder.rate(1, 4, 3)
    walk.scan("phone", "rating issues")

    wait_for_app(console, ".toolkit-console .toolkit-overview")
    wait_for_app(projector, ".toolkit-projector .toolkit-join-panel")
    for view in ("console", "projector"):
        walk.scan(view, _step(1))

    _next_step(walk, 2)
    for view in ("console", "projector"):
        _wait_for(walk.views[view].page, ".toolkit-map svg")
        walk.scan(view, _step(2, "empty map"))
    mapping = stakeholder_app(folder, 0)
    mapping.form.name.value = "Tenants' association"
    mapping.form.desired.value = "supportive"  # so the map draws an arrow too
    mapping.add_button.click()
    assert mapping.status.kind == "ok", mapping.status.message
    for view in ("console", "projector"):
        _wait_for(walk.views[view].page, ".toolkit-map svg text", "Tenants' association")
        walk.scan(view, _step(2, "one stakeholder"))

    _next_step(walk, 3)
    _wait_for(projector, ".toolkit-issue-list", ISSUES[0])
    for view in ("console", "projector"):
        walk.scan(view, _step(3))

    _next_step(walk, 4)
    _wait_for(projector, ".toolkit-projector .toolkit-map svg")
    _wait_for(console, ".toolkit-issues .toolkit-map svg")
    for view in ("console", "projector"):
        walk.scan(view, _step(4))

    _next_step(walk, 5)
    voting.create_button.click()
    voting.open_button.click()
    facilitator("vote")
    voting.proxy_group.value = "managers"  # a second group, voting through the facilitator
    voting.add_proxy()
    vote_for_proxy(1)
    _wait_for(phone, "section.ballot form.option")
    budget = int(phone.inner_text("section.ballot .left b"))
    holder.dot(1, budget - 1)
    expect(console.get_by_role("button", name="Close voting")).to_be_enabled(timeout=LIVE)
    _wait_for(projector, ".toolkit-projector h2", "is open")
    walk.scan("phone", "vote open")
    for view in ("console", "projector"):
        walk.scan(view, _step(5, "vote open"))
    for left in range(budget - 2, -1, -1):  # spend the rest, on whatever still takes a dot
        plus = phone.locator("section.ballot button[id$='-plus']:enabled").first
        holder.dot(int((plus.get_attribute("id") or "o0")[1:].split("-")[0]), left)
    _wait_for(phone, "section.ballot .done")
    walk.scan("phone", "ballot spent")

    voting.advance("closed")
    _wait_for(phone, "section.ballot .locked")
    expect(console.get_by_role("button", name="Reveal results")).to_be_enabled(timeout=LIVE)
    _wait_for(projector, ".toolkit-projector h2", "is closed")
    walk.scan("phone", "vote closed")
    for view in ("console", "projector"):
        walk.scan(view, _step(5, "vote closed"))

    voting.advance("revealed")
    _wait_for(projector, ".toolkit-agreement", "Where we agree")
    _wait_for(projector, ".toolkit-projector .toolkit-map svg")
    _wait_for(console, ".toolkit-voting .toolkit-map svg")
    for view in ("console", "projector"):  # each drawing keeps its chart's name
        walk.views[view].page.wait_for_function(NAMED_DRAWINGS, timeout=LIVE)
        walk.scan(view, _step(5, "results revealed"))

    _next_step(walk, 6)
    voting.source.value = "top"  # the last round's top options
    voting.create_button.click()
    voting.open_button.click()
    vote_for_proxy(0)
    voting.advance("closed")
    voting.advance("revealed")
    assert voting.status.message == "Results revealed.", voting.status.message
    for view in ("console", "projector"):
        _wait_for(walk.views[view].page, ".toolkit-map svg text", "Round 2")
        walk.scan(view, _step(6, "round 2 revealed"))

    _next_step(walk, 7)
    actions = actions_app(folder, 0)
    actions.form.issue.value = actions.form.issue.options[1][1]
    actions.form.action.value = "Call back within two days"
    actions.form.owner.value = "Repairs lead"
    actions.add_button.click()
    for view in ("console", "projector"):
        _wait_for(walk.views[view].page, "table", "Call back within two days")
        walk.scan(view, _step(7, "one action"))

    _next_step(walk, 8)
    for view in ("console", "projector"):
        walk.scan(view, _step(8))


@pytest.fixture(scope="module")
def walk(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walk]:
    tmp = tmp_path_factory.mktemp("accessibility")
    # Groups of one are shown by name, so the agreement between groups is drawn.
    template = template_with(tmp, "small_group_threshold = 3", "small_group_threshold = 1")
    folder = create_session(tmp / "session", template, "Accessibility")
    shortlist(folder, ISSUES)
    token = session_token(folder)
    with (
        phone_server(folder, token=token) as phones,
        voila_server(shipped_root("notebooks"), folder,
                     extra_env={JOIN_URL_ENV: join_link(phones, token)}) as origin,
    ):  # fmt: skip
        sizes = {"phone": PHONE, "console": PROJECTOR, "projector": PROJECTOR}
        views = {name: offline_page(browser, phones if name == "phone" else origin, size=size)
                 for name, size in sizes.items()}  # fmt: skip
        try:
            result = Walk(views, phones, token)
            _walk(result, origin, folder)
            yield result
        finally:
            for view in views.values():
                view.context.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_no_serious_accessibility_violations(walk: Walk, screen: str) -> None:
    violations = walk.found[screen]
    failing = [v for v in violations if v["impact"] in FAIL]
    lesser = [v for v in violations if v["impact"] not in FAIL]
    if lesser:
        warnings.warn(f"{screen}: lesser accessibility issues\n{_describe(lesser)}", stacklevel=1)
    if failing:
        pytest.fail(f"{screen}: axe found\n{_describe(failing)}", pytrace=False)


def test_nothing_left_the_origin_while_scanning(walk: Walk) -> None:
    assert {name: view.blocked for name, view in walk.views.items()} == {
        name: [] for name in walk.views
    }
