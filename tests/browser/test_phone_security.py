"""The participants' server: the page's own script reaches only the phone routes, the page is
locked down by its Content-Security-Policy, and hostile text is shown as text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Response

import toolkit
from devtools.chromium import PHONE, OfflinePage
from tests.browser.phones import LIVE, Phone
from tests.phones import holding
from toolkit.apps.issues import issues_app
from toolkit.apps.serving import phone_server, session_token
from toolkit.records import create_session
from toolkit.records.templates import find_template

pytestmark = pytest.mark.browser
# Typed into a phone, then drawn on every phone that shows the board.
HOSTILE = [
    "<script>window.pwned = 1</script>Repairs",
    '<img src=x onerror="window.pwned = 2">Damp',
    "</h2><h1 id=fake>Vote for me</h1>",
    '=HYPERLINK("http://evil.example")',
]
# What a Jupyter server or a file server would answer; none of it exists here.
NOT_HERE = ["/api/kernels", "/api/sessions", "/api/contents", "/voila/render/console.ipynb",
            "/tree", "/files/settings.csv", "/settings.csv", "/static/../room.py",
            "/static/room.py", "/static/phone.js/../../server.py"]  # fmt: skip


@dataclass
class Served:
    folder: Path
    origin: str
    token: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = create_session(tmp_path_factory.mktemp("security") / "session",
                            find_template("housing-coproduction"), "Security")  # fmt: skip
    holding(folder, False)  # every phone rates what another sent
    issues = issues_app(folder, 0)
    issues.set_phone_step("issues")
    assert issues.status.kind == "ok", issues.status.message
    token = session_token(folder)
    with phone_server(folder, token=token) as origin:
        yield Served(folder, origin, token)


def _joined(served: Served, offline: Callable[..., OfflinePage]) -> Phone:
    phone = Phone(offline(served.origin, size=PHONE), served.origin, served.token)
    phone.open()
    phone.join("tenants")
    return phone


# From the page, as its own script could: what every route answers (no redirect followed).
PROBE = """async (paths) => {
  const out = {};
  for (const p of paths) {
    const r = await fetch(p, {credentials: 'same-origin', redirect: 'manual'});
    out[p] = r.status;
  }
  return out;
}"""


def test_the_page_reaches_nothing_but_the_phone_routes(
    served: Served, offline: Callable[..., OfflinePage]
) -> None:
    phone = _joined(served, offline)
    answers = phone.page.evaluate(PROBE, NOT_HERE)
    assert answers == dict.fromkeys(NOT_HERE, 404), answers
    # and nothing can be run: no kernel websocket, no eval, no other origin
    opened = phone.page.evaluate("""() => new Promise(done => {
      const ws = new WebSocket(`ws://${location.host}/api/kernels/x/channels`);
      ws.onopen = () => done('open'); ws.onerror = () => done('refused');
    })""")
    assert opened == "refused"
    leaked = phone.page.evaluate("""() => fetch('http://127.0.0.2:9/x').then(
      () => 'reached', () => 'blocked')""")
    assert leaked == "blocked"
    assert phone.view.blocked == []  # the page's policy stopped it before the network


def test_every_answer_carries_a_content_security_policy(
    served: Served, offline: Callable[..., OfflinePage]
) -> None:
    view = offline(served.origin, size=PHONE)
    answers: list[Response] = []
    view.page.on("response", lambda r: answers.append(r))
    phone = Phone(view, served.origin, served.token)
    phone.page.goto(served.origin)  # the login page
    phone.open()
    phone.join("managers")
    phone.page.goto(f"{served.origin}/no-such-page")
    pages = [r for r in answers if "text/html" in (r.headers.get("content-type") or "")]
    assert len(pages) >= 4
    for response in pages:
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'none'" in policy and "script-src 'self'" in policy, response.url
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert "frame-ancestors 'none'" in policy and "form-action 'self'" in policy
        assert response.headers.get("x-frame-options") == "DENY"
        assert response.headers.get("x-content-type-options") == "nosniff"
    # an inline script is refused by the browser itself, not only left out by the server
    phone.open()
    ran = phone.page.evaluate("""() => {
      const s = document.createElement('script');
      s.textContent = 'window.inlineRan = true';
      document.body.appendChild(s);
      return window.inlineRan === true;
    }""")
    assert ran is False


def test_a_page_with_hostile_text_shows_it_as_text(
    served: Served, offline: Callable[..., OfflinePage]
) -> None:
    phone = _joined(served, offline)
    for text in HOSTILE:
        phone.send_issue(text)
    mine = phone.page.locator(".mine li").all_inner_texts()
    assert all(text in mine for text in HOSTILE), mine
    issues = issues_app(served.folder, 0)
    issues.set_phone_step("rating")  # every phone now draws the board's titles
    assert issues.status.kind == "ok", issues.status.message
    other = _joined(served, offline)
    other.page.locator("form.rating").nth(len(HOSTILE) - 1).wait_for(timeout=LIVE)
    for page in (phone.page, other.page):
        page.locator("form.rating").nth(len(HOSTILE) - 1).wait_for(timeout=LIVE)
        titles = page.locator("form.rating .issue-title").all_inner_texts()
        assert [t.split(". ", 1)[1] for t in titles] == HOSTILE
        assert page.locator("main script, main img, #fake").count() == 0
        assert page.evaluate("window.pwned") is None
    assert phone.view.blocked == other.view.blocked == []
    raised = toolkit.open_session(served.folder).issues["text"].tolist()
    assert raised == HOSTILE  # saved exactly as typed
