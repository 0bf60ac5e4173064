"""The participants' server: code sent from the page is not run, and only the phone's own
actions exist there."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import toolkit
from devtools.chromium import PHONE, OfflinePage, wait_for_app
from toolkit.apps.serving import notebook, session_token, voila_server

pytestmark = pytest.mark.browser

SEND = """async ([kernel, type, code]) => {
  const ws = new WebSocket(`ws://${location.host}/api/kernels/${kernel}/channels`);
  await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
  const id = crypto.randomUUID();
  const types = [];
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.parent_header && msg.parent_header.msg_id === id) types.push(msg.header.msg_type);
  };
  ws.send(JSON.stringify({
    header: {msg_id: id, msg_type: type, username: 'x', session: id, version: '5.3',
             date: new Date().toISOString()},
    parent_header: {}, metadata: {}, channel: 'shell',
    content: type === 'execute_request' ? {code, silent: false, store_history: false,
      user_expressions: {}, allow_stdin: false, stop_on_error: true} : {}}));
  await new Promise((ok) => setTimeout(ok, 3000));
  ws.close();
  return types;
}"""


def test_an_execute_request_from_the_phone_page_does_nothing(
    session_dir: Path, offline: Callable[..., OfflinePage], tmp_path: Path
) -> None:
    token = session_token(session_dir)
    marker = tmp_path / "pwned.txt"
    with voila_server(notebook("participant.ipynb"), session_dir, token=token) as origin:
        view = offline(origin, size=PHONE)
        view.page.goto(f"{origin}/?token={token}")
        wait_for_app(view.page, ".toolkit-participant")
        config = json.loads(view.page.inner_text("#jupyter-config-data"))
        code = (
            f"open({str(marker)!r}, 'w').write('ran'); "
            "import toolkit.records as r; r.Recorder(" + repr(str(session_dir)) + ")"
            ".append('rounds', 'created', round_id='X', number=9, status='open')"
        )
        kernel = config["kernelId"]
        # the channel itself works: the kernel answers a harmless request ...
        assert "kernel_info_reply" in view.page.evaluate(SEND, [kernel, "kernel_info_request", ""])
        # ... but code sent from the page is never run
        replies = view.page.evaluate(SEND, [kernel, "execute_request", code])
        assert "execute_reply" not in replies and "execute_result" not in replies
        # the page still works for what a phone may do
        view.page.get_by_role("button", name="T  Tenants").click()
        view.page.get_by_role("button", name="Join").click()
        view.page.get_by_text("You have joined").wait_for()
        assert view.blocked == []
    assert not marker.exists()
    session = toolkit.open_session(session_dir)
    assert session.rounds.empty and len(session.participants) == 1
