"""Crashes in the middle of a dot-vote, through real Voila and Chromium: a phone's kernel, the
projector's, the facilitator's, and the whole phones' server are killed with SIGKILL (no
chance to clean up). After a reload or a restart on the same folder, every dot a phone
acknowledged ("Saved. N dots left.") is in the records, each phone gets its own ballot back
with its personal code, the screens show what the CSV holds, voting goes on, and the folder
still opens and validates."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Page

import toolkit
from devtools.chromium import PHONE, OfflinePage, wait_for_app
from tests.workshop import ADD_A_DOT, shortlist
from toolkit.apps.serving import free_port, notebook, session_token, voila_server
from toolkit.apps.voting import voting_app
from toolkit.domain.participants import find_by_code
from toolkit.records import create_session
from toolkit.records.load import load_folder
from toolkit.records.templates import find_template, shipped_root

pytestmark = pytest.mark.browser
LIVE = 15_000
DOTS = 6
OPTIONS = ["Repairs take too long", "Nobody calls back", "Damp in the flats",
           "Bins overflow", "Lifts break down", "Noise at night"]  # fmt: skip


def _session(tmp_path: Path) -> Path:
    """Six shortlisted issues, round 1 open with six dots each, phones set to vote."""
    folder = create_session(tmp_path / "faults", find_template("housing-coproduction"), "Faults")
    shortlist(folder, OPTIONS)
    console = voting_app(folder)
    console.dots.value, console.cap.value, console.shuffle.value = DOTS, 3, False
    console.create_button.click()
    console.open_button.click()
    console.phone_step.value = "vote"
    assert console.status.kind == "ok", console.status.message
    return folder


@dataclass
class Phone:
    view: OfflinePage
    link: str
    code: str = ""
    acknowledged: int = 0  # dots the page said were saved
    clicks: int = 0  # presses of '+', acknowledged or not
    history: list[str] = field(default_factory=list)

    @property
    def page(self) -> Page:
        return self.view.page

    def open(self) -> None:
        self.page.goto(self.link)
        wait_for_app(self.page, ".toolkit-participant")

    def join(self, group: str) -> None:
        self.open()
        self.page.get_by_role("button", name=group).click()
        self.page.get_by_role("button", name="Join").click()
        status = self.page.get_by_text(re.compile("Your code is")).inner_text(timeout=LIVE)
        self.code = re.search(r"Your code is (\w+)", status).group(1)  # type: ignore[union-attr]

    def press(self, option: str) -> None:
        row = self.page.locator(".toolkit-ballot .widget-hbox", has_text=option)
        row.get_by_role("button", name=ADD_A_DOT).click()
        self.clicks += 1

    def dot(self, option: str) -> None:
        """Place a dot and wait until the page acknowledges it."""
        self.press(option)
        left = DOTS - self.acknowledged - 1
        self.page.get_by_text(f"Saved. {left} dot{'s' if left != 1 else ''} left.").wait_for(
            timeout=LIVE
        )
        self.acknowledged += 1

    def come_back(self) -> str:
        """Reload, type the personal code; returns what the ballot says is left."""
        self.open()
        self.page.get_by_placeholder("e.g. K7M2QX").fill(self.code)
        self.page.get_by_role("button", name="Return to my ballot").click()
        self.page.get_by_text("Welcome back").wait_for(timeout=LIVE)
        return self.page.inner_text(".toolkit-ballot")


def _recorded(folder: Path, code: str) -> int:
    """Net dots the CSV holds for the participant with this personal code."""
    person = find_by_code(load_folder(folder).tables["participants"].rows(), code)
    votes = toolkit.open_session(folder).votes
    return int(votes.loc[votes["participant_id"] == person["participant_id"], "dots"].sum())


def _check_after_return(folder: Path, phone: Phone) -> None:
    """Every acknowledged dot is recorded; at most the one pressed unacknowledged too; the
    returned ballot shows exactly what the CSV holds."""
    recorded = _recorded(folder, phone.code)
    assert phone.acknowledged <= recorded <= phone.clicks
    ballot = phone.come_back()
    assert f"{DOTS - recorded} of {DOTS} dots left" in ballot, ballot
    phone.acknowledged = recorded  # what the page now shows, and what the next dot counts on


def _server(port: int) -> psutil.Process:
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if "voila" in cmdline and f"--port={port}" in cmdline:
            return proc
    raise AssertionError(f"no Voila on port {port}")


def _kernel(origin: str, page: Page) -> psutil.Process:
    """The kernel process behind a page: the one started with that page's connection file."""
    kernel_id = json.loads(page.inner_text("#jupyter-config-data"))["kernelId"]
    server = _server(int(origin.rsplit(":", 1)[1]))
    found = [
        p
        for p in server.children(recursive=True)
        if f"kernel-{kernel_id}.json" in " ".join(p.cmdline())
    ]
    assert len(found) == 1, (kernel_id, [p.cmdline() for p in server.children(recursive=True)])
    return found[0]


def _sigkill(process: psutil.Process) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def _validates(folder: Path) -> None:
    toolkit.open_session(folder)
    done = subprocess.run(
        [str(Path(sys.executable).with_name("toolkit")), "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid" in done.stdout and "warning" not in done.stdout


def _count(page: Page, label: str, n: int) -> None:
    """Wait until the projector's or console's count `label` shows n."""
    page.locator(".toolkit-count", has_text=label).get_by_text(str(n), exact=True).wait_for(
        timeout=LIVE
    )


def _progress(folder: Path) -> tuple[int, int, int]:
    """Joined, finished and dots unspent, from the CSV alone."""
    session = toolkit.open_session(folder)
    spent = session.votes.groupby("participant_id")["dots"].sum()
    people = session.participants["participant_id"].tolist()
    finished = sum(1 for p in people if spent.get(p, 0) >= DOTS)
    return len(people), finished, sum(DOTS - int(spent.get(p, 0)) for p in people)


def _top_three(folder: Path) -> str:
    """The projector's words after the reveal, computed from the CSV."""
    session = toolkit.open_session(folder)
    totals = session.votes.groupby("option_id")["dots"].sum()
    options = session.options.sort_values("position")
    order = sorted(options.itertuples(), key=lambda o: -int(totals.get(o.option_id, 0)))
    return "; ".join(f"{o.label}: {int(totals.get(o.option_id, 0))}" for o in order[:3])


def _open(view: OfflinePage, url: str, selector: str) -> Page:
    view.page.goto(url)
    wait_for_app(view.page, selector)
    return view.page


def test_a_phone_the_projector_and_the_console_each_killed_mid_vote_lose_nothing(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    folder = _session(tmp_path)
    token = session_token(folder)
    with (
        voila_server(notebook("participant.ipynb"), folder, token=token) as phones_origin,
        voila_server(shipped_root("notebooks"), folder) as origin,
    ):
        link = f"{phones_origin}/?token={token}"
        phones = [Phone(offline(phones_origin, size=PHONE), link) for _ in range(2)]
        phones[0].join("T  Tenants")
        phones[1].join("F  Front-line staff")
        projector_view, console_view = offline(origin), offline(origin)
        projector = _open(
            projector_view, f"{origin}/voila/render/projector.ipynb", ".toolkit-projector"
        )
        console = _open(console_view, f"{origin}/voila/render/voting.ipynb", ".toolkit-voting")
        phones[0].dot(OPTIONS[0])
        phones[0].dot(OPTIONS[0])
        phones[1].dot(OPTIONS[1])

        # 1. a phone's kernel dies just as a dot is pressed
        doomed = _kernel(phones_origin, phones[0].page)
        phones[0].press(OPTIONS[1])
        _sigkill(doomed)
        _check_after_return(folder, phones[0])
        phones[0].dot(OPTIONS[2])
        phones[1].dot(OPTIONS[1])

        # 2. the projector's kernel dies; reloaded, it shows the CSV's counts and follows on
        _sigkill(_kernel(origin, projector))
        phones[1].dot(OPTIONS[3])  # recorded while no projector is running
        projector.reload()
        wait_for_app(projector, ".toolkit-projector")
        joined, _, unspent = _progress(folder)
        _count(projector, "joined", joined)
        _count(projector, "unspent", unspent)
        phones[1].dot(OPTIONS[3])
        _count(projector, "unspent", unspent - 1)

        # 3. the facilitator's kernel dies; reloaded, the console shows the round and closes it
        _sigkill(_kernel(origin, console))
        phones[0].dot(OPTIONS[4])  # the phones go on while the console is down
        console.reload()
        wait_for_app(console, ".toolkit-voting")
        console.get_by_text("is open").first.wait_for(timeout=LIVE)
        _count(console, "unspent", _progress(folder)[2])
        console.get_by_role("button", name="Close voting", exact=True).click()
        console.get_by_text("ballots are locked").first.wait_for(timeout=LIVE)
        console.get_by_role("button", name="Reveal results", exact=True).click()
        console.get_by_text("Results revealed").first.wait_for(timeout=LIVE)
        projector.locator(".toolkit-projector .toolkit-summary").wait_for(timeout=LIVE)
        words = projector.inner_text(".toolkit-projector .toolkit-summary")
        assert _top_three(folder) in words, (words, _top_three(folder))
        blocked = [u for v in (projector_view, console_view) for u in v.blocked]
        assert blocked + [u for p in phones for u in p.view.blocked] == []

    for phone in phones:
        assert _recorded(folder, phone.code) == phone.acknowledged
    _validates(folder)


def test_the_whole_phones_server_killed_mid_vote_then_restarted_loses_nothing(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    folder = _session(tmp_path)
    token = session_token(folder)
    port = free_port()
    with voila_server(shipped_root("notebooks"), folder) as origin:
        projector_view = offline(origin)
        projector = _open(
            projector_view, f"{origin}/voila/render/projector.ipynb", ".toolkit-projector"
        )
        with voila_server(
            notebook("participant.ipynb"), folder, port=port, token=token
        ) as phones_origin:
            link = f"{phones_origin}/?token={token}"
            phones = [Phone(offline(phones_origin, size=PHONE), link) for _ in range(3)]
            for phone, group in zip(phones, ["T  Tenants", "M  Managers", "T  Tenants"],
                                    strict=True):  # fmt: skip
                phone.join(group)
            phones[0].dot(OPTIONS[0])
            phones[1].dot(OPTIONS[1])
            phones[1].dot(OPTIONS[1])
            server = _server(port)
            for phone in phones:  # three dots in flight as the laptop's server dies
                phone.press(OPTIONS[2])
            os.killpg(server.pid, signal.SIGKILL)
            psutil.wait_procs([server], timeout=10)
        # what the room still sees while the phones' server is down
        _count(projector, "joined", 3)

        with voila_server(
            notebook("participant.ipynb"), folder, port=port, token=session_token(folder)
        ) as again:
            assert again == phones_origin  # the same address and join code after a restart
            for phone in phones:
                _check_after_return(folder, phone)
            for phone in phones:
                phone.dot(OPTIONS[3])
            _count(projector, "unspent", _progress(folder)[2])
            assert [u for p in phones for u in p.view.blocked] == projector_view.blocked == []

    for phone in phones:
        assert _recorded(folder, phone.code) == phone.acknowledged
    _validates(folder)
