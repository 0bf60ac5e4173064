"""The projector after a reveal in the template's language: the results in words, where the
groups agree and differ, how their priorities moved, and the charts' titles."""

from __future__ import annotations

from pathlib import Path

from tests.widgets.test_agreement_view import vote_round
from toolkit.apps.projector import projector_app
from toolkit.apps.voting import voting_app
from toolkit.records import create_session
from toolkit.records.templates import find_template
from toolkit.widgets.projector import ProjectorView
from toolkit.widgets.voting import VotingConsole

OPTIONS = "Bancos\nLuz\nLimpieza\nÁrboles\nFuentes\nAceras"  # six: two dots each

ENGLISH = (
    "Where we", "Common ground", "Contested", "rank the options", "Kendall&#x27;s",
    "How each group", "How priorities", "Methods", "Priorities of", "rankings",
    "top options", "Round", "Dots", "Group", "Rank within", "Rank (1", "Other groups",
    "not defined",
)  # fmt: skip


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
    shown = projector.agreement.value
    assert "En qué coincidimos" in shown and "En qué diferimos" in shown
    assert "Terreno común significa que al menos el 60% de quienes votaron" in shown
    assert "Bancos: Vecindario 100%, Concejalía 100% (consenso " in shown
    assert "Luz: le dio un punto el 100% de Vecindario, frente al 0% de Concejalía." in shown
    assert "Cómo ordena cada grupo los temas (ronda 1)" in shown and "<svg" in shown
    assert "Vecindario y Concejalía ordenan los temas " in shown
    assert "Métodos: tau-b de Kendall entre dos recuentos" in shown
    assert "Puesto dentro del grupo (1 = más puntos)" in shown and "Grupo" in shown
    assert projector.words.value.startswith(
        "<p class='toolkit-summary'>Ronda 1, temas más votados en puntos: Bancos: 10; "
    )
    assert "Puntos" in projector.chart.value and "Ronda 1" in projector.chart.value
    _round(console)
    vote_round(console, folder, {"vecindario": [[0, 1]] * 5, "concejales": [[0, 1]] * 5})
    projector.refresh()
    shown = projector.agreement.value
    assert "Cómo cambiaron las prioridades de la ronda 1 a la 2" in shown
    assert "Las prioridades de Vecindario apenas cambiaron entre las rondas 1 y 2" in shown
    assert "Los órdenes de los grupos " in shown and "Puesto (1 = más puntos)" in shown
    projector.mode.value = "equal"
    assert "temas más votados en % (cada grupo cuenta por igual)" in projector.words.value
    assert "Puntuación con grupos iguales (%)" in projector.chart.value
    on_screen = shown + projector.words.value + projector.chart.value
    assert [w for w in ENGLISH if w in on_screen] == []
