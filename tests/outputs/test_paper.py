"""Paper materials: the sheets say what the screens say, numbered the same; nothing in them is
fetched; typed text is shown as text; `toolkit print` writes them or says what is wrong."""

from __future__ import annotations

import json
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import segno

from tests.hostile import HOSTILE_TEXTS
from tests.widgets.test_voting_view import OPTIONS, ready
from tests.workshop import NUMBERS_2_5_7, ROUND_2_5_7, round_on_issues_2_5_7, template_with
from toolkit.apps.voting import voting_app
from toolkit.cli import main
from toolkit.domain.voting import Rules, Voting
from toolkit.outputs.join_panel import join_panel
from toolkit.outputs.paper import (
    KINDS,
    PaperError,
    ballot_rows,
    ballots,
    check_address,
    issue_cards,
    join_poster,
    page,
    pick_round,
    stakeholder_sheet,
)
from toolkit.records import Recorder, create_session
from toolkit.records.join_code import grouped, join_link, session_token
from toolkit.records.session import open_session
from toolkit.records.templates import find_template
from toolkit.widgets.voting import VotingConsole

ADDRESS = "http://192.168.1.20:8867"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # --help
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


class Parsed(HTMLParser):
    """Tags, attributes and text of a page, as a browser's parser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.cells: dict[str, list[str]] = {}  # class of a <td> -> the text in each
        self._cell: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        if tag in ("td", "li"):
            self._cell = dict(attrs).get("class") or tag
            self.cells.setdefault(self._cell, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "li"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self.cells[self._cell][-1] += data


def with_round(folder: Path, labels: list[str]) -> None:
    """A draft round with these options, recorded through the domain rules."""
    events = Voting().new_round("R-1", [(x, "") for x in labels], Rules(dots=3),
                                [f"O-{i}" for i in range(len(labels))])  # fmt: skip
    rec = Recorder(folder)
    for e in events:
        rec.append(e.table, e.event, **e.values)


# --- ballots: numbered exactly as the facilitator's paper-tally entry -----------------------


def test_ballot_rows_are_the_paper_tally_screens_numbers_and_labels(session_dir: Path) -> None:
    console = ready(session_dir)  # six shortlisted options, round 1 open
    shown = [box.description for box in console.paper_counts.children]
    assert len(shown) == 6

    session = open_session(session_dir)
    voting = session.state.voting
    rows = ballot_rows(voting, pick_round(voting).round_id)
    assert [f"{n}. {label}" for n, label in rows] == shown
    assert [label for _, label in rows] == OPTIONS

    html = ballots(session)
    sheet = Parsed(html)
    printed = list(zip(sheet.cells["no"], sheet.cells["option"], strict=True))
    groups = session.template.groups
    assert printed == [(str(n), label) for n, label in rows] * len(groups)  # a sheet per group
    assert html.count("<section class='page ballot-sheet'>") == len(groups) == 3
    assert html.count("<bdi>Repairs together</bdi>") >= 3 and "Dot-voting · Round 1" in html
    assert html.count("Session <bdi>Repairs together</bdi> · Round 1 · sheet for one table") == 3
    # the rules in the words the facilitator's screen shows to read out, and a box per group
    rules = pick_round(voting).rules
    assert f"<p class='rules'>{escape(rules.explain())}</p>" in html
    assert all(f"<li>{escape(s)}</li>" in console.round_info.value for s in rules.sentences())
    assert "You each have 2 dots. You can put up to 2 on one option." in html
    for g in groups:
        assert html.count(f"{g.letter}</span> <bdi>{g.name}</bdi>") == 3


def test_ballots_default_to_the_last_round_and_round_picks_another(session_dir: Path) -> None:
    console = ready(session_dir)
    console.close_button.click()
    console.reveal_button.click()
    console.source.value = "top"
    console.keep_top.value = 3
    console.create_button.click()
    assert console.status.kind == "ok", console.status.message
    session = open_session(session_dir)
    latest, first = ballots(session), ballots(session, 1)
    assert "Round 2 · sheet for one table" in latest and "Round 1" not in latest
    options = [o.label for o in console.voting.options(console.voting.rounds[1].round_id)]
    assert len(options) == 6  # nobody voted in round 1: all six tied, so all are kept
    assert Parsed(latest).cells["option"][:6] == options
    assert "Round 1 · sheet for one table" in first and len(Parsed(first).cells["option"]) == 18
    with pytest.raises(
        PaperError, match=r"there is no round 3: this session has 2 rounds \(1, 2\)"
    ):
        ballots(session, 3)


# --- the command ------------------------------------------------------------------------------


def test_print_writes_each_kind_into_the_session_folder(
    session_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ready(session_dir)
    for what in KINDS:
        extra = ["--address", ADDRESS] if what == "join-poster" else []
        code, out, err = run(capsys, "print", str(session_dir), "--what", what, *extra)
        assert (code, err) == (0, ""), err
        assert out == f"wrote {session_dir / (what + '.html')}\n"
        html = (session_dir / f"{what}.html").read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and "@page { size: A4;" in html
    elsewhere = tmp_path / "print" / "round1.html"
    code, out, _ = run(capsys, "print", str(session_dir), "--what", "ballots", "--round", "1",
                       "--out", str(elsewhere))  # fmt: skip
    assert (code, out) == (0, f"wrote {elsewhere}\n") and "Round 1" in elsewhere.read_text()
    code, out, _ = run(capsys, "print", "--help")
    assert code == 0 and "default: <what>.html inside the session folder" in " ".join(out.split())


def test_the_poster_carries_the_sessions_join_code_and_the_address(
    session_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "print", str(session_dir), "--what", "join-poster",
                       "--address", ADDRESS + "/")  # fmt: skip
    assert (code, err) == (0, "")
    token = session_token(session_dir)  # stored by printing: `toolkit serve` uses the same
    html = (session_dir / "join-poster.html").read_text(encoding="utf-8")
    link = join_link(ADDRESS, token)
    assert join_panel(link) in html  # the projector's panel: QR, address and code
    assert segno.make(link, error="m").svg_inline(dark="#1a1a1a", light="#ffffff", border=3,
                                                  omitsize=True) in html  # fmt: skip
    assert f"<p class='toolkit-join-link'>{ADDRESS}</p>" in html
    assert f"<p class='toolkit-join-code'>{grouped(token)}</p>" in html
    assert "<h1><bdi>Repairs together</bdi></h1>" in html and "Example Homes" in html
    # printing again gives the same code
    run(capsys, "print", str(session_dir), "--what", "join-poster", "--address", ADDRESS)
    assert grouped(token) in (session_dir / "join-poster.html").read_text(encoding="utf-8")


def test_a_poster_for_phones_under_a_prefix_carries_it(
    session_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`toolkit serve --phones-prefix /services/phones/`: the poster's QR code and address."""
    code, _, err = run(capsys, "print", str(session_dir), "--what", "join-poster",
                       "--address", f"{ADDRESS}/services/phones/")  # fmt: skip
    assert (code, err) == (0, "")
    html = (session_dir / "join-poster.html").read_text(encoding="utf-8")
    link = join_link(f"{ADDRESS}/services/phones", session_token(session_dir))
    assert link.startswith(f"{ADDRESS}/services/phones/?token=") and join_panel(link) in html
    assert f"<p class='toolkit-join-link'>{ADDRESS}/services/phones/</p>" in html


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--what", "ballots"], "there is no dot-voting round yet; create one on the dot-voting"),
        (["--what", "ballots", "--round", "1"], "there is no dot-voting round yet"),
        (["--what", "ballots", "--round", "x"], "argument --round: invalid int value: 'x'"),
        (["--what", "issue-cards", "--round", "1"], "--round is for --what ballots only"),
        (["--what", "ballots", "--address", ADDRESS], "--address is for --what join-poster only"),
        (
            ["--what", "join-poster", "--address", "192.168.1.20:8867"],
            "is not an address like http://192.168.1.20:8867",
        ),
        (["--what", "join-poster", "--address", "http://x:8867/voila?token=1"], "nothing after"),
        (["--what", "join-poster", "--address", "http://x:99999"], "not an address like"),
        (["--what", "leaflet"], "invalid choice: 'leaflet'"),
        ([], "the following arguments are required: --what"),
    ],
)
def test_print_errors_are_one_line_and_exit_1(
    session_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "print", str(session_dir), *argv)
    assert code == 1 and message in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err
    assert not list(session_dir.glob("*.html"))


def test_print_says_how_many_rounds_there_are(
    session_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    console = ready(session_dir)
    console.close_button.click()
    console.reveal_button.click()
    console.create_button.click()  # round 2, from the shortlist again
    code, _, err = run(capsys, "print", str(session_dir), "--what", "ballots", "--round", "3")
    assert code == 1
    assert err == (
        "toolkit print: there is no round 3: this session has 2 rounds (1, 2); give --round "
        "with one of them\n"
    )
    code, _, err = run(capsys, "print", "nowhere", "--what", "issue-cards")
    assert code == 1 and err.startswith("toolkit print: ") and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("found", "shown"), [("10.1.2.3", "http://10.1.2.3:8867"), (None, "http://127.0.0.1:8867")]
)
def test_the_poster_defaults_to_where_serve_puts_the_phones_page(
    session_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    found: str | None,
    shown: str,
) -> None:
    from toolkit.outputs.paper import poster

    monkeypatch.setattr(poster, "lan_address", lambda: found)  # the interfaces, as read
    code, out, err = run(capsys, "print", str(session_dir), "--what", "join-poster")
    assert (code, err) == (0, "")
    html = (session_dir / "join-poster.html").read_text(encoding="utf-8")
    assert f"<p class='toolkit-join-link'>{shown}</p>" in html
    assert ("127.0.0.1, which phones cannot open" in out) == (found is None)


def test_an_address_is_checked_and_tidied() -> None:
    assert check_address(" http://10.0.0.5:8867/ ") == "http://10.0.0.5:8867"
    assert check_address("https://workshop.local") == "https://workshop.local"
    # under `toolkit serve --phones-prefix`: the prefix, tidied, is kept
    assert check_address("http://10.0.0.5:8867/services/phones") == (
        "http://10.0.0.5:8867/services/phones"
    )
    assert check_address("http://10.0.0.5:8867//services/phones/") == (
        "http://10.0.0.5:8867/services/phones"
    )
    for bad in ("", "10.0.0.5:8867", "ftp://x:1", "http://:8867", "http://u:p@x:1",
                "http://x:1/#top", "http://x:1/a b/", "http://x:1/a/../b/"):  # fmt: skip
        with pytest.raises(PaperError, match="not an address like"):
            check_address(bad)


# --- self-contained, and typed text shown as text ---------------------------------------------


def all_pages(folder: Path) -> dict[str, str]:
    session = open_session(folder)
    return {what: page(session, what, link=join_link(ADDRESS, "K7P2QX9M")) for what in KINDS}


def test_nothing_is_fetched_and_no_web_address_but_the_join_link(session_dir: Path) -> None:
    ready(session_dir)
    for what, html in all_pages(session_dir).items():
        parsed = Parsed(html)
        assert not {"script", "link", "iframe", "object", "embed", "base"} & set(parsed.tags)
        for name, value in parsed.attrs:
            if name in ("src", "href", "srcset", "action", "data", "poster", "xlink:href"):
                assert value.startswith("data:"), (what, name, value[:60])
        assert "url(" not in html and "@import" not in html, what
        # the only web address is the join link's, written out for people to type
        assert html.replace(f"<p class='toolkit-join-link'>{ADDRESS}</p>", "").count("http") == 0
        assert "<img src='data:image/svg+xml;base64," in html  # the logo, inside the file
        assert "@font-face" not in html  # fonts from the system


@pytest.fixture
def hostile_session(tmp_path: Path) -> Path:
    """Every hostile text as an issue category and a voting option, one in the title and the
    organisation's name."""
    categories = "categories = [" + ", ".join(
        json.dumps(t, ensure_ascii=False) for t in HOSTILE_TEXTS
    )
    template = template_with(tmp_path, "categories = [", categories + ", ")
    text = (template / "template.toml").read_text(encoding="utf-8")
    (template / "template.toml").write_text(
        text.replace('organisation = "Example Homes"', 'organisation = "<u>Homes</u> & Co"'),
        encoding="utf-8",
    )
    folder = create_session(tmp_path / "hostile", template, "<script>alert('x')</script> & co")
    with_round(folder, HOSTILE_TEXTS)
    return folder


def test_typed_text_is_shown_as_text_everywhere(hostile_session: Path) -> None:
    pages = all_pages(hostile_session)
    for what, html in pages.items():
        parsed = Parsed(html)
        assert "script" not in parsed.tags and "u" not in parsed.tags, what
        assert "<bdi>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co</bdi>" in html
        assert "<bdi>&lt;u&gt;Homes&lt;/u&gt; &amp; Co</bdi>" in html
    labels = Parsed(pages["ballots"]).cells["option"]
    assert labels == HOSTILE_TEXTS * 3  # exactly as typed, a sheet per group
    topics = [t for t in Parsed(pages["issue-cards"]).cells["li"] if t in HOSTILE_TEXTS]
    assert topics == HOSTILE_TEXTS  # 28 categories: one card per page
    for text in HOSTILE_TEXTS:
        assert f"<bdi>{escape(text)}</bdi>" in pages["ballots"] and escape(text) in topics_html(
            pages["issue-cards"]
        )


def topics_html(html: str) -> str:
    return html[html.index("Topic (tick one)") :]


def test_each_page_builder_uses_the_templates_words(session_dir: Path, tmp_path: Path) -> None:
    template = template_with(tmp_path, 'high_power_high_interest = "Manage closely"',
                             'high_power_high_interest = "Key players"')  # fmt: skip
    folder = create_session(tmp_path / "words", template, "Words")
    session = open_session(folder)
    sheet = stakeholder_sheet(session)
    assert "<span class='qname'>Key players</span>" in sheet
    assert sheet.index("Keep satisfied") < sheet.index("Key players") < sheet.index("Monitor")
    assert "Power / influence 3-5, interest 3-5" in sheet  # 3 and above count as high
    assert "Type, for example: Tenants, Housing staff, Council" in sheet
    assert sheet.count("<tr><td></td><td></td>") == 12
    cards = issue_cards(session)
    assert cards.count("<div class='card'>") == 2
    assert "<bdi>Maintaining building safety</bdi>" in cards
    poster = join_poster(session, join_link(ADDRESS, "K7P2QX9M"))
    assert "K7P2 QX9M" in poster and "Words" in poster
    with pytest.raises(PaperError, match="unknown paper 'flyer'"):
        page(session, "flyer")


def test_sheets_and_tally_boxes_number_each_option_as_its_issue(session_dir: Path) -> None:
    round_on_issues_2_5_7(session_dir, reveal=False)  # issues 7, 2, 5 and one typed in
    session = open_session(session_dir)
    voting = session.state.voting
    labels = [label for label, _ in ROUND_2_5_7]
    assert ballot_rows(voting, pick_round(voting).round_id) == list(
        zip(NUMBERS_2_5_7, labels, strict=True)
    )
    sheet = Parsed(ballots(session))
    groups = len(session.template.groups)
    assert sheet.cells["no"] == NUMBERS_2_5_7 * groups  # never 1, 2, 3, 4
    assert sheet.cells["option"] == labels * groups
    console = voting_app(session_dir)
    assert isinstance(console, VotingConsole)
    assert [box.description for box in console.paper_counts.children] == [
        f"{n}. {label}" for n, label in zip(NUMBERS_2_5_7, labels, strict=True)
    ]


def test_a_round_with_many_options_still_numbers_them_all(session_dir: Path) -> None:
    labels = [f"Option {i}" for i in range(1, 21)]
    with_round(session_dir, labels)
    html = ballots(open_session(session_dir))
    sheet = Parsed(html)
    assert sheet.cells["no"][:20] == list("ABCDEFGHIJKLMNOPQRST")  # typed in: letters
    assert sheet.cells["option"][:20] == labels
    # rows share what the sheet has left, set smaller beyond eight options (the browser
    # tests measure the printed sheets)
    assert "<table class='ballot compact'>" in html


def test_paper_is_in_the_templates_language(tmp_path: Path) -> None:
    """The Spanish template's sheets: every word on them from its texts, and no English."""
    from toolkit.domain.texts import DEFAULT_TEXTS

    template = find_template("prioridades-comunitarias")
    folder = create_session(tmp_path / "barrio", template, "Prioridades de mayo")
    with_round(folder, ["Bancos", "Luz"])
    session = open_session(folder)
    pages = {
        "ballots": ballots(session),
        "cards": issue_cards(session),
        "sheet": stakeholder_sheet(session),
        "poster": join_poster(session, join_link(ADDRESS, "K7P2QX9M")),
    }
    for html in pages.values():
        assert html.startswith("<!DOCTYPE html>\n<html lang='es'>")
    assert (
        "<title>Prioridades de mayo: hojas de votación con puntos, ronda 1</title>"
        in (pages["ballots"])
    )
    assert "<h1>Votación con puntos · Ronda 1</h1>" in pages["ballots"]
    assert "<p class='rules'>Cada persona tiene 3 puntos." in pages["ballots"]
    assert "en la columna <b>Puntos</b>, junto a" in pages["ballots"]
    assert "<th>N.º</th><th>Opción</th><th>Puntos</th><th>Total</th>" in pages["ballots"]
    assert "<footer>Sesión <bdi>Prioridades de mayo</bdi> · Ronda 1 · hoja" in pages["ballots"]
    assert "<h2>¿Qué debería cambiar?</h2>" in pages["cards"]
    assert "Tema (marque uno):" in pages["cards"] and "Grupo (marque uno):" in pages["cards"]
    assert "poder / influencia e interés en el barrio se puntúan del 1 al 5" in pages["sheet"]
    assert "Posición: <b>A</b> a favor · <b>N</b> neutral · <b>E</b> en contra." in (pages["sheet"])
    assert "<th>Posición ahora</th><th>Dónde queremos que estén</th>" in pages["sheet"]
    assert "¿No tiene móvil? Pida papel" in pages["poster"]
    spanish = session.template.texts
    english = [v for k, v in DEFAULT_TEXTS.items()
               if k.startswith("paper.") and "{" not in v and spanish.say(k) != v]  # fmt: skip
    english += ["Dot-voting", "Round", "Type", "Stakeholder", "Position", "You each have"]
    shown = "".join(pages.values())
    assert [w for w in english if w in shown] == []


def test_positions_that_start_alike_are_circled_by_number(tmp_path: Path) -> None:
    ours = '[text]\n"position.resisting" = "sceptical"\n\n[stakeholders]'
    template = template_with(tmp_path, "[stakeholders]", ours)
    session = open_session(create_session(tmp_path / "s", template, "Letters"))
    sheet = stakeholder_sheet(session)
    assert "Position: <b>1</b> supportive · <b>2</b> neutral · <b>3</b> sceptical." in sheet


HOUSING_KINDS = ('kinds = ["Tenants", "Housing staff", "Council", "Contractor", '
                 '"Voluntary group", "Regulator"]')  # fmt: skip


def register_widths(sheet: str) -> list[int]:
    """The width in mm of each column of the register table, from the sheet's stylesheet."""
    colgroup = sheet[sheet.index("<table class='register'><colgroup>") :]
    classes = re.findall(r"<col class='([^']+)'>", colgroup[: colgroup.index("</colgroup>")])
    widths = dict(re.findall(r"\.register col\.([\w.]+) \{ width: (\d+)mm; \}", sheet))
    return [int(widths[c.replace(" ", ".")]) for c in classes]


def test_the_stakeholder_sheet_has_no_type_column_when_the_template_leaves_kind_out(
    tmp_path: Path,
) -> None:
    typed = stakeholder_sheet(open_session(create_session(tmp_path / "t", find_template(
        "housing-coproduction"), "Typed")))  # fmt: skip
    template = template_with(tmp_path, HOUSING_KINDS, 'fields = ["role", "concerns"]')
    sheet = stakeholder_sheet(open_session(create_session(tmp_path / "s", template, "Untyped")))
    assert "<th>Type</th>" in typed and "Type, for example" in typed
    assert "Type" not in sheet  # neither the column nor "Type, for example"
    heads = re.findall(r"<th>([^<]*)</th>", sheet)
    assert heads == ["Name (a group or a role)", "Power / influence", "Interest",
                     "Position now", "Where we want them"]  # fmt: skip
    assert sheet.count("<tr><td></td><td class='circle'>") == 12  # a blank name, then scores
    assert "<col class='kind'>" not in sheet
    # the columns still fill the sheet's 190 mm: the name takes the Type's width
    assert sum(register_widths(typed)) == sum(register_widths(sheet)) == 190
    assert len(register_widths(sheet)) == len(heads) == len(register_widths(typed)) - 1
