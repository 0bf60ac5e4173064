"""An organisation's server (issue #24): deploy/jupyterhub/jupyterhub_config.py on a real
JupyterHub, its proxy from npm, on 127.0.0.1. Two facilitators, each with a session made in
their own folder; phones of both through the one address /services/phones/; each facilitator
reaches only their own screens; anonymous requests only the phones' pages; the console
rendered by Voila through the Hub in Chromium with no request beyond the Hub. One Hub for the
module (tests/hub.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest
from playwright.sync_api import Browser
from traitlets.config import Config

import toolkit
from tests.hub import FACILITATORS, PASSWORD, Hub, running_hub
from tests.test_phone_prefix import form
from tests.test_phone_server import OPTIONS, Phone, open_round, votes_of
from toolkit.apps.hub import TERMINAL, configure
from toolkit.apps.phones.shared import session_key
from toolkit.records.phones_open import open_for_phones
from toolkit.records.ports import SHARED_PHONES_ENV

pytestmark = pytest.mark.hub

PHONES = "/services/phones/"
SESSION = "estate"  # both facilitators' sessions have this name, each in their own folder
CONSOLE = f"{SESSION}/notebooks/console.ipynb"


@dataclass
class Org:
    hub: Hub
    browsers: dict[str, Phone]  # each facilitator, signed in
    folders: dict[str, Path]  # each facilitator's session
    codes: dict[str, str]


def toolkit_new(hub: Hub, browser: Phone, name: str) -> None:
    """`toolkit new` typed in JupyterLab's terminal, in the facilitator's sessions folder."""
    typed = (
        f'cd "$JUPYTER_SERVER_ROOT" && toolkit new {SESSION} --template housing-coproduction '
        f"--title 'Estate repairs' --facilitator {name}"
    )
    hub.type_in_terminal(browser, name, typed, f"created {SESSION}")


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Org]:
    with running_hub(tmp_path_factory.mktemp("hub")) as hub:
        with ThreadPoolExecutor(2) as both:  # both sign in; their servers start at once
            browsers = dict(zip(FACILITATORS, both.map(hub.login, FACILITATORS), strict=True))
            list(both.map(lambda n: hub.wait_for_lab(browsers[n], n), FACILITATORS))
            # each makes a session in JupyterLab's terminal, in their own folder
            list(both.map(lambda n: toolkit_new(hub, browsers[n], n), FACILITATORS))
        folders = {n: hub.sessions / n / SESSION for n in FACILITATORS}
        for folder in folders.values():
            open_round(folder, typed=OPTIONS, dots=3, cap=2)
        codes = {n: open_for_phones(f) for n, f in folders.items()}
        yield Org(hub, browsers, folders, codes)


def phone_votes(org: Org, name: str) -> tuple[Phone, str]:
    """A phone types the facilitator's session's code at the one address, joins as a tenant
    and puts a dot on an option, as in tests/test_shared_phones.py."""
    phone = Phone(org.hub.origin)
    login = phone.get(PHONES)
    assert login.status == 200, login.text
    action, _ = form(login.text, "login")
    entered = phone.post(action, {"code": org.codes[name]}, fragment=False)
    at = f"{PHONES}s/{session_key(org.folders[name], org.hub.sessions)}/"
    assert entered.status == 303 and entered.headers["Location"] == at, entered.text
    action, fields = form(phone.get(at).text, "join")
    joined = phone.post(action, {**fields, "group": "tenants", "name": ""}, fragment=False)
    assert joined.status == 303, joined.text
    ballot = phone.get(at).text
    action, fields = form(ballot, "vote")
    voted = phone.post(action, {**fields, "step": "1"}, fragment=False)
    assert voted.status == 303 and voted.headers["Location"] == f"{at}#o1", voted.text
    return phone, next(o for o in OPTIONS if f"{o}</div>" in ballot.split("</form>")[0])


def phone_enters(org: Org, name: str) -> bool:
    """Whether a phone that types the facilitator's session's code at the one address is
    taken into that session (else the login page says the code opens no workshop)."""
    phone = Phone(org.hub.origin)
    action, _ = form(phone.get(PHONES).text, "login")
    entered = phone.post(action, {"code": org.codes[name]}, fragment=False)
    at = f"{PHONES}s/{session_key(org.folders[name], org.hub.sessions)}/"
    assert entered.status in (303, 401), entered.text  # 401: the wrong-code page
    return entered.status == 303 and entered.headers["Location"] == at


def test_phones_of_two_facilitators_vote_through_one_address(org: Org) -> None:
    with ThreadPoolExecutor(2) as both:
        voted = dict(zip(FACILITATORS, both.map(lambda n: phone_votes(org, n), FACILITATORS),
                         strict=True))  # fmt: skip
    for name, (phone, label) in voted.items():
        folder = org.folders[name]
        assert votes_of(folder, phone.me[0]) == [("cast", label, 1)]
        assert len(toolkit.open_session(folder).events["votes"]) == 1
    # each facilitator's server was told the phones' public address
    servers = [p for p in psutil.Process(org.hub.process.pid).children(recursive=True)
               if any("jupyterhub-singleuser" in part for part in p.cmdline())]  # fmt: skip
    assert sorted(p.environ()["USER"] for p in servers) == sorted(FACILITATORS)
    assert {p.environ()[SHARED_PHONES_ENV] for p in servers} == {org.hub.origin + PHONES}


def test_a_facilitator_reaches_only_her_own_screens(org: Org) -> None:
    alice = org.browsers["alice"]
    own = org.hub.answer(alice, f"/user/alice/voila/render/{CONSOLE}")
    assert own.status == 200 and "Facilitator console" in own.text
    bob = f"/user/{FACILITATORS[1]}"
    for path in (f"{bob}/voila/render/{CONSOLE}", f"{bob}/lab", f"{bob}/api/contents"):
        answer = org.hub.answer(alice, path)
        assert answer.status == 403 or answer.path.startswith("/hub/login"), (path, answer.status)
        assert "Facilitator console" not in answer.text and SESSION not in answer.text


def test_anonymous_requests_reach_only_the_phones_pages(org: Org) -> None:
    nobody, bob = Phone(org.hub.origin), f"/user/{FACILITATORS[1]}"
    for path in (f"/user/alice/voila/render/{CONSOLE}", "/user/alice/lab",
                 f"{bob}/lab/tree/{SESSION}", "/hub/admin", "/hub/home",
                 "/hub/spawn/alice"):  # fmt: skip
        answer = org.hub.answer(nobody, path)
        assert answer.status == 200 and answer.path.startswith("/hub/login"), (path, answer.path)
        assert SESSION not in answer.text
    for path in ("/user/alice/api/contents", f"{bob}/api/contents/{SESSION}",
                 "/user/alice/api/kernels", "/hub/api/users", "/hub/api/users/alice",
                 "/hub/api/proxy", "/hub/api/services"):  # fmt: skip
        answer = nobody.get(path)
        assert answer.status == 403 and SESSION not in answer.text, (path, answer.status)
    assert nobody.get(PHONES).status == 200


@pytest.mark.browser
def test_the_console_renders_through_the_hub_with_nothing_from_elsewhere(
    org: Org, browser: Browser
) -> None:
    from playwright.sync_api import expect

    from devtools.chromium import wait_for_app

    origin = org.hub.origin
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url))
        console = f"/user/alice/voila/render/{CONSOLE}"
        page.goto(f"{origin}/hub/login?next={quote(console)}")
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", PASSWORD)
        answers: list[int] = []
        page.on("response", lambda r: answers.append(r.status) if r.url == origin + console
                else None)  # fmt: skip
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url(origin + console)  # signed in, through the Hub's OAuth
        wait_for_app(page, ".toolkit-console", timeout_ms=60_000)
        assert answers[-1] == 200, answers
        assert page.locator("#rendered_cells[role=main]").count() == 1  # the toolkit's template
        # The facilitator closes the session for phones, and opens it again, on the console.
        switch = page.locator(".toolkit-phones-switch")
        expect(switch).to_contain_text("Phones: open", timeout=15_000)
        switch.get_by_role("button", name="Close for phones").click()
        expect(switch).to_contain_text("Phones: closed", timeout=15_000)
        assert not phone_enters(org, "alice")
        switch.get_by_role("button", name="Open for phones").click()
        expect(switch).to_contain_text("Phones: open", timeout=15_000)
        assert phone_enters(org, "alice")
        lab = page.goto(f"{origin}/user/alice/lab", wait_until="commit")
        assert lab is not None and lab.status == 200
        assert page.url == f"{origin}/user/alice/lab"
    finally:
        context.close()
    elsewhere = [u for u in asked if not (u.startswith(origin + "/") or u.startswith("data:"))]
    assert not elsewhere, elsewhere
    assert any("/user/alice/voila/" in u for u in asked)


def test_configure_sets_what_the_hub_cannot_expand_and_keeps_other_services(
    tmp_path: Path,
) -> None:
    c = Config()
    c.JupyterHub.services = [{"name": "other", "url": "http://127.0.0.1:9"}]
    configure(c, sessions_root=tmp_path / "s", public_url="https://hub.example.org/",
              phones_port=9001, as_root=False)  # fmt: skip
    assert c.Spawner.notebook_dir == str(tmp_path / "s" / "{username}")
    assert not any("{" in a and "username" in a for a in c.Spawner.args)
    assert "--allow-root" not in c.Spawner.args and c.JupyterHub.bind_url.startswith("https:")
    assert c.Spawner.environment[SHARED_PHONES_ENV] == "https://hub.example.org/services/phones/"
    # the terminal finds `toolkit`: this Python's folder first on PATH, in a shell that keeps it
    assert c.Spawner.environment["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)
    assert TERMINAL in c.Spawner.args
    assert [s["name"] for s in c.JupyterHub.services] == ["other", "phones"]
    phones = c.JupyterHub.services[1]
    assert phones["url"] == "http://127.0.0.1:9001" and "oauth_client_id" not in phones
    assert phones["command"][-6:] == ["--prefix", PHONES, "--host", "127.0.0.1", "--port", "9001"]
    configure(c, sessions_root=tmp_path / "s", public_url="http://x", phones_port=1, as_root=True)
    assert "--allow-root" in c.Spawner.args and len(c.JupyterHub.services) == 2
