"""Crashes in the middle of a dot-vote, through real servers and Chromium: the projector's
and the facilitator's Voila kernels, and the whole participants' server, are killed with
SIGKILL (no chance to clean up). After a reload or a restart on the same folder and port,
every dot a phone acknowledged (its ballot redrawn from the server's answer) is in the
records, the phones carry on from the page they had (or from a fresh browser with their
personal code), the screens show what the CSV holds, and the folder still opens and
validates."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Page

import toolkit
from devtools.chromium import PHONE, OfflinePage, wait_for_app
from tests.browser.phones import Phone
from tests.workshop import shortlist
from toolkit.apps.serving import free_port, phone_server, session_token, voila_server
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


def _left(n: int) -> re.Pattern[str]:
    return re.compile(rf"^{n} of {DOTS} dots? left")


@dataclass
class Voter(Phone):
    acknowledged: int = 0  # dots the page showed as saved
    clicks: int = 0  # presses of '+', acknowledged or not

    def enter(self, group: str) -> None:
        self.open()
        self.join(group)
        self.page.locator("section.ballot").wait_for(timeout=LIVE)

    def press(self, option: int) -> None:
        """Press '+' on option `option` (0-based) without waiting for the answer."""
        self.page.click(f"#o{option + 1}-plus")
        self.clicks += 1

    def placed(self, option: int) -> None:
        """Place a dot and wait until the ballot, redrawn from the answer, shows it."""
        self.press(option)
        self.acknowledged += 1
        self.page.locator("section.ballot .left", has_text=_left(DOTS - self.acknowledged)
                          ).wait_for(timeout=LIVE)  # fmt: skip

    def carry_on(self, option: int) -> None:
        """Go on voting from the page drawn before the crash (`acknowledged` set to what the
        CSV holds). If a dot in flight on this option was saved after all, the page is out
        of date: the server says so, changes nothing and sends the ballot as saved; the next
        press is then saved."""
        for _ in range(2):
            with self.page.expect_response(lambda r: r.url.endswith("/vote")) as answer:
                self.press(option)
            if answer.value.status == 200:
                self.acknowledged += 1
                break
            assert answer.value.status == 409, answer.value.status
            self.said("Your ballot changed since this page was drawn")
        self.page.locator("section.ballot .left", has_text=_left(DOTS - self.acknowledged)
                          ).wait_for(timeout=LIVE)  # fmt: skip


def _recorded(folder: Path, code: str) -> int:
    """Net dots the CSV holds for the participant with this personal code."""
    person = find_by_code(load_folder(folder).tables["participants"].rows(), code)
    votes = toolkit.open_session(folder).votes
    return int(votes.loc[votes["participant_id"] == person["participant_id"], "dots"].sum())


def _check_recorded(folder: Path, phone: Voter) -> int:
    """Every acknowledged dot is recorded; at most the ones pressed unacknowledged too."""
    recorded = _recorded(folder, phone.code)
    assert phone.acknowledged <= recorded <= phone.clicks, (phone.acknowledged, phone.clicks)
    return recorded


def _phone_server(port: int) -> psutil.Process:
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if "toolkit.apps.phones" in cmdline and str(port) in cmdline:
            return proc
    raise AssertionError(f"no participants' server on port {port}")


def _server(port: int) -> psutil.Process:
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if "toolkit.apps.voila_app" in cmdline and f"--port={port}" in cmdline:
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
    voting = session.state.voting  # options named by their issues' numbers, in ballot order
    options = voting.options(voting.rounds[-1].round_id)
    order = sorted(options, key=lambda o: -int(totals.get(o.option_id, 0)))
    return "; ".join(f"{o.named}: {int(totals.get(o.option_id, 0))}" for o in order[:3])


def _open(view: OfflinePage, url: str, selector: str) -> Page:
    view.page.goto(url)
    wait_for_app(view.page, selector)
    return view.page


def test_the_projector_and_the_console_each_killed_mid_vote_lose_nothing(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    folder = _session(tmp_path)
    token = session_token(folder)
    with (
        phone_server(folder, token=token) as phones_origin,
        voila_server(shipped_root("notebooks"), folder) as origin,
    ):
        phones = [Voter(offline(phones_origin, size=PHONE), phones_origin, token)
                  for _ in range(2)]  # fmt: skip
        phones[0].enter("tenants")
        phones[1].enter("front-line-staff")
        projector_view, console_view = offline(origin), offline(origin)
        projector = _open(
            projector_view, f"{origin}/voila/render/projector.ipynb", ".toolkit-projector"
        )
        console = _open(console_view, f"{origin}/voila/render/voting.ipynb", ".toolkit-voting")
        phones[0].placed(0)
        phones[0].placed(0)
        phones[1].placed(1)

        # 1. the projector's kernel dies; reloaded, it shows the CSV's counts and follows on
        _sigkill(_kernel(origin, projector))
        phones[1].placed(3)  # recorded while no projector is running
        projector.reload()
        wait_for_app(projector, ".toolkit-projector")
        joined, _, unspent = _progress(folder)
        _count(projector, "joined", joined)
        _count(projector, "unspent", unspent)
        phones[1].placed(3)
        _count(projector, "unspent", unspent - 1)

        # 2. the facilitator's kernel dies; reloaded, the console shows the round and closes it
        _sigkill(_kernel(origin, console))
        phones[0].placed(4)  # the phones go on while the console is down
        console.reload()
        wait_for_app(console, ".toolkit-voting")
        console.get_by_text("is open").first.wait_for(timeout=LIVE)
        _count(console, "unspent", _progress(folder)[2])
        console.get_by_role("button", name="Close voting", exact=True).click()
        console.get_by_text("ballots are locked").first.wait_for(timeout=LIVE)
        for phone in phones:  # told without a reload
            phone.page.locator("section.ballot .locked").wait_for(timeout=LIVE)
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
        with phone_server(folder, port=port, token=token) as phones_origin:
            phones = [Voter(offline(phones_origin, size=PHONE), phones_origin, token)
                      for _ in range(3)]  # fmt: skip
            for phone, group in zip(phones, ["tenants", "managers", "tenants"], strict=True):
                phone.enter(group)
            phones[0].placed(0)
            phones[1].placed(1)
            phones[1].placed(1)
            server = _phone_server(port)
            for phone in phones:  # three dots in flight as the laptop's server dies
                phone.press(2)
            os.killpg(server.pid, signal.SIGKILL)
            psutil.wait_procs([server], timeout=10)
        # what the room still sees while the phones' server is down
        _count(projector, "joined", 3)
        # a press while the server is down: the phone says it was not sent
        with phones[0].page.expect_event("requestfailed", timeout=LIVE):
            phones[0].press(5)
        phones[0].said("Not sent: the connection dropped")

        with phone_server(folder, port=port, token=session_token(folder)) as again:
            assert again == phones_origin  # the same address and join code after a restart
            for phone in phones:  # a dot in flight may have been saved: the CSV says
                phone.acknowledged = _check_recorded(folder, phone)
            # two phones carry on from the page they had; the third comes back in a fresh
            # browser with their personal code
            phones[0].carry_on(3)
            phones[1].carry_on(3)
            fresh = Voter(offline(phones_origin, size=PHONE), phones_origin, token)
            fresh.code = phones[2].code
            fresh.open()
            fresh.come_back()
            recorded = _check_recorded(folder, phones[2])
            left = fresh.page.inner_text("section.ballot .left")
            assert left == f"{DOTS - recorded} of {DOTS} dots left", left
            fresh.acknowledged = fresh.clicks = recorded
            fresh.placed(3)
            phones[2] = fresh
            _count(projector, "unspent", _progress(folder)[2])
            assert [u for p in phones for u in p.view.blocked] == projector_view.blocked == []

    for phone in phones:
        assert _recorded(folder, phone.code) == phone.acknowledged
    _validates(folder)
