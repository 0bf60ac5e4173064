"""The workshop report: self-contained, escaped, nothing fetched, the small group never
named; and `toolkit report` on the command line."""

from __future__ import annotations

import re
import shutil
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from devtools.sample_session import ABUSE, FORMULA, MARKUP, PERSONAL
from tests.drawn_charts import chart_specs
from tests.test_cli import run
from tests.workshop import NUMBERS_2_5_7, ROUND_2_5_7, round_on_issues_2_5_7
from toolkit import analysis
from toolkit.charts.browser import drawing_scripts
from toolkit.domain.actions import Action
from toolkit.outputs import report
from toolkit.records import Recorder

FIGURES = ["stakeholder-map", "votes-raw", "votes-equal", "ranks-round-1", "ranks-round-2",
           "shift-round-1-to-2"]  # fmt: skip


class Tables(HTMLParser):
    """The text of every cell of every table with an id: id -> rows of cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._id = ""
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._id = dict(attrs).get("id") or ""
            self.tables[self._id] = []
        elif tag == "tr" and self._id:
            self.tables[self._id].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._id:
            self.tables[self._id][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._id = ""


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


@pytest.fixture(scope="module")
def html(workshop: Path) -> str:
    return report.to_html(report.build(workshop))


def test_every_issue_is_there_escaped_and_hidden_ones_are_withheld(
    html: str, workshop: Path
) -> None:
    fates = analysis.issue_fates(workshop)
    shown = fates[fates["fate"] != "hidden"]["text"]
    assert len(shown) == 38
    for text in shown:
        assert escape(text) in html, text
    assert escape(MARKUP) in html and escape(FORMULA) in html
    assert "<script" not in own_words(html) and "<b>stairwells" not in html
    for secret in (PERSONAL, ABUSE):
        assert escape(secret) not in html and secret not in html
    rows = tables(html)["issues-table"]
    assert len(rows) == 41  # heading and 40 issues
    assert rows[17] == ["17", "(not shown: it held personal details or abuse)",
                        "Respectful and helpful engagement", "Other groups",
                        "Hidden by the facilitator."]  # fmt: skip
    assert rows[12][4] == "Merged into issue 1."


def own_words(html: str) -> str:
    """The report without the scripts that draw its charts (the same in every report)."""
    assert html.count(drawing_scripts()) == 1
    return html.replace(drawing_scripts(), "")


def test_nothing_is_fetched_and_nothing_links_out(html: str) -> None:
    html = own_words(html)
    assert "http" not in html
    refs = re.findall(r"""(?:src|href|xlink:href)\s*=\s*["']([^"']*)["']""", html)
    assert refs and all(r.startswith(("data:", "#")) for r in refs)
    assert any(r.startswith("data:image/svg+xml;base64,") for r in refs)  # the logo, inline
    assert "<link" not in html and "@import" not in html
    assert re.findall(r"url\(([^)]*)\)", html) == [] or all(
        u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", html)
    )
    assert len(chart_specs(html)) == len(FIGURES) and "xmlns" not in html


def test_every_chart_is_a_valid_vega_lite_spec_named_by_its_title(workshop: Path) -> None:
    """The report skips checking its charts against Vega-Lite's schema (for speed): here
    they are checked; each is named by its title for screen readers, drawn or not."""
    built = report.build(workshop)
    page = report.to_html(built)
    for figure, spec in zip(built.figures, chart_specs(page), strict=True):
        figure.chart.to_dict()  # raises if altair's schema refuses it
        assert spec["description"] == figure.title
        assert f'role="img" aria-label="{escape(figure.title)}"' in page


def test_the_small_group_is_folded_and_never_named(html: str) -> None:
    assert "Councillors" not in html
    assert (
        "A group in which fewer than 3 people voted in a round is never shown by name in that "
        "round&#x27;s breakdown: its people are counted together as &#x27;Other groups&#x27;, "
        "so that nobody can be identified. A paper sheet counts as the people entered for it."
    ) in html
    assert tables(html)["groups"][1:] == [
        ["Tenants", "T", "30"], ["Front-line staff", "F", "18"], ["Managers", "M", "10"],
        ["Other groups", "+", "2"],
    ]  # fmt: skip
    assert "Round 1: 3 dots each, at most 2 on one option. People who voted: Tenants 30, " in html


def test_sections_say_in_words_what_the_figures_show(html: str) -> None:
    for part in ("id='summary'", "id='stakeholders'", "id='issues'", "id='votes'",
                 "id='agreement'", "id='actions'", "id='methods'"):  # fmt: skip
        assert part in html
    for figure in FIGURES:
        assert f"<figure id='{figure}'>" in html
    assert html.count("<figcaption>") == len(FIGURES)
    assert "Where we agree" in html and "Where we differ" in html
    assert (
        "Repairs take too long to be booked: Tenants 60%, Front-line staff 67%, Managers 70% "
        "(consensus 0.64)."
    ) in html
    assert (
        "Tenants and Front-line staff rank the options exactly in the same order "
        "(Kendall&#x27;s tau-b 1.00)."
    ) in html
    # between rounds each pair keeps its round's own figure (over that round's options): the
    # mean goes from round 1's 0.18 to round 2's 0.47, as each round's table says
    assert (
        "The groups&#x27; rankings moved closer: the mean Kendall&#x27;s tau-b between groups "
        "went from 0.18 to 0.47."
    ) in html
    scores = tables(html)["scores-round-2"]
    assert scores[1] == ["1", "Repairs take too long to be booked", "55", "24.2", "1"]
    assert tables(html)["pairs-round-2"][1] == [
        "Tenants and Front-line staff", "1.00", "1.00", "1.00", "0.10",
    ]  # fmt: skip
    plan = tables(html)["plan"]
    assert plan[1][0] == "Lifts break down for weeks (from last time)" and plan[1][6] == "done"
    assert plan[4][0] == "Repairs take too long to be booked" and len(plan) == 8
    assert "7 actions: 2 proposed, 1 agreed, 2 in progress, 2 done." in html
    agenda = tables(html)["agenda"]
    assert agenda[2] == ["2. Who is involved? Mapping stakeholders", "20", "23"]


def test_it_prints_on_a4_with_sections_on_new_pages(html: str) -> None:
    media = html[html.index("@media print") :]
    assert "size: A4" in media and "section { break-before: page; }" in media
    assert "figure, tr, p.note { break-inside: avoid; }" in media


def test_markdown_escapes_what_people_typed() -> None:
    typed = r"\<script\>alert('boo')\</script\> Lifts \& \<b\>stairwells\</b\> "
    assert report.md_escape(MARKUP) == typed + '"never" cleaned'
    assert report.md_escape("| a *b* |\n# c") == r"\| a \*b\* \| # c"
    assert report.md_escape("# Heading") == r"\# Heading"
    assert report.md_escape("1. not a list") == r"1\. not a list"
    assert report.md_escape("[link](somewhere)") == r"\[link\](somewhere)"


def test_a_fresh_session_gives_a_short_report(session_dir: Path) -> None:
    html = report.to_html(report.build(session_dir))
    assert "<h2>Summary</h2>" in html and "Dot-voting results" not in html
    assert "0 people took part; 0 stakeholders mapped; 0 issues raised" in html


def test_the_stakeholder_table_has_no_type_column_when_the_template_leaves_kind_out(
    tmp_path: Path,
) -> None:
    from tests.widgets.test_stakeholders_view import add, app
    from tests.workshop import template_with
    from toolkit.records import create_session
    from toolkit.records.templates import find_template

    kinds = ('kinds = ["Tenants", "Housing staff", "Council", "Contractor", "Voluntary group", '
             '"Regulator"]')  # fmt: skip
    untyped = template_with(tmp_path, kinds, 'fields = ["concerns"]')
    heads = {}
    for name, template in (("typed", find_template("housing-coproduction")), ("untyped", untyped)):
        folder = create_session(tmp_path / name, template, name)
        add(app(folder), "Council", kind="Council", power=5, interest=4, desired="supportive")
        built = report.build(folder)
        html = report.to_html(built)
        heads[name] = tables(html)["stakeholders"]
        md = report.to_markdown(built, "charts")
        assert ("| Stakeholder | Type |" in md) == (name == "typed")
    assert heads["typed"] == [
        ["Stakeholder", "Type", "Quadrant", "Position now", "Where we want them"],
        ["Council", "Council", "Manage closely", "neutral", "supportive"],
    ]
    assert heads["untyped"] == [  # the column follows the template, whatever the CSV holds
        ["Stakeholder", "Quadrant", "Position now", "Where we want them"],
        ["Council", "Manage closely", "neutral", "supportive"],
    ]


def copy(folder: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(folder, tmp_path / folder.name))


def test_cli_writes_the_report_into_the_session_folder(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy(workshop, tmp_path)
    code, out, err = run(capsys, "report", str(folder))
    assert (code, err) == (0, "")
    assert out == f"wrote {folder / 'report.html'}\n"
    written = (folder / "report.html").read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>") and "Improving repairs together" in written
    assert run(capsys, "validate", str(folder))[0] == 0  # the folder is still a valid session


def test_cli_markdown_references_its_charts_beside_it(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "out" / "estate.md"
    code, out, _ = run(capsys, "report", str(workshop), "--out", str(out_file))
    assert code == 0 and out == f"wrote {out_file}\n"
    md = out_file.read_text(encoding="utf-8")
    for figure in FIGURES:
        assert f"](estate-charts/{figure}.svg)" in md
        assert (tmp_path / "out" / "estate-charts" / f"{figure}.svg").read_text().startswith("<svg")
    assert re.search(r"(?<!\\)<", md) is None and "\\<script\\>" in md  # every < escaped
    assert "| 1 | Repairs take too long to be booked | 55 | 24.2 | 1 |" in md
    code, _, _ = run(capsys, "report", str(copy(workshop, tmp_path)), "--format", "md")
    assert code == 0 and (tmp_path / workshop.name / "report.md").is_file()


def test_cli_saves_every_chart_as_svg_and_png(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    charts_dir = tmp_path / "charts"
    out_file = tmp_path / "r.html"
    code, out, _ = run(capsys, "report", str(workshop), "--out", str(out_file), "--charts",
                       str(charts_dir))  # fmt: skip
    assert code == 0 and out == f"wrote {out_file} and the charts in {charts_dir}\n"
    assert sorted(p.name for p in charts_dir.iterdir()) == sorted(
        f"{f}.{ext}" for f in FIGURES for ext in ("png", "svg")
    )
    assert (charts_dir / "votes-raw.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "{tmp}/nowhere"], "toolkit report: {tmp}/nowhere: is not a folder"),
        (["report", "{session}", "--format", "pdf"], "argument --format: invalid choice"),
        (["report", "{session}", "--out", "{tmp}"], "is a folder; give a file name"),
    ],
)
def test_cli_errors_are_one_line_and_exit_1(
    session_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    code, out, err = run(capsys, *[a.format(tmp=tmp_path, session=session_dir) for a in argv])
    assert code == 1
    assert message.format(tmp=tmp_path) in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err + out


def test_discussion_notes_sit_under_their_step_the_small_group_folded(
    workshop: Path, tmp_path: Path
) -> None:
    from toolkit.records import Recorder

    folder = copy(workshop, tmp_path)
    fates = analysis.issue_fates(folder).set_index("number")
    hidden, first = fates.loc[17, "issue_id"], fates.loc[1, "issue_id"]
    rec = Recorder(folder)
    for note_id, step, text, kind, about, groups in (
        ("N-2", "step-6", MARKUP, "issue", first, "tenants managers"),
        ("N-1", "step-3", "Raised with feeling", "issue", hidden, "councillors tenants"),
        ("N-3", "", "Said in the corridor", "none", "", ""),
    ):
        rec.append("notes", "added", note_id=note_id, step_id=step, text=text, about_kind=kind,
                   about_id=about, groups=groups)  # fmt: skip
    notes = analysis.notes(folder)
    assert notes["note_id"].tolist() == ["N-1", "N-2", "N-3"]  # in agenda order
    assert notes["groups"].tolist() == ["Other groups, Tenants", "Tenants, Managers", ""]
    assert notes["about"].tolist()[:2] == [
        "Issue 17 (hidden: its words are not shown)",
        "Issue 1: Repairs take too long to be booked",
    ]
    html = report.to_html(report.build(folder))
    section = html[html.index("<section id='notes'>") : html.index("<section id='methods'>")]
    assert "<h2>What was said: discussion notes</h2>" in section
    assert section.index("<h3>3. What should improve? Raising issues</h3>") < section.index(
        "Raised with feeling (Issue 17 (hidden: its words are not shown); voices: Other groups, "
        "Tenants)"
    )
    assert (
        section.index("Raised with feeling")
        < section.index("<h3>6. ")
        < section.index(escape(MARKUP))
    )
    assert "<h3>At no step of the agenda</h3><ul><li>Said in the corridor</li>" in section
    assert MARKUP not in html and "Councillors" not in html
    assert "counted together as &#x27;Other groups&#x27;" in section


def test_a_report_in_the_templates_language(tmp_path: Path) -> None:
    """The generated workshop with the Spanish template's texts: every word the report adds
    to what people typed is in Spanish (the charts too), none in English."""
    from devtools.sample_session import build_workshop, four_group_template
    from toolkit.domain.texts import DEFAULT_TEXTS
    from toolkit.records.templates import find_template

    template = four_group_template(tmp_path)
    spanish = (find_template("prioridades-comunitarias") / "template.toml").read_text()
    settings = template / "template.toml"
    texts_table = spanish[spanish.index("\n[text]\n") :]
    settings.write_text('language = "es"\n' + settings.read_text() + texts_table)
    built = report.build(build_workshop(tmp_path / "s", template))
    page = report.to_html(built)
    assert page.startswith("<!DOCTYPE html>\n<html lang='es'>")
    assert "<title>Improving repairs together: informe del taller</title>" in page
    for said in ("<h2>Resumen</h2>", "<h2>Cada tema propuesto, y qué fue de él</h2>",
                 "<p class='lead'>Participaron 60 personas; 8 actores en el mapa; ",
                 "Se propusieron 40 temas: 3 llevaron a una acción, ",
                 "Votado en la ronda 2: 55 puntos, 24,2% contando cada grupo por igual (puesto 1)",
                 "ordenan los temas sin una relación clara entre sí (tau-b de Kendall 0,00)",
                 "<h2>Cómo se calculan las cifras</h2>", "«Otros grupos»",
                 'aria-label="Cómo ordena cada grupo los temas (ronda 1)"'):  # fmt: skip
        assert said in page, said
    assert tables(page)["issues-table"][0] == ["N.º", "Tema", "Categoría", "Propuesto por",
                                               "Qué fue de él"]  # fmt: skip
    words = re.sub(r"<(svg|style|script)\b.*?</\1>", " ", page, flags=re.S)
    texts = built.session.template.texts
    english = [v for k, v in DEFAULT_TEXTS.items()
               if k.split(".")[0] in ("report", "fate", "outcome", "method", "method_name")
               and "{" not in v and texts.say(k) != v]  # fmt: skip
    english += ["people took part", "issues were raised", "Voted on in round", "Other groups",
                "Thresholds in this report", "Workshop report"]  # fmt: skip
    # a single word is looked for as a whole heading or cell ("Letters are full of jargon"
    # is an issue someone raised)
    found = [e for e in english if (escape(e) if " " in e else f">{escape(e)}<") in words]
    assert found == []
    markdown = report.to_markdown(built, "charts")
    assert "Informe del taller 2026-11-28" in markdown and "## Resumen" in markdown


def test_the_analysis_and_the_report_number_options_as_their_issues(session_dir: Path) -> None:
    round_on_issues_2_5_7(session_dir)  # issues 7, 2, 5 and one typed in, in ballot order
    scores = analysis.vote_scores(session_dir)
    assert list(scores["number"]) == NUMBERS_2_5_7 and list(scores["position"]) == [1, 2, 3, 4]
    assert list(scores["issue"].astype(object)) == [7, 2, pd.NA, 5]
    results = analysis.vote_results(session_dir)
    assert list(dict.fromkeys(results["number"])) == NUMBERS_2_5_7
    assert list(analysis.consensus_table(session_dir)["number"]) == NUMBERS_2_5_7
    html = report.to_html(report.build(session_dir))
    table = html[html.index("<table id='scores-round-1'>") :]
    cells = re.findall(r"<tr><td class='num'>([^<]*)</td><td>([^<]*)</td>", table)
    assert cells == list(zip(NUMBERS_2_5_7, [label for label, _ in ROUND_2_5_7], strict=True))
    assert "top options in dots: 7. Parking is a mess: 10; 2. Nobody calls back: 10;" in html


def test_an_issue_hidden_after_its_round_leaves_results_plan_and_report(
    session_dir: Path,
) -> None:
    round_on_issues_2_5_7(session_dir)  # issue 2, "Nobody calls back", was voted on
    rec = Recorder(session_dir)
    rec.append("actions", "proposed", **Action("A-1", "Call back in a week", "I-2").values())
    board = toolkit.open_session(session_dir).state.board
    change = board.hide("I-2")  # after the vote: its words held personal details
    rec.append("issues", change.event, **change.values())
    words = "Nobody calls back"
    scores = analysis.vote_scores(session_dir)
    assert list(scores["option"]) == ["Parking is a mess", "a hidden option", "More benches",
                                      "Lifts break down"]  # fmt: skip
    assert list(scores["dots"]) == [10, 10, 1, 7]  # its dots still count
    assert words not in set(analysis.vote_results(session_dir)["option"])
    assert words not in analysis.vote_words(session_dir)
    plan = analysis.action_plan(session_dir)
    assert list(plan["you_said"]) == ["(not shown: it held personal details or abuse)"]
    html = report.to_html(report.build(session_dir))
    assert words not in html and "2. a hidden option" in html
    assert "Call back in a week" in html  # the action stays, its issue's words do not
