"""Load through real Voila: 50 phones join the participants' server within about a minute
and cast 10 dots each, while the projector, a Chromium page on the facilitator's server,
follows the vote.

Run with `make bench` (a few minutes; everything on 127.0.0.1). Each phone is a client of
its own real Voila kernel running participant.ipynb behind the session's join code: it
loads the page over HTTP, as a browser would, which starts the kernel and runs the
notebook, then speaks the Jupyter widget protocol over the kernel's websocket, as the page's
JavaScript would (it asks for the widgets' state, picks a group, presses Join and '+', and
reads the status line). The phones' own rendering is left out on purpose: it happens on the
phones, not on the laptop this measures. The projector is a real page in Chromium.

Checks: every dot a phone saw acknowledged ("Saved. N dots left.") is in votes.csv exactly
once and nothing else is; the projector's counts follow the vote to the end and its totals
after the reveal match the CSV. Reports: join time (page load to "You have joined"), the
dot's round trip on a phone, vote-to-projector latency (a vote's timestamp in the CSV to
the projector page showing it; median and p95), and the peak memory of all kernels
together. Targets: every phone joined within 90 s of the first arriving; vote-to-projector
median under 1 s and p95 under 2 s; no dot lost or doubled.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import psutil
import websockets
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.results import figure, save
from benchmarks.vote_load import advance, prepare  # the same open round: 30 options, 10 dots
from devtools.chromium import launch, offline_page, wait_for_app
from toolkit.apps.serving import notebook, session_token, voila_server
from toolkit.records.templates import shipped_root

PARTICIPANTS = int(os.environ.get("BENCH_PHONES", "50"))  # fewer for a quick trial
DOTS = 10
OPTIONS = 30
JOIN_WINDOW = PARTICIPANTS * 1.0  # phones arrive evenly over this many seconds
VOTE_SPREAD = 40.0  # each phone's ten dots fall at random moments over this many seconds
GROUPS = ("T  Tenants", "F  Front-line staff", "M  Managers")
ACK_TIMEOUT = 60.0
JOIN_TARGET = 90.0


# --- one phone, speaking the widget protocol ----------------------------------------------


@dataclass
class PhoneClient:
    n: int
    origin: str
    token: str
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    code: str = ""
    acknowledged: int = 0
    joined_in: float = 0.0
    round_trips: list[float] = field(default_factory=list)
    error: str = ""

    def __post_init__(self) -> None:
        self.session = uuid.uuid4().hex
        self.changed = asyncio.Event()
        self.ws: Any = None

    def _message(self, msg_type: str, content: dict[str, Any], **metadata: Any) -> str:
        return json.dumps({
            "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "phone",
                       "session": self.session, "version": "5.3",
                       "date": datetime.now(UTC).isoformat()},
            "parent_header": {}, "metadata": metadata, "content": content,
            "channel": "shell", "buffers": []})  # fmt: skip

    async def _send(self, comm_id: str, data: dict[str, Any]) -> None:
        await self.ws.send(self._message("comm_msg", {"comm_id": comm_id, "data": data}))

    async def _listen(self) -> None:
        async for raw in self.ws:
            if not isinstance(raw, str):
                continue
            msg = json.loads(raw)
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                self.models[content["comm_id"]] = dict(content["data"].get("state", {}))
            elif kind == "comm_msg":
                data = content.get("data", {})
                if data.get("method") == "update_states":
                    for model_id, model in data["states"].items():
                        self.models[model_id] = dict(model["state"])
                elif data.get("method") in ("update", "echo_update"):
                    self.models.setdefault(content["comm_id"], {}).update(data["state"])
            elif kind == "comm_close":
                self.models.pop(content["comm_id"], None)
            self.changed.set()

    async def _until(self, test: Any, timeout: float = ACK_TIMEOUT) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            found = test()
            if found:
                return found
            self.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"phone {self.n}: {self.status()!r}")
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                pass

    def _find(self, **want: Any) -> list[str]:
        return [m for m, s in self.models.items() if all(s.get(k) == v for k, v in want.items())]

    def status(self) -> str:
        for state in self.models.values():
            if "toolkit-status" in state.get("_dom_classes", ()):
                text = re.sub(r"<[^>]+>", "", state.get("value", "")).strip()
                return text.lstrip("✓!✗ ")  # the mark before the words
        return ""

    async def join(self, group: str) -> None:
        """Load the page (this starts the kernel and runs the notebook), connect, join."""
        start = time.perf_counter()
        async with httpx.AsyncClient(timeout=120) as http:
            page = await http.get(f"{self.origin}/?token={self.token}")
            page.raise_for_status()
            cookies = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        config = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page.text, re.S)
        assert config, page.text[:500]
        kernel = json.loads(config.group(1))["kernelId"]
        host = urlsplit(self.origin).netloc
        self.ws = await websockets.connect(
            f"ws://{host}/api/kernels/{kernel}/channels?session_id={self.session}"
            f"&token={self.token}",
            additional_headers={"Cookie": cookies},
            max_size=None,
        )
        asyncio.get_running_loop().create_task(self._listen())
        control = uuid.uuid4().hex
        await self.ws.send(self._message(
            "comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                          "data": {}}, version="1.0.0"))  # fmt: skip
        await self._send(control, {"method": "request_states"})
        toggle = await self._until(lambda: self._find(description="I am in"))
        index = self.models[toggle[0]]["_options_labels"].index(group)
        await self._send(toggle[0], {"method": "update", "state": {"index": index},
                                     "buffer_paths": []})  # fmt: skip
        button = await self._until(lambda: self._find(description="Join"))
        await self._send(button[0], {"method": "custom", "content": {"event": "click"}})
        said = await self._until(lambda: re.search(r"Your code is (\w+)", self.status()))
        self.code = said.group(1)
        self.joined_in = time.perf_counter() - start

    async def dot(self, rng: random.Random) -> None:
        """Press an enabled '+' and wait for the page to say the dot was saved."""
        pluses = await self._until(lambda: self._find(description="+", disabled=False))
        left = DOTS - self.acknowledged - 1
        expected = f"Saved. {left} dot{'s' if left != 1 else ''} left."
        start = time.perf_counter()
        await self._send(rng.choice(pluses), {"method": "custom", "content": {"event": "click"}})
        await self._until(lambda: self.status() == expected)
        self.round_trips.append(time.perf_counter() - start)
        self.acknowledged += 1


@dataclass
class Crowd:
    phones: list[PhoneClient]
    all_joined_after: float  # from the first arrival to the last phone joined


async def run_phones(origin: str, token: str) -> Crowd:
    """The phones arrive evenly over JOIN_WINDOW and join; once every phone has joined (or
    failed to), each places its dots at random moments over VOTE_SPREAD."""
    phones = [PhoneClient(n, origin, token) for n in range(PARTICIPANTS)]
    first_arrival = time.monotonic()
    last_join = first_arrival
    settled = 0
    everyone = asyncio.Event()

    async def one(phone: PhoneClient) -> None:
        nonlocal settled, last_join
        rng = random.Random(phone.n)
        try:
            await asyncio.sleep(phone.n * JOIN_WINDOW / PARTICIPANTS)
            await phone.join(GROUPS[phone.n % len(GROUPS)])
            last_join = max(last_join, time.monotonic())
        except Exception as exc:  # reported, and the run fails its checks
            phone.error = f"joining: {type(exc).__name__}: {exc}"
        settled += 1
        if settled == PARTICIPANTS:
            everyone.set()
        await everyone.wait()
        start = time.monotonic()
        try:
            if not phone.error:
                for at in sorted(rng.uniform(0, VOTE_SPREAD) for _ in range(DOTS)):
                    await asyncio.sleep(max(0.0, start + at - time.monotonic()))
                    await phone.dot(rng)
        except Exception as exc:
            phone.error = f"voting: {type(exc).__name__}: {exc}"
        finally:
            if phone.ws is not None:
                await phone.ws.close()

    await asyncio.gather(*(one(p) for p in phones))
    return Crowd(phones, last_join - first_arrival)


# --- measuring ---------------------------------------------------------------------------


class KernelMemory(threading.Thread):
    """Samples the resident memory of every kernel of the given Voila servers."""

    def __init__(self, ports: list[int]) -> None:
        super().__init__(daemon=True)
        self.servers = [
            p for p in psutil.process_iter(["cmdline"])
            if "voila" in (p.info["cmdline"] or [])
            and any(f"--port={port}" in (p.info["cmdline"] or []) for port in ports)
        ]  # fmt: skip
        self.peak_mb, self.peak_kernels, self.peak_servers_mb = 0.0, 0, 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            total, count = 0, 0
            for server in self.servers:
                for child in server.children(recursive=True):
                    try:
                        if "ipykernel" in " ".join(child.cmdline()):
                            total += child.memory_info().rss
                            count += 1
                    except psutil.Error:
                        continue
            servers = sum(s.memory_info().rss for s in self.servers if s.is_running())
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self.peak_kernels = max(self.peak_kernels, count)
            self.peak_servers_mb = max(self.peak_servers_mb, servers / 2**20)


WATCH = """() => {
  window.__seen = [];
  const read = () => {
    const counts = [...document.querySelectorAll('.toolkit-projector .toolkit-count')];
    const get = (word) => {
      const el = counts.find((e) => e.textContent.includes(word));
      return el ? parseInt(el.querySelector('strong').textContent, 10) : null;
    };
    const now = [get('joined'), get('finished'), get('unspent')];
    const last = window.__seen.at(-1);
    if (now[2] !== null && (!last || last[1] !== now[0] || last[3] !== now[2]))
      window.__seen.push([Date.now(), ...now]);
  };
  new MutationObserver(read).observe(document.body,
    {subtree: true, childList: true, characterData: true});
  read();
}"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> int:
    import toolkit

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = prepare(Path(tmp))
        token = session_token(folder)
        with (
            voila_server(notebook("participant.ipynb"), folder, token=token,
                         cull_seconds=600, timeout=120) as phones_origin,
            voila_server(shipped_root("notebooks"), folder, timeout=120) as origin,
            sync_playwright() as p,
        ):  # fmt: skip
            browser = launch(p)
            view = offline_page(browser, origin)
            view.page.goto(f"{origin}/voila/render/projector.ipynb")
            wait_for_app(view.page, ".toolkit-projector")
            view.page.evaluate(WATCH)
            ports = [int(o.rsplit(":", 1)[1]) for o in (phones_origin, origin)]
            memory = KernelMemory(ports)
            memory.start()

            crowds: list[Crowd] = []  # Playwright's own loop stays in this thread
            runner = threading.Thread(
                target=lambda: crowds.append(asyncio.run(run_phones(phones_origin, token)))
            )
            runner.start()
            runner.join()
            phones, all_joined_after = crowds[0].phones, crowds[0].all_joined_after
            time.sleep(2)  # the projector's last poll
            seen = view.page.evaluate("window.__seen")
            advance(folder, "closed")
            advance(folder, "revealed")
            view.page.locator(".toolkit-projector .toolkit-summary").wait_for(timeout=30_000)
            words = view.page.inner_text(".toolkit-projector .toolkit-summary")
            blocked = list(view.blocked)
            memory.stop.set()
            memory.join()
            browser.close()

        session = toolkit.open_session(folder)
        events = session.events["votes"]
        from toolkit.domain.participants import find_by_code
        from toolkit.records.load import load_folder

        people = load_folder(folder).tables["participants"].rows()

    # every acknowledged dot recorded once, nothing else recorded
    per_person = Counter(events["participant_id"])
    acknowledged = {}
    for phone in phones:
        if phone.code:
            acknowledged[find_by_code(people, phone.code)["participant_id"]] = phone.acknowledged
    exactly = (
        events["event_id"].is_unique
        and set(events["event"]) <= {"cast"}
        and dict(per_person) == {k: v for k, v in acknowledged.items() if v}
    )
    total_acked = sum(acknowledged.values())
    expected = PARTICIPANTS * DOTS

    # vote-to-projector latency: the k-th vote row is shown once unspent <= expected - k
    stamps = [
        datetime.fromisoformat(str(t).replace("Z", "+00:00")).timestamp()
        for t in events["timestamp"].astype(str)
    ]
    latencies = []
    for k, stamp in enumerate(stamps, 1):
        shown = next((t / 1000 for t, j, _, u in seen if j == PARTICIPANTS and u <= expected - k),
                     None)  # fmt: skip
        if shown is not None:
            latencies.append(max(0.0, shown - stamp))
    final = seen[-1] if seen else [0, 0, 0, -1]
    totals = session.votes.groupby("option_id")["dots"].sum()
    labels = dict(zip(session.options["option_id"], session.options["label"], strict=True))
    top = sorted(totals.items(), key=lambda kv: (-kv[1], int(kv[0][1:])))[:3]
    top_words = "; ".join(f"{labels[o]}: {int(n)}" for o, n in top)

    joins = [p.joined_in for p in phones if p.code]
    trips = [t for p in phones for t in p.round_trips]
    errors = [f"phone {p.n}: {p.error}" for p in phones if p.error]
    join_ok = len(joins) == PARTICIPANTS and all_joined_after <= JOIN_TARGET
    projector_ok = final[1:] == [PARTICIPANTS, PARTICIPANTS, 0] and top_words in words
    lat_ok = (
        bool(latencies) and statistics.median(latencies) < 1 and percentile(latencies, 0.95) < 2
    )
    ok = (join_ok and exactly and total_acked == expected and len(events) == expected
          and projector_ok and lat_ok and not blocked and not errors)  # fmt: skip
    elapsed = time.perf_counter() - started

    print(f"phones: {PARTICIPANTS} arriving over {JOIN_WINDOW:.0f} s; {len(joins)} joined, "
          f"the last {all_joined_after:.1f} s after the first arrived "
          f"(target <= {JOIN_TARGET:.0f} s)")  # fmt: skip
    if joins:
        print(f"join (page load to 'You have joined'): median {statistics.median(joins):.2f} s,"
              f" p95 {percentile(joins, 0.95):.2f} s, max {max(joins):.2f} s")  # fmt: skip
    print(f"dots acknowledged: {total_acked} of {expected}; rows in votes.csv: {len(events)}; "
          f"each acknowledged dot recorded exactly once: {exactly}")  # fmt: skip
    if trips:
        print(f"a dot's round trip on a phone ('+' to 'Saved.'): median "
              f"{statistics.median(trips):.3f} s, p95 {percentile(trips, 0.95):.3f} s")  # fmt: skip
    if latencies:
        print(f"vote-to-projector latency: median {statistics.median(latencies):.3f} s, p95 "
              f"{percentile(latencies, 0.95):.3f} s over {len(latencies)} votes "
              "(targets: median < 1 s, p95 < 2 s)")  # fmt: skip
    print(f"projector at the end: joined {final[1]}, finished {final[2]}, unspent {final[3]}; "
          f"{len(seen)} updates seen; after the reveal: {words!r}; "
          f"CSV top three: {top_words!r}")  # fmt: skip
    print(f"peak memory of all kernels together: {memory.peak_mb:.0f} MB "
          f"({memory.peak_kernels} kernels); the two Voila servers: "
          f"{memory.peak_servers_mb:.0f} MB")  # fmt: skip
    print(f"run time: {elapsed:.0f} s")
    for line in errors[:10]:
        print(line)
    if blocked:
        print("the projector tried to reach:", blocked)
    print("targets met" if ok else "TARGETS MISSED")

    figures = [
        figure("phones joined", len(joins), "phones", target=f"{PARTICIPANTS}",
               met=len(joins) == PARTICIPANTS),
        figure("last phone joined, after the first arrived", all_joined_after, "s",
               baseline=("arrivals spread over", JOIN_WINDOW), target=f"<= {JOIN_TARGET:.0f} s",
               met=all_joined_after <= JOIN_TARGET),
        figure("join, page load to 'You have joined' (median)",
               statistics.median(joins) if joins else 0, "s"),
        figure("join (p95)", percentile(joins, 0.95) if joins else 0, "s"),
        figure("dots acknowledged and recorded exactly once", total_acked if exactly else 0,
               "dots", target=f"{expected}", met=exactly and total_acked == expected),
        figure("a dot's round trip on a phone (median)",
               statistics.median(trips) if trips else 0, "s"),
        figure("a dot's round trip on a phone (p95)", percentile(trips, 0.95) if trips else 0,
               "s"),
        figure("vote to projector (median)", statistics.median(latencies) if latencies else 0,
               "s", baseline=("projector poll interval", 0.5), target="< 1 s",
               met=bool(latencies) and statistics.median(latencies) < 1),
        figure("vote to projector (p95)", percentile(latencies, 0.95) if latencies else 0, "s",
               baseline=("projector poll interval", 0.5), target="< 2 s",
               met=bool(latencies) and percentile(latencies, 0.95) < 2),
        figure("peak memory of all kernels together", memory.peak_mb, "MB",
               baseline=("this machine's memory", psutil.virtual_memory().total / 2**20)),
        figure("memory per kernel, at the peak", memory.peak_mb / max(1, memory.peak_kernels),
               "MB"),
        figure("kernels at the peak", memory.peak_kernels, "kernels"),
    ]  # fmt: skip
    save(
        "voila_load",
        f"{PARTICIPANTS} phones through real Voila, {DOTS} dots each, projector in Chromium",
        figures,
        ok,
        notes="Phones speak the widget protocol over the kernels' websockets (no browser per "
        "phone: their rendering happens on the phones); the projector is a Chromium page.",
        seconds=elapsed,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
