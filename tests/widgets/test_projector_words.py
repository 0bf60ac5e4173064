"""The projector in the template's language: the stakeholder map and the priorities in words,
and after a reveal the results in words, where the groups agree and differ, how their
priorities moved, and the charts' titles."""

from __future__ import annotations

import re
from pathlib import Path

from tests.drawn_charts import drawn
from tests.widgets.test_agreement_view import vote_round
from toolkit.apps.actions import actions_app
from toolkit.apps.console import console_app
from toolkit.apps.issues import issues_app
from toolkit.apps.projector import projector_app
from toolkit.apps.stakeholders import stakeholder_app
from toolkit.apps.voting import voting_app
from toolkit.records import create_session
from toolkit.records.templates import find_template
from toolkit.widgets.actions import ActionsConsole
from toolkit.widgets.agenda import ConsoleView
from toolkit.widgets.issues import IssuesConsole
from toolkit.widgets.projector import ProjectorView
from toolkit.widgets.stakeholders import StakeholderMapping
from toolkit.widgets.voting import VotingConsole

OPTIONS = "Bancos\nLuz\nLimpieza\nÁrboles\nFuentes\nAceras"  # six: two dots each

ENGLISH = (
    "Where we", "Common ground", "Contested", "rank the options", "Kendall&#x27;s",
    "How each group", "How priorities", "Methods", "ranked the", "rankings", "did not change",
    "in the same order", "in reverse order", "no clear relation", "cannot be compared",
    "top options", "Round", "Dots", "Group", "Rank within", "Rank (1", "Other groups",
    "not defined",
)  # fmt: skip

# Vega names a mark by its data columns ("option: Bancos; group: ...") unless the chart gives
# it a description; the charts describe every data mark in the template's words.
COLUMN_NAMED = re.compile(r"\b(option|group|value|rank|dots|lane|row|kind|power|interest|"
                          r"position|importance|feasibility|tag|label|shade|x|y)\d?: ")  # fmt: skip


def column_named_marks(html: str) -> list[str]:
    return [a for a in re.findall(r'aria-label="([^"]*)"', html) if COLUMN_NAMED.search(a)]


def _round(console: VotingConsole) -> None:
    console.source.value = "typed"
    console.typed.value = OPTIONS
    console.create_button.click()
    console.open_button.click()
    console.phone_step.value = "vote"
    assert console.status.kind == "ok", console.status.message


def test_a_spanish_projector_says_the_results_and_agreement_in_spanish(tmp_path: Path) -> None:
    folder = create_session(tmp_path / "s", find_template("prioridades-comunitarias"), "T")
    console = voting_app(folder, 0)
    assert isinstance(console, VotingConsole)
    _round(console)
    # Five of each group (the template folds smaller groups): everyone wants Bancos; only
    # the neighbourhood wants Luz.
    vote_round(console, folder, {
        "vecindario": [[0, 1]] * 5,
        "concejales": [[0, 2], [0, 3], [0, 4], [0, 5], [0, 2]],
    })  # fmt: skip
    projector = projector_app(folder)
    assert isinstance(projector, ProjectorView)
    shown = drawn(projector.agreement.value)
    assert "En qué coincidimos" in shown and "En qué diferimos" in shown
    assert "Terreno común significa que al menos el 60% de quienes votaron" in shown
    # options typed in are lettered, in every sentence and chart alike
    assert "A. Bancos: Vecindario 100%, Concejalía 100%." in shown  # no figure on the projector
    assert "B. Luz: le dio un punto el 100% de Vecindario, frente al 0% de Concejalía." in shown
    assert "Cómo ordena cada grupo los temas (ronda 1)" in shown and "<svg" in shown
    assert "Vecindario y Concejalía ordenan los temas " in shown
    assert "Kendall" not in shown and "consenso" not in shown  # the console names methods
    assert "Puesto dentro del grupo (1 = más puntos)" in shown and "Grupo" in shown
    assert projector.words.value.startswith(
        "<p class='toolkit-summary'>Ronda 1, temas más votados en puntos: A. Bancos: 10; "
    )
    assert "Puntos" in drawn(projector.chart.value) and "Ronda 1" in drawn(projector.chart.value)
    assert 'aria-label="A. Bancos · Concejalía: puesto 1 (5 puntos)"' in shown
    assert 'aria-label="D. Árboles · Concejalía: puesto 4 (1 punto)"' in shown
    assert 'aria-label="A. Bancos · Concejalía: 5"' in drawn(projector.chart.value)
    _round(console)
    vote_round(console, folder, {"vecindario": [[0, 1]] * 5, "concejales": [[0, 1]] * 5})
    projector.refresh()
    shown = drawn(projector.agreement.value)
    assert "Cómo cambiaron las prioridades de la ronda 1 a la 2" in shown
    assert "El orden de Vecindario no cambió de la ronda 1 a la ronda 2." in shown
    assert "Los órdenes de los grupos " in shown  # the shift in words: no chart on a slide
    projector.mode.value = "equal"
    assert "temas más votados en % (cada grupo cuenta por igual)" in projector.words.value
    assert "Puntuación con grupos iguales (%)" in drawn(projector.chart.value)
    on_screen = shown + projector.words.value + drawn(projector.chart.value)
    assert column_named_marks(on_screen) == []
    assert [w for w in ENGLISH if w in on_screen] == []


MAP_AND_PRIORITIES_ENGLISH = (
    "Stakeholder map", "Type", "Where we want them", "current", "desired", "supportive",
    "resisting", "stakeholder", "To move", "Priorities by group", "letter = group",
    "dashed lines", "Issue 1", "importance, ", "feasibility)", "differ most", ">Group<",
    "Unspecified", "No ratings", "No stakeholders", "action", "agreed", "in progress",
)  # fmt: skip


def test_a_spanish_projector_says_its_map_priorities_and_plan_in_spanish(
    tmp_path: Path,
) -> None:
    folder = create_session(tmp_path / "s", find_template("prioridades-comunitarias"), "T")
    console, projector = console_app(folder), projector_app(folder)
    assert isinstance(console, ConsoleView) and isinstance(projector, ProjectorView)
    console.bar.next_button.click()  # the stakeholder map
    projector.refresh()
    assert "Todavía no hay actores en el mapa." in drawn(projector.activity.value)
    mapping = stakeholder_app(folder)
    assert isinstance(mapping, StakeholderMapping)
    for name, kind, power, interest, position, wanted in (
        ("Asociación vecinal", "Asociación", 2, 5, "supportive", "supportive"),
        ("Comercio del mercado", "", 4, 2, "resisting", "neutral"),
    ):
        mapping.new()
        form = mapping.form
        form.name.value, form.kind.value, form.power.value = name, kind, power
        form.interest.value, form.position.value, form.desired.value = (
            interest, position, wanted
        )  # fmt: skip
        mapping.add_button.click()
        assert mapping.status.kind == "ok", mapping.status.message
    projector.refresh()
    shown = drawn(projector.activity.value)
    # The chart's words are for screen readers: the slide shows the chart.
    assert "<p class='toolkit-summary toolkit-sr-only'>2 actores. Mantener satisfechos: " \
        "Comercio del mercado. Mantener informados: Asociación vecinal. Queremos que " \
        "cambien: Comercio del mercado (en contra → neutral).</p>" in shown  # fmt: skip
    for word in ("Mapa de actores", "Tipo", "Tipo sin indicar", "Dónde queremos que estén",
                 "ahora ● → deseado ▶", "a favor", "en contra"):  # fmt: skip
        assert word in shown, word
    map_shown = shown

    issues = issues_app(folder)
    assert isinstance(issues, IssuesConsole)
    for text in ("Más bancos en la plaza", "Luz en el parque"):
        issues.text.value, issues.raised_by.value = text, "vecindario"
        issues.add_button.click()
    console.bar.next_button.click()  # issues
    console.bar.next_button.click()  # prioritise
    projector.refresh()
    assert "Todavía no hay valoraciones." in drawn(projector.activity.value)
    first, second = (i.issue_id for i in issues.board.all)
    for group, issue_id, importance, feasibility in (
        ("vecindario", first, 5, 2), ("concejales", first, 2, 5), ("vecindario", second, 4, 4),
    ):  # fmt: skip
        issues.rate_for.value = group
        issues.rating_rows[issue_id].importance.value = importance
        issues.rating_rows[issue_id].feasibility.value = feasibility
    projector.refresh()
    shown = drawn(projector.activity.value)
    assert "<p class='toolkit-summary toolkit-sr-only'>Tema 1: Vecindario: Grandes proyectos " \
        "(importancia 5,0, factibilidad 2,0); Concejalía: " in shown  # fmt: skip
    assert "Tema 2: Vecindario: Logros rápidos (importancia 4,0, factibilidad 4,0)." in shown
    assert "Donde más difieren los grupos es en el tema 1 (una diferencia de " in shown
    assert "Prioridades por grupo" in shown and "letra = grupo, número = tema" in shown
    assert "Grupo" in shown
    on_screen = map_shown + shown

    actions = actions_app(folder)
    assert isinstance(actions, ActionsConsole)
    for issue, action, status in ((1, "Poner bancos", "agreed"), (0, "Revisar", "in progress")):
        actions.form.issue.value = actions.form.issue.options[issue][1]
        actions.form.action.value, actions.form.status.value = action, status
        actions.add_button.click()
        assert actions.status.kind == "ok", actions.status.message
    console.bar.next_button.click()  # vote
    console.bar.next_button.click()  # actions
    projector.refresh()
    shown = drawn(projector.activity.value)
    assert "<p class='toolkit-summary'>2 acciones (acordada: 1, en curso: 1).</p>" in shown
    assert "<td>Más bancos en la plaza</td><td>Poner bancos</td>" in shown
    assert "<td>(general)</td><td>Revisar</td>" in shown and "<td>en curso</td>" in shown
    on_screen += shown
    assert [w for w in MAP_AND_PRIORITIES_ENGLISH if w in on_screen] == []
    assert column_named_marks(on_screen) == []
    assert 'aria-label="V1 Vecindario: Importancia para el vecindario 5,0; Factibilidad ' \
        'para el ayuntamiento y sus socios 2,0"' in on_screen  # fmt: skip
    assert 'aria-label="Comercio del mercado: Poder / influencia 4; ' \
        'Interés en el barrio 2; en contra → neutral"' in on_screen  # fmt: skip
