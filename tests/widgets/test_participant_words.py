"""The participants' page in the template's words: its language, and no name when the
template asks for none."""

from __future__ import annotations

from pathlib import Path

from toolkit.apps.participant import participant_app
from toolkit.apps.voting import voting_app
from toolkit.records import create_session
from toolkit.records.templates import find_template
from toolkit.widgets.participant import ParticipantView
from toolkit.widgets.voting import VotingConsole


def _phone(folder: Path) -> ParticipantView:
    view = participant_app(folder, 0)
    assert isinstance(view, ParticipantView)
    return view


def test_a_spanish_session_says_even_its_errors_in_spanish(tmp_path: Path) -> None:
    folder = create_session(tmp_path / "s", find_template("prioridades-comunitarias"), "T")
    phone = _phone(folder)
    phone.join()
    assert phone.status.message == "Primero elija su grupo."
    phone.group.value = "vecindario"
    phone.join()
    assert phone.status.message.startswith("Se ha unido. Su código es ")
    phone.send_issue()
    assert phone.status.message.startswith("Ahora no se pueden proponer temas")
    phone.vote("nothing", +1)
    assert phone.status.message == "Todavía no hay ninguna votación abierta."
    console = voting_app(folder, 0)
    assert isinstance(console, VotingConsole)
    console.source.value = "typed"
    console.typed.value = "Bancos\nLuz\nLimpieza"
    console.create_button.click()
    console.open_button.click()
    options = [o.option_id for o in console.voting.options(console.voting.current.round_id)]
    phone.vote(options[0], +1)
    assert phone.status.message == "Guardado. Le quedan 0 puntos."
    phone.vote(options[1], +1)
    assert phone.status.message == "Ya ha usado sus 1 puntos. Quite uno para moverlo."
    phone.code_text.value = "ZZZZZZ"
    phone.come_back()
    assert phone.status.message.startswith("Nadie tiene ese código en esta sesión.")


def test_no_name_is_asked_when_the_template_says_names_off(tmp_path: Path) -> None:
    folder = create_session(tmp_path / "s", find_template("service-design"), "T")
    phone = _phone(folder)
    assert phone.display_name not in phone.join_panel.children
    assert "Nobody is asked for a name" in phone.join_panel.children[0].value
    housing = _phone(create_session(tmp_path / "h", find_template("housing-coproduction"), "T"))
    assert housing.display_name in housing.join_panel.children


def test_names_off_keeps_every_name_out_of_the_records(tmp_path: Path) -> None:
    import toolkit

    folder = create_session(tmp_path / "s", find_template("service-design"), "T")
    phone = _phone(folder)
    phone.display_name.value = "Mrs K"  # set by a forged widget message, not shown
    phone.group.value = phone.groups[0].id
    phone.join()
    console = voting_app(folder, 0)
    assert isinstance(console, VotingConsole)
    assert console.proxy_name.layout.display == "none"
    console.proxy_name.value = "Mr J"
    console.add_proxy()
    assert console.status.kind == "ok", console.status.message
    names = toolkit.open_session(folder).participants["display_name"].tolist()
    assert names == ["", ""]
