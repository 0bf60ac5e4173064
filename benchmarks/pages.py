"""Page weight and speed in Chromium: the phones' page against a static copy of itself, and the
facilitator's Voila pages against a minimal notebook, each in the same run.

Run with `make bench`. Two parts:

- The phones' page, as a phone first opens the join link (`/?token=CODE`, 303 to `/`) in a
  fresh browser context at 390x844: bytes transferred as on the wire (compressed, headers
  included: CDP's `Network.loadingFinished` encodedDataLength, or for the held-open /events
  stream what it has received so far), the number of requests, and the time to a usable
  screen (from navigation start until the join button is visible and enabled, recorded in
  the page by a MutationObserver installed before the document loads). Baseline: a saved
  copy of the same rendered page (the same bytes) served as a static file by the same server
  process (PhoneApp in a process of its own, with a `/bench-static` route added). Medians
  of PHONE_REPEATS alternating loads, after warm-ups.
  Targets: < 100 kB, < 10 requests, time within 1.2x the static copy's.
- The facilitator console and the projector (Voila): each opened REPEATS times in a fresh
  context and timed to their first widget of our own; their kernel's memory when it shows.
  Target: within 1.5x the time of a minimal notebook (one ipywidgets button).
"""

from __future__ import annotations

import asyncio
import http.client
import logging
import multiprocessing
import shutil
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import psutil
from playwright.sync_api import Browser, sync_playwright
from tornado import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.results import figure, save
from devtools.chromium import PHONE, launch, offline_page, wait_for_app
from devtools.load_template import template_for_load
from toolkit.apps.serving import free_port, session_token, voila_server
from toolkit.records import create_session
from toolkit.records.templates import shipped_root

REPEATS = 3
PAGES = {  # page -> (selector of its first own widget, time target, memory target)
    "minimal": (".toolkit-minimal", None, None),
    "console": (".toolkit-console .toolkit-agenda-bar", 1.5, None),
    "projector": (".toolkit-projector", 1.5, None),
}
PHONE_REPEATS, PHONE_WARMUPS = 21, 2
PHONE_BYTES_TARGET, PHONE_REQUESTS_TARGET, PHONE_RATIO_TARGET = 100_000, 10, 1.2
HOST = "127.0.0.1"
# Voila phones, measured 2026-12-03 (benchmarks/voila_load.py, since removed): the old page.
VOILA_PHONE_REQUESTS, VOILA_PHONE_BYTES = 98, 5.3e6


def minimal_notebook(folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import ipywidgets as w\n"
            "b = w.Button(description='OK')\n"
            "b.add_class('toolkit-minimal')\n"
            "b"
        )
    ]
    nbformat.write(nb, folder / "minimal.ipynb")


def kernels(server_pid: int) -> set[int]:
    return {p.pid for p in psutil.Process(server_pid).children(recursive=True)}


# --- the facilitator's Voila pages ---------------------------------------------------------


def voila_pages(browser: Browser, root: Path, session: Path) -> tuple[list[dict[str, Any]], bool]:
    pages = root / "pages"
    shutil.copytree(shipped_root("notebooks"), pages)
    minimal_notebook(pages)
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    memory: dict[str, list[float]] = {name: [] for name in PAGES}
    with voila_server(pages, session) as origin:
        server = next(
            proc
            for proc in psutil.process_iter(["cmdline"])
            if origin.rsplit(":", 1)[1] in " ".join(proc.info["cmdline"] or [])
        )
        for round_ in range(REPEATS + 1):  # the first round warms caches; not counted
            for name, (selector, _, _) in PAGES.items():
                before = kernels(server.pid)
                view = offline_page(browser, origin)
                start = time.perf_counter()
                view.page.goto(f"{origin}/voila/render/{name}.ipynb")
                wait_for_app(view.page, selector)
                elapsed = time.perf_counter() - start
                new = kernels(server.pid) - before
                rss = sum(psutil.Process(pid).memory_info().rss for pid in new) / 2**20
                if round_:
                    times[name].append(elapsed)
                    memory[name].append(rss)
                view.context.close()
                assert not view.blocked, view.blocked
    base_t = statistics.median(times["minimal"])
    base_m = statistics.median(memory["minimal"])
    ok = True
    figures = []
    print(f"{'page':<12} {'time (s)':>9} {'ratio':>6} {'kernel MB':>10} {'ratio':>6}  targets")
    for name, (_, t_target, m_target) in PAGES.items():
        t, m = statistics.median(times[name]), statistics.median(memory[name])
        met = (t_target is None or t / base_t <= t_target) and (
            m_target is None or m / base_m <= m_target
        )
        ok = ok and met
        goal = " ".join(
            f"{what} <= {x}x" for what, x in (("time", t_target), ("memory", m_target)) if x
        )
        print(
            f"{name:<12} {t:>9.2f} {t / base_t:>6.2f} {m:>10.0f} {m / base_m:>6.2f}  "
            f"{goal or '(baseline)'}{'' if met else '  MISSED'}"
        )
        base = name == "minimal"
        figures.append(
            figure(
                f"{name} page: first widget on screen",
                t,
                "s",
                baseline=None if base else ("minimal notebook", base_t),
                target=f"ratio <= {t_target}" if t_target else "",
                met=t / base_t <= t_target if t_target else None,
            )
        )
        figures.append(
            figure(
                f"{name} page: its kernel's memory",
                m,
                "MB",
                baseline=None if base else ("minimal notebook", base_m),
                target=f"ratio <= {m_target}" if m_target else "",
                met=m / base_m <= m_target if m_target else None,
            )
        )
    print(
        f"medians of {REPEATS} loads each, after one warm-up load; 'kernel MB' is the "
        "resident memory of the page's kernel when its first widget shows"
    )
    return figures, ok


# --- the phones' page ----------------------------------------------------------------------


def _serve_with_a_static_copy(folder: Path, token: str, port: int, copy: Path) -> None:
    """The participants' server as `python -m toolkit.apps.phones` runs it, in a process of
    its own, with one route more: `/bench-static` answers the bytes of `copy`."""
    from toolkit.apps.phones.app import PhoneApp

    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # as the server's own main

    class StaticCopy(web.RequestHandler):
        page = b""

        def get(self) -> None:
            if not StaticCopy.page:
                StaticCopy.page = copy.read_bytes()
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.finish(StaticCopy.page)

    async def serve() -> None:
        app = PhoneApp(folder, token)
        app.application.add_handlers(r".*", [(r"/bench-static", StaticCopy)])
        app.listen(HOST, port)
        await asyncio.Event().wait()

    asyncio.run(serve())


@contextmanager
def phone_server_here(folder: Path, token: str) -> Iterator[tuple[str, Path]]:
    """The participants' server (the same code, its own process, so that the browser's
    driver in this process does not share its interpreter) with a `/bench-static` route
    that answers the bytes written to the yielded file before its first request."""
    port = free_port(HOST)
    copy = folder.parent / "static-copy.html"
    process = multiprocessing.get_context("spawn").Process(
        target=_serve_with_a_static_copy, args=(folder, token, port, copy), daemon=True
    )
    process.start()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or not process.is_alive():
                    raise RuntimeError("the participants' server did not start") from None
                time.sleep(0.1)
        yield f"http://{HOST}:{port}", copy
    finally:
        process.terminate()
        process.join(timeout=10)


def rendered_join_page(origin: str, token: str) -> bytes:
    """The join page's bytes as the server sends them to a phone that followed the link."""
    port = int(origin.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", f"/?token={token}")
    first = conn.getresponse()
    first.read()
    cookie = (first.getheader("Set-Cookie") or "").split(";", 1)[0]
    assert first.status == 303 and cookie.startswith("toolkit_join="), first.status
    conn.request("GET", "/", headers={"Cookie": cookie})
    page = conn.getresponse()
    body = page.read()
    conn.close()
    assert page.status == 200 and b'action="/join"' in body, page.status
    return body


# Installed before the document loads: the moment the join button is first visible (laid
# out, with a size) and enabled, checked at every change to the document.
READY = """(() => {
  const check = () => {
    if (window.__ready) return;
    const b = document.querySelector('form[action="/join"] button[type=submit]');
    if (!b || b.disabled) return;
    const r = b.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && getComputedStyle(b).visibility !== 'hidden')
      window.__ready = performance.now();
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true,
                                                 attributes: true});
  document.addEventListener('DOMContentLoaded', check);
})();"""


@dataclass
class Load:
    """One first load of a page: when its join button became usable, what crossed the wire."""

    ready_ms: float
    wire_bytes: int
    requests: int
    urls: list[str]
    timing: dict[str, float]  # the document's navigation timing, ms from navigation start


NAVIGATION = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  return {redirect: n.redirectEnd - n.redirectStart, response_start: n.responseStart,
          response_end: n.responseEnd, dom_interactive: n.domInteractive};
}"""


def load_once(browser: Browser, origin: str, path: str, token: str) -> Load:
    """One first load in a fresh context, the join cookie already set unless `path` is the
    join link itself (so both pages open the same /events stream)."""
    # No request routing here (offline_page's guard would hold every request for a round
    # trip to this process, and the redirect would pay it twice): requests are checked after.
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    if "token=" not in path:
        context.add_cookies([{"name": "toolkit_join", "value": token, "url": origin}])
    page = context.new_page()
    page.add_init_script(READY)
    cdp = context.new_cdp_session(page)
    urls: dict[str, list[str]] = {}
    finished: dict[str, int] = {}
    partial: dict[str, int] = {}
    redirects = [0]

    def sent(e: dict[str, Any]) -> None:
        if e["request"]["url"].startswith("http"):
            urls.setdefault(e["requestId"], []).append(e["request"]["url"])
        if "redirectResponse" in e:  # the 303's bytes are not in the request's final total
            redirects[0] += int(e["redirectResponse"].get("encodedDataLength", 0))

    def answered(e: dict[str, Any]) -> None:
        partial[e["requestId"]] = partial.get(e["requestId"], 0) + int(
            e["response"].get("encodedDataLength", 0)
        )

    def data(e: dict[str, Any]) -> None:
        partial[e["requestId"]] = partial.get(e["requestId"], 0) + int(e["encodedDataLength"])

    def done(e: dict[str, Any]) -> None:
        finished[e["requestId"]] = int(e["encodedDataLength"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", answered)
    cdp.on("Network.dataReceived", data)
    cdp.on("Network.loadingFinished", done)
    cdp.send("Network.enable")
    page.goto(f"{origin}{path}", wait_until="load")
    page.wait_for_function("() => window.__ready !== undefined", timeout=30_000)
    ready = float(page.evaluate("window.__ready"))
    timing = {k: float(v) for k, v in page.evaluate(NAVIGATION).items()}
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    page.wait_for_timeout(300)  # the /events stream opens once phone.js has run
    # A finished request's total includes its headers; the held-open stream has none yet.
    total = sum(finished.get(r, partial.get(r, 0)) for r in urls) + redirects[0]
    requests = sum(len(u) for u in urls.values())  # a redirect is a request of its own
    listed = [u for us in urls.values() for u in us]
    elsewhere = [u for u in listed if not u.startswith(origin + "/")]
    assert not elsewhere, f"the phones' page asked for {elsewhere}"
    context.close()
    return Load(ready, total, requests, listed, timing)


def phone_page(browser: Browser, session: Path) -> tuple[list[dict[str, Any]], bool]:
    token = session_token(session)
    with phone_server_here(session, token) as (origin, copy):
        body = rendered_join_page(origin, token)
        copy.write_bytes(body)
        runs: dict[str, list[Load]] = {"phone": [], "static": []}
        paths = {"phone": f"/?token={token}", "static": "/bench-static"}
        for i in range(PHONE_WARMUPS + PHONE_REPEATS):
            order = ("phone", "static") if i % 2 == 0 else ("static", "phone")
            for name in order:
                result = load_once(browser, origin, paths[name], token)
                if i >= PHONE_WARMUPS:
                    runs[name].append(result)

    def median(name: str, of: str) -> float:
        if of in ("ready_ms", "wire_bytes"):
            return float(statistics.median(getattr(r, of) for r in runs[name]))
        return statistics.median(r.timing[of] for r in runs[name])

    phone_ms, static_ms = median("phone", "ready_ms"), median("static", "ready_ms")
    phone_bytes, static_bytes = median("phone", "wire_bytes"), median("static", "wire_bytes")
    requests = max(r.requests for r in runs["phone"])
    ratio = phone_ms / static_ms
    paired = statistics.median(
        p.ready_ms / s.ready_ms for p, s in zip(runs["phone"], runs["static"], strict=True)
    )
    met = {
        "bytes": phone_bytes < PHONE_BYTES_TARGET,
        "requests": requests < PHONE_REQUESTS_TARGET,
        "ratio": ratio <= PHONE_RATIO_TARGET,
    }
    print(f"phones' page, first load at {PHONE[0]}x{PHONE[1]} (medians of {PHONE_REPEATS} "
          f"alternating loads after {PHONE_WARMUPS} warm-ups each):")  # fmt: skip
    print(f"  requests: {requests} ({', '.join(runs['phone'][0].urls)}); target < "
          f"{PHONE_REQUESTS_TARGET}{'' if met['requests'] else '  MISSED'}")  # fmt: skip
    print(f"  on the wire: {phone_bytes / 1000:.1f} kB (the HTML itself {len(body) / 1000:.1f}"
          f" kB before compression); target < {PHONE_BYTES_TARGET / 1000:.0f} kB"
          f"{'' if met['bytes'] else '  MISSED'}")  # fmt: skip
    print(f"  join button usable: {phone_ms:.1f} ms; the static copy (same bytes, same "
          f"server, {static_bytes / 1000:.1f} kB on the wire): {static_ms:.1f} ms; ratio "
          f"{ratio:.2f} (target <= {PHONE_RATIO_TARGET}; median of paired ratios {paired:.2f})"
          f"{'' if met['ratio'] else '  MISSED'}")  # fmt: skip
    for name in ("phone", "static"):
        print(f"  {name}: redirect {median(name, 'redirect'):.1f} ms, first byte "
              f"{median(name, 'response_start'):.1f} ms, last byte "
              f"{median(name, 'response_end'):.1f} ms, DOM interactive "
              f"{median(name, 'dom_interactive'):.1f} ms; all loads to usable, ms: "
              f"{sorted(round(r.ready_ms) for r in runs[name])}")  # fmt: skip
    figures = [
        figure("phones' page: requests, first load", requests, "requests",
               baseline=("Voila phone page", VOILA_PHONE_REQUESTS),
               target=f"< {PHONE_REQUESTS_TARGET}", met=met["requests"]),
        figure("phones' page: bytes on the wire, first load", phone_bytes / 1000, "kB",
               baseline=("Voila phone page, uncompressed", VOILA_PHONE_BYTES / 1000),
               target=f"< {PHONE_BYTES_TARGET / 1000:.0f} kB", met=met["bytes"]),
        figure("phones' page: join button usable", phone_ms / 1000, "s",
               baseline=("static copy, same server", static_ms / 1000),
               target=f"ratio <= {PHONE_RATIO_TARGET}", met=met["ratio"]),
    ]  # fmt: skip
    return figures, all(met.values())


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        root = Path(tmp)
        session = create_session(root / "bench", template_for_load(root), "Benchmark")
        browser = launch(p)
        phone_figures, phone_ok = phone_page(browser, session)
        voila_figures, voila_ok = voila_pages(browser, root, session)
        browser.close()
    ok = phone_ok and voila_ok
    print("targets met" if ok else "TARGETS MISSED")
    save(
        "pages",
        f"The phones' page against a static copy ({PHONE_REPEATS} alternating loads), and "
        f"Voila pages against a minimal notebook ({REPEATS} loads), in Chromium",
        phone_figures + voila_figures,
        ok,
        notes="Phones' page: a first load of the join link in a fresh context at 390x844; "
        "bytes as on the wire (compressed, with headers) from CDP. The Voila phone page's "
        "figures are the old ones (2026-12-03), for comparison.",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
