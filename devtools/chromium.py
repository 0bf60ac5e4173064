"""Driving Debian's Chromium with Playwright, offline: shared by tests, benchmarks, screenshots."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route

CHROMIUM = "/usr/bin/chromium"
# Without the last three, Chromium keeps trying to reach the internet (NOTES.md).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PROJECTOR = (1920, 1080)
PHONE = (390, 844)


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class OfflinePage:
    """A page whose requests outside the allowed origins are aborted and recorded."""

    context: BrowserContext
    page: Page
    blocked: list[str] = field(default_factory=list)


def offline_page(
    browser: Browser, *origins: str, size: tuple[int, int] = PROJECTOR, javascript: bool = True
) -> OfflinePage:
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, java_script_enabled=javascript
    )
    # the facilitator's screens ask for their token (Jupyter's `Authorization: token`)
    tokens = [getattr(o, "token", "") for o in origins if getattr(o, "token", "")]
    if tokens:
        context.set_extra_http_headers({"Authorization": f"token {tokens[0]}"})
    result = OfflinePage(context, context.new_page())

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith("data:") or any(url == o or url.startswith(o + "/") for o in origins):
            route.continue_()
        else:
            result.blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    return result


def wait_for_app(page: Page, selector: str, timeout_ms: int = 90_000) -> None:
    """Voila renders progressively: wait for its spinner to go, then for our own widget."""
    page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout_ms)
    page.wait_for_selector("#loading", state="detached", timeout=timeout_ms)
    page.wait_for_selector(selector, state="visible", timeout=timeout_ms)


# Distinct colours, and the share of pixels that are not the background colour, of a PNG.
_PIXELS = """async ([src, bg]) => {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width; canvas.height = img.height;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  const colours = new Set();
  let other = 0;
  for (let i = 0; i < data.length; i += 4) {
    colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    if (data[i] !== bg[0] || data[i + 1] !== bg[1] || data[i + 2] !== bg[2]) other++;
  }
  return [colours.size, other / (data.length / 4)];
}"""


def ink(context: BrowserContext, png: bytes, background: tuple[int, int, int]) -> tuple[int, float]:
    """How much a screenshot shows: its distinct colours and the share of pixels that are
    not `background` (a blank page has one colour and no ink). Measured in the browser."""
    checker = context.new_page()
    checker.set_content("<p>pixels</p>")
    src = "data:image/png;base64," + base64.b64encode(png).decode()
    colours, inked = checker.evaluate(_PIXELS, [src, list(background)])
    checker.close()
    return int(colours), float(inked)


# The projector shows one page of a step at a time, in turn. Tests and screenshots show
# page `j` alone at once (0: back to the projector's own choice), as its turn would.
SHOW_SLIDE_PAGE = """(j) => {
  let el = document.getElementById('toolkit-test-page');
  if (!el) {
    el = document.createElement('style'); el.id = 'toolkit-test-page'; document.head.append(el);
  }
  const shown = `.toolkit-page[data-page='${j}']`;
  el.textContent = j ? `body .toolkit-stage .toolkit-page {display: none !important}
    body .toolkit-stage ${shown} {display: flex !important}
    body .toolkit-stage > .toolkit-paged:has(${shown}) {display: flex !important}
    body .toolkit-stage > .toolkit-paged:not(:has(${shown})) {display: none !important}` : '';
}"""


def slide_pages(page: Page) -> int:
    """How many pages the projector's current step has (0: none, the stage as it is)."""
    return page.locator(".toolkit-stage .toolkit-page").count()


def show_slide_page(page: Page, j: int) -> None:
    page.evaluate(SHOW_SLIDE_PAGE, j)


# Resolves once the page has not changed for `ms` milliseconds and every chart on it is drawn
# (the toolkit's template marks a drawn chart data-drawn), or after 15 s: a step's widgets
# arrive in several messages, and its charts are drawn after them.
SETTLED = """(ms) => new Promise(resolve => {
  let timer;
  const drawn = () => [...document.querySelectorAll('.toolkit-chart[data-spec]')].every(
    b => b.getAttribute('data-drawn') === 'true' || !b.isConnected ||
         b.textContent.startsWith('This chart could not be drawn'));
  const finish = () => { obs.disconnect(); clearTimeout(timer); clearTimeout(cap); resolve(); };
  const check = () => { if (drawn()) finish(); else timer = setTimeout(check, 50); };
  const obs = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(check, ms); });
  obs.observe(document.body, {subtree: true, childList: true, attributes: true,
                              characterData: true});
  timer = setTimeout(check, ms);
  const cap = setTimeout(finish, 15000);
})"""


def settle(page: Page, quiet_ms: int = 400) -> None:
    """Wait until the page is still and its charts are drawn (see SETTLED)."""
    page.evaluate(SETTLED, quiet_ms)
