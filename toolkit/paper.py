"""Paper materials that map one to one onto the screens: dot-voting sheets, issue cards, a
stakeholder mapping sheet and a join poster, each one self-contained HTML page to print on A4.

The builders are pure (a reopened session in, HTML out); `write_page` does the file work.
Nothing in a page is fetched: no fonts, no images but data: URIs, the QR code drawn inline.
Every text a participant or a template typed is escaped, and isolated with <bdi> so a
right-to-left override in one label cannot reorder what follows it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from toolkit.apps.join import join_panel
from toolkit.apps.join_code import join_link
from toolkit.apps.network import lan_address
from toolkit.apps.ports import PHONE_PORT
from toolkit.apps.serving import session_token
from toolkit.domain.colour import readable_ink
from toolkit.domain.stakeholders import HIGH_FROM, POSITIONS, SCORES, position_word
from toolkit.domain.template import GroupSpec, WorkshopTemplate
from toolkit.domain.texts import Texts
from toolkit.domain.voting import Round, Voting
from toolkit.records.session import Session, open_session
from toolkit.records.templates import logo_data_uri

KINDS = ("ballots", "issue-cards", "stakeholder-sheet", "join-poster")
# `toolkit serve` puts the participants' page on the LAN address at this port by default
# (its --participant-port); a poster for another set-up is made with --address.
# Two cards (A5, landscape) per page: at 14 pt, a card holding the shipped template's six
# issue categories and room to write does not fit in a quarter of A4 (the text is cut).
CARDS_PER_PAGE = 2
# A card's tick lists (groups, then topics) fit half a page up to about this many lines of
# text, a label wrapping after about this many characters (measured in Chromium on the
# shipped templates); longer, and each card takes a whole page.
TICK_LINES_PER_CARD = 15
CHARS_PER_TICK_LINE = 27
STAKEHOLDER_ROWS = 12
COMPACT_FROM = 8  # a ballot with more options than this is set smaller to fit one sheet


class PaperError(ValueError):
    """Paper that cannot be made as asked; the message says what to change."""


# What each page says


def ballot_rows(voting: Voting, round_id: str) -> list[tuple[str, str]]:
    """(number, label) of each option of a round, in the order and numbering of the
    facilitator's paper-tally entry ('7. Repairs take too long'): the options' own numbers
    (`option_numbers`), in ballot order."""
    return [(n, o.label) for n, o in voting.numbered(round_id)]


def pick_round(voting: Voting, number: int | None = None) -> Round:
    """The round numbered `number`, or by default the current (that is, the last) one."""
    rounds = voting.rounds
    if not rounds:
        raise PaperError(
            "there is no dot-voting round yet; create one on the dot-voting screen first, "
            "then print its sheets"
        )
    if number is None:
        return voting.current or rounds[-1]
    found = next((r for r in rounds if r.number == number), None)
    if found is None:
        have = ", ".join(str(r.number) for r in rounds)
        raise PaperError(
            f"there is no round {number}: this session has {len(rounds)} "
            f"round{'s' if len(rounds) != 1 else ''} ({have}); give --round with one of them"
        )
    return found


def check_address(address: str) -> str:
    """The participants' page address as `http://HOST:PORT`, or PaperError saying how."""
    how = (
        f"--address {address!r} is not an address like http://192.168.1.20:{PHONE_PORT}; "
        "give http://, the host and the port of the participants' page, and nothing after"
    )
    parts = urlsplit(address.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise PaperError(how)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number 0-65535
    except ValueError:
        raise PaperError(how) from None
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def default_address() -> str:
    """Where `toolkit serve` would put the participants' page: this laptop's address on the
    local network (found from its own interfaces, nothing is sent), else 127.0.0.1."""
    return f"http://{lan_address() or '127.0.0.1'}:{PHONE_PORT}"


# Pages


def ballots(session: Session, round_number: int | None = None) -> str:
    """Dot-voting sheets for a round: one A4 sheet per group, to tick and fill at a table."""
    voting = session.state.voting
    rnd = pick_round(voting, round_number)
    rows = ballot_rows(voting, rnd.round_id)
    title = _text(session.title)
    texts = session.template.texts
    say = texts.say
    heads = "".join(f"<th>{escape(say(key))}</th>" for key in
                    ("paper.no", "paper.option", "paper.dots", "paper.total"))  # fmt: skip
    # The table fills what the sheet has left (see the stylesheet), so a short list leaves
    # room for stickers, a long one still fits one sheet, and a long heading (rules, many
    # groups, another language) takes its room from the rows rather than spilling over.
    table_class = "ballot compact" if len(rows) > COMPACT_FROM else "ballot"
    body_rows = "".join(
        f"<tr><td class='no'>{escape(n)}</td>"
        f"<td class='option'>{_text(label)}</td><td class='dots'></td><td class='total'></td></tr>"
        for n, label in rows
    )
    number = str(rnd.number)
    how = texts.markup("paper.ballot_how", dots=f"<b>{escape(say('paper.dots'))}</b>",
                       total=f"<b>{escape(say('paper.total'))}</b>")  # fmt: skip
    # The dot-voting screen's own words: the facilitator's screens are in English.
    note = texts.markup("paper.for_facilitator", paper_sheets="<i>Paper sheets</i>",
                        sheet_of="<i>Sheet of</i>")  # fmt: skip
    sheet = (
        f"<header class='sheet-head'><p class='session'>{title}</p>"
        f"<h1>{escape(say('paper.ballot_title', number=number))}</h1></header>"
        f"<p class='rules'>{escape(rnd.rules.explain(texts))}</p>"
        f"<p class='how'>{how}</p>"
        f"{_group_boxes(session.template.groups, say('paper.group'))}"
        f"<div class='ballot-rows' style='max-height:{12 + 24 * len(rows)}mm'>"  # rows <= 24 mm
        f"<table class='{table_class}'><colgroup><col class='no'><col><col class='dots'>"
        f"<col class='total'></colgroup><thead><tr>{heads}</tr></thead>"
        f"<tbody>{body_rows}</tbody></table></div>"
        f"<p class='for-facilitator'>{note}</p>"
        f"<footer>{texts.markup('paper.ballot_footer', title=title, number=number)}</footer>"
    )
    band = _band(session)
    pages = [_page(band, sheet, "ballot-sheet") for _ in session.template.groups]
    return _document(say("paper.ballots", title=session.title, number=number), pages, texts)


def issue_cards(session: Session) -> str:
    """A page of blank issue cards with cut lines: what should improve, group and topic."""
    template = session.template
    texts = template.texts

    def html(key: str) -> str:  # a text, escaped for the page
        return escape(texts.say(key))

    topics = "".join(f"<li>{_BOX}{_text(c)}</li>" for c in template.issue_categories)
    groups = "".join(f"<li>{_BOX}{_group_name(g)}</li>" for g in template.groups)
    topic_block = (
        f"<p class='label'>{html('paper.card_topic')}</p><ul class='ticks'>{topics}</ul>"
        if template.issue_categories
        else ""
    )
    card = (
        f"<div class='card'><div class='write'><p class='session'>{_text(session.title)}</p>"
        f"<h2>{html('paper.card_title')}</h2>{'<div class=line></div>' * 5}</div>"
        f"<div class='choose'><p class='label'>{html('paper.card_group')}</p>"
        f"<ul class='ticks'>{groups}</ul>{topic_block}</div></div>"
    )
    per_page = CARDS_PER_PAGE if _tick_lines(template) <= TICK_LINES_PER_CARD else 1
    body = (
        f"<p class='cut-note'>{html('paper.cut')}</p>"
        f"<div class='cards' style='grid-template-rows:repeat({per_page},1fr)'>"
        f"{card * per_page}</div>"
    )
    title = texts.say("paper.cards", title=session.title)
    return _document(title, [_page(_band(session), body, "cards-sheet fixed")], texts)


def stakeholder_sheet(session: Session) -> str:
    """The power/interest grid with the template's words, and a table to list stakeholders
    with the fields of the stakeholder map."""
    words = session.template.stakeholder_map
    texts = session.template.texts
    say = texts.say
    labels = words.quadrant_labels
    power, interest = escape(words.power_axis), escape(words.interest_axis)
    power_lower, interest_lower = (
        escape(words.power_axis.lower()),
        escape(words.interest_axis.lower()),
    )
    high, low = f"{HIGH_FROM}-{max(SCORES)}", f"{min(SCORES)}-{HIGH_FROM - 1}"

    def quadrant(key: str, where: str, p: str, i: str) -> str:
        return (
            f"<div class='q {where}'><span class='qname'>{escape(labels.get(key, ''))}</span>"
            f"<span class='qhint'>{power} {p}, {interest_lower} {i}</span></div>"
        )

    grid = (
        "<div class='map'>"
        f"<div class='y-axis'><span>{power} →</span></div><div class='quads'>"
        + quadrant("high_power_low_interest", "top-left", high, low)
        + quadrant("high_power_high_interest", "top-right", high, high)
        + quadrant("low_power_low_interest", "bottom-left", low, low)
        + quadrant("low_power_high_interest", "bottom-right", low, high)
        + f"</div><div></div><div class='x-axis'>{interest} →</div></div>"
    )
    how = texts.markup("paper.map_how", power=power_lower, interest=interest_lower,
                       most=str(max(SCORES)), high=str(HIGH_FROM))  # fmt: skip
    first = (
        f"<header class='sheet-head'><p class='session'>{_text(session.title)}</p>"
        f"<h1>{escape(say('paper.map_title'))}</h1></header>"
        f"<p class='how'>{how}</p>{grid}"
    )
    typed = "kind" in words.fields  # the template's stakeholders.fields may leave Type out
    kinds = (
        f"<p class='how'>{texts.markup('paper.kinds', kinds=escape(', '.join(words.kinds)))}</p>"
        if words.kinds and typed
        else ""
    )
    band = _band(session)
    letters = _position_letters(texts)
    positions = " · ".join(f"<b>{escape(letter)}</b> {escape(position_word(p, texts))}"
                           for p, letter in zip(POSITIONS, letters, strict=True))  # fmt: skip
    scores = "".join(f"<span>{n}</span>" for n in SCORES)
    marks = "".join(f"<span>{escape(letter)}</span>" for letter in letters)
    row = (
        f"<tr><td></td>{'<td></td>' if typed else ''}"
        f"<td class='circle'>{scores}</td><td class='circle'>{scores}</td>"
        f"<td class='circle'>{marks}</td><td class='circle'>{marks}</td></tr>"
    )
    type_head = [escape(say("map.type"))] if typed else []
    heads = [escape(say("paper.name")), *type_head, power, interest,
             escape(say("paper.position_now")), escape(say("map.where_wanted"))]  # fmt: skip
    # Without a Type column the name takes its width, so the columns still fill the sheet.
    name_cols = "<col class='name'><col class='kind'>" if typed else "<col class='name wide'>"
    second = (
        f"<header class='sheet-head'><p class='session'>{_text(session.title)}</p>"
        f"<h1>{escape(say('paper.register_title'))}</h1></header>"
        f"<p class='how'>{texts.markup('paper.register_how', positions=positions)}</p>{kinds}"
        f"<table class='register'><colgroup>{name_cols}"
        "<col class='score'><col class='score'><col class='pos'><col class='pos'></colgroup>"
        f"<thead><tr>{''.join(f'<th>{h}</th>' for h in heads)}</tr></thead>"
        f"<tbody>{row * STAKEHOLDER_ROWS}</tbody></table>"
    )
    return _document(
        say("paper.map", title=session.title),
        [_page(band, first, "map-sheet"), _page(band, second, "register-sheet")],
        texts,
    )


def join_poster(session: Session, link: str) -> str:
    """A poster with the join link as a QR code (drawn here, offline), and the address and the
    code to type for phones that cannot scan: the projector's join panel, on paper."""
    texts = session.template.texts
    body = (
        f"<header class='sheet-head'><h1>{_text(session.title)}</h1></header>"
        f"{join_panel(link, texts)}"
        f"<p class='no-phone'>{escape(texts.say('paper.no_phone'))}</p>"
    )
    title = texts.say("paper.poster", title=session.title)
    return _document(title, [_page(_band(session), body, "poster fixed")], texts)


def page(session: Session, what: str, round_number: int | None = None, link: str = "") -> str:
    """The page named `what` (one of KINDS)."""
    if what not in KINDS:
        raise PaperError(f"unknown paper {what!r}; choose one of {', '.join(KINDS)}")
    if round_number is not None and what != "ballots":
        raise PaperError("--round is for --what ballots only")
    if what == "ballots":
        return ballots(session, round_number)
    if what == "issue-cards":
        return issue_cards(session)
    if what == "stakeholder-sheet":
        return stakeholder_sheet(session)
    if not link:
        raise PaperError("a join poster needs the join link")
    return join_poster(session, link)


def write_page(
    folder: Path | str,
    what: str,
    out: Path | str | None = None,
    round_number: int | None = None,
    address: str | None = None,
) -> Path:
    """Write the page and return its path: `<what>.html` in the session folder unless `out`
    says otherwise. A join poster carries the session's stored join code (made and stored
    now if the session was never served, so the server will use the same one) and `address`
    (default: `default_address()`)."""
    if address is not None and what != "join-poster":
        raise PaperError("--address is for --what join-poster only")
    session = open_session(folder)
    link = ""
    if what == "join-poster":
        base = check_address(address) if address is not None else default_address()
        link = join_link(base, session_token(session.path))
    html = page(session, what, round_number, link)
    path = Path(out) if out is not None else session.path / f"{what}.html"
    if path.is_dir():
        raise PaperError(f"{path} is a folder; give a file name such as {path / (what + '.html')}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


# Building blocks

_BOX = "<span class='box' aria-hidden='true'></span>"


def _text(text: str) -> str:
    """Typed text, escaped and isolated from the text around it."""
    return f"<bdi>{escape(text)}</bdi>"


def _group_name(g: GroupSpec) -> str:
    """A group's letter on its colour (so colour is never the only cue), then its name."""
    return (
        f"<span class='letter' style='background:{g.colour};color:{readable_ink(g.colour)}'>"
        f"{escape(g.letter)}</span> {_text(g.name)}"
    )


def _group_boxes(groups: Sequence[GroupSpec], label: str) -> str:
    """'Group:' and a tick box per group."""
    choices = "".join(f"<span class='choice'>{_BOX}{_group_name(g)}</span>" for g in groups)
    return f"<div class='groups'><span class='label'>{escape(label)}</span> {choices}</div>"


def _tick_lines(template: WorkshopTemplate) -> int:
    """About how many lines of text a card's tick lists take (a group's letter counts as
    three characters)."""
    labels = [g.name + "   " for g in template.groups] + list(template.issue_categories)
    return sum(math.ceil(len(label) / CHARS_PER_TICK_LINE) for label in labels)


def _position_letters(texts: Texts) -> list[str]:
    """A letter to circle for each position: the first of its word in the template's
    language (S, N, R in English), or 1, 2, 3 when two words start alike."""
    letters = [position_word(p, texts)[:1].upper() for p in POSITIONS]
    if len(set(letters)) < len(letters):
        return [str(n) for n in range(1, len(letters) + 1)]
    return letters


def _band(session: Session) -> str:
    """The organisation's band (logo, name, colour), as at the top of the screens."""
    branding = session.template.branding
    logo = logo_data_uri(session.path, branding)
    if not (branding.organisation or logo):
        return ""
    img = f"<img src='{escape(logo)}' alt='{escape(branding.organisation or 'Logo')}'>"
    org = f"<span class='org'>{_text(branding.organisation)}</span>"
    return (
        f"<div class='band' style='background:{branding.colour};"
        f"color:{readable_ink(branding.colour)}'>{img if logo else ''}"
        f"{org if branding.organisation else ''}</div>"
    )


def _page(band: str, body: str, kind: str) -> str:
    return f"<section class='page {kind}'>{band}{body}</section>"


def _document(title: str, pages: Sequence[str], texts: Texts) -> str:
    return (
        f"<!DOCTYPE html>\n<html lang='{escape(texts.language)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(pages)}</body></html>\n"
    )


# On screen each page is drawn as a sheet of A4 (190 x 275 mm inside the margins), so what is
# seen is what prints (2 mm are spare, so a full page never spills onto a blank one). Sizes are
# in mm and pt, as on paper.
_CSS = """
@page { size: A4; margin: 10mm; }
:root { --ink: #1a1a1a; --muted: #3d3d3d; --rule: #8a8a8a; }
* { box-sizing: border-box; }
html { background: #d9d6cc; }
body { margin: 0; color: var(--ink);
  font: 14pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
bdi { overflow-wrap: anywhere; }
.page { box-sizing: content-box; width: 190mm; min-height: 275mm; padding: 10mm 10mm 12mm;
  margin: 8mm auto; background: #fff; box-shadow: 0 1px 5px rgba(0, 0, 0, 0.35);
  display: flex; flex-direction: column; }
.page.fixed { height: 275mm; overflow: hidden; }
.band { flex: none; height: 16mm; display: flex; align-items: center; gap: 4mm;
  padding: 0 5mm; margin-bottom: 5mm; border-radius: 2mm;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.band img { height: 11mm; max-width: 45mm; object-fit: contain; background: #fff;
  padding: 1mm; border-radius: 1mm; }
.band .org { font-weight: 700; font-size: 16pt; }
h1 { font-size: 24pt; line-height: 1.15; margin: 0 0 3mm; }
h2 { font-size: 18pt; line-height: 1.2; margin: 0 0 2mm; }
p { margin: 0 0 3mm; }
.session { font-weight: 600; color: var(--muted); margin: 0 0 1mm; }
.how, .rules { max-width: 185mm; }
.rules { font-size: 16pt; font-weight: 600; }
.label { font-weight: 700; }
.box { display: inline-block; flex: none; width: 6mm; height: 6mm; border: 0.5mm solid var(--ink);
  border-radius: 0.8mm; background: #fff; vertical-align: -1mm; margin-right: 2mm; }
.groups { display: flex; flex-wrap: wrap; align-items: center; gap: 2mm 5mm; margin: 0 0 4mm; }
.choice { white-space: nowrap; display: inline-flex; align-items: center; }
.choice bdi { white-space: normal; }
.letter { display: inline-block; min-width: 7mm; padding: 0 1.2mm; text-align: center;
  font-weight: 700; border-radius: 1mm; margin-right: 1.5mm;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
footer { margin-top: auto; padding-top: 3mm; font-size: 12pt; color: var(--muted);
  border-top: 0.3mm solid var(--rule); }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th { text-align: left; font-size: 14pt; background: #ebe8df;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
th, td { border: 0.4mm solid var(--ink); padding: 1.5mm 2.5mm; vertical-align: middle; }
/* dot-voting sheets */
.ballot-rows { flex: 1 0 auto; display: flex; flex-direction: column; margin-bottom: 3mm; }
.ballot-rows table { flex: 1 0 auto; }
.ballot tbody tr { height: 9mm; }
.ballot.compact td { padding-top: 0.6mm; padding-bottom: 0.6mm; line-height: 1.15; }
.ballot.compact td.no { font-size: 16pt; }
.ballot.compact td.option { font-size: 14pt; }
.ballot col.no { width: 15mm; }
.ballot col.dots { width: 62mm; }
.ballot col.total { width: 30mm; }
.ballot td.no { text-align: center; font-size: 22pt; font-weight: 700; }
.ballot td.option { font-size: 16pt; }
.ballot td.total { border-width: 0.9mm; }
.for-facilitator { font-size: 12pt; color: var(--muted); }
/* issue cards */
.cut-note { font-size: 12pt; color: var(--muted); margin-bottom: 2mm; }
.cards { flex: 1; min-height: 0; display: grid; grid-template-columns: 1fr;
  border-top: 0.4mm dashed #555; border-left: 0.4mm dashed #555; }
.card { border-right: 0.4mm dashed #555; border-bottom: 0.4mm dashed #555; padding: 5mm 6mm;
  overflow: hidden; min-height: 0; display: grid; grid-template-columns: 1fr 82mm; gap: 7mm; }
.card .session { font-size: 12pt; }
.card h2 { margin-bottom: 0; }
.card .line { height: 13mm; border-bottom: 0.3mm solid var(--rule); }
.card .label { margin: 0 0 1.5mm; }
.ticks { list-style: none; margin: 0 0 3mm; padding: 0; line-height: 1.2; }
.ticks li { display: flex; align-items: flex-start; margin-bottom: 1.2mm; }
.ticks .box { margin-top: -0.3mm; }
/* stakeholder map */
.map { flex: 1; display: grid; grid-template-columns: 12mm 1fr; grid-template-rows: 1fr auto;
  min-height: 170mm; margin-top: 2mm; }
.y-axis { display: flex; align-items: center; justify-content: center; }
.y-axis span { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 700; }
.x-axis { text-align: center; font-weight: 700; padding-top: 2mm; }
.quads { display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: 1fr 1fr;
  border: 0.6mm solid var(--ink); }
.q { padding: 3mm 4mm; display: flex; flex-direction: column; }
.q.top-left, .q.bottom-left { border-right: 0.4mm solid var(--ink); }
.q.top-left, .q.top-right { border-bottom: 0.4mm solid var(--ink); }
.qname { font-size: 18pt; font-weight: 700; }
.qhint { font-size: 12pt; color: var(--muted); }
.register col.name { width: 42mm; }
.register col.kind { width: 28mm; }
.register col.name.wide { width: 70mm; } /* 42 + 28: no kind column, the name takes its width */
.register col.score { width: 34mm; }
.register col.pos { width: 26mm; }
.register th { font-size: 12pt; line-height: 1.15; vertical-align: bottom; }
.register td { height: 13.5mm; }
.circle { padding: 0 1mm; text-align: center; white-space: nowrap; font-size: 0; }
.circle span { display: inline-block; width: 6.2mm; text-align: center; font-size: 14pt; }
/* join poster */
.poster .sheet-head h1 { font-size: 30pt; text-align: center; margin: 4mm 0 6mm; }
.toolkit-join-panel { display: flex; flex-direction: column; align-items: center;
  text-align: center; }
.toolkit-join-qr svg { display: block; width: 120mm; height: 120mm; }
.toolkit-join-panel h2 { font-size: 32pt; margin: 5mm 0 2mm; }
.toolkit-join-panel p { margin: 0 0 1mm; font-size: 18pt; }
.toolkit-join-link, .toolkit-join-code { font-family: ui-monospace, "DejaVu Sans Mono",
  Menlo, Consolas, monospace; font-weight: 700; overflow-wrap: anywhere; }
.toolkit-join-panel p.toolkit-join-link { font-size: 26pt; margin-bottom: 3mm; }
.toolkit-join-panel p.toolkit-join-code { font-size: 60pt; line-height: 1.1;
  letter-spacing: 0.05em; }
.no-phone { margin-top: auto; text-align: center; font-size: 16pt; }
@media print {
  html { background: none; }
  .page { width: auto; min-height: 275mm; padding: 0; margin: 0; box-shadow: none;
    break-after: page; }
  .page:last-child { break-after: auto; }
  .page.fixed { height: 275mm; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
"""
