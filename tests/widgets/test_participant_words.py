"""The phones' pages in the template's words: its language, and no name when the template asks
for none (the participants' server's room and pages, in process)."""

from __future__ import annotations

from pathlib import Path

import toolkit
from tests.phones import Phone
from toolkit.apps.phones.pages import Said
from toolkit.apps.voting import voting_app
from toolkit.records import create_session
from toolkit.records.templates import find_template
from toolkit.widgets.voting import VotingConsole


def test_a_spanish_session_says_even_its_errors_in_spanish(tmp_path: Path) -> None:
    folder = create_session(tmp_path / "s", find_template("prioridades-comunitarias"), "T")
    phone = Phone.on(folder)
    assert phone.page().startswith('<!DOCTYPE html>\n<html lang="es"')
    assert phone.join("").said == Said("Primero elija su grupo.", "error")
    assert phone.person is None
    said = phone.join("vecindario").said
    assert said is not None and said.text.startswith("Se ha unido. Su código es ")
    assert phone.code in said.text
    assert phone.send_issue("Bancos").text.startswith("Ahora no se pueden proponer temas")
    assert phone.vote("nothing", +1) == Said("Todavía no hay ninguna votación abierta.", "error")
    console = voting_app(folder, 0)
    assert isinstance(console, VotingConsole)
    console.source.value = "typed"
    console.typed.value = "Bancos\nLuz\nLimpieza"
    console.create_button.click()
    console.open_button.click()
    console.phone_step.value = "vote"
    current = console.voting.current
    assert current is not None
    options = [o.option_id for o in console.voting.options(current.round_id)]
    assert phone.vote(options[0], +1) == Said("Guardado. Le quedan 0 puntos.")
    said = phone.vote(options[1], +1)
    assert said == Said("Ya ha usado sus 1 puntos. Quite uno para moverlo.", "error")
    said = Phone.on(folder).come_back("ZZZZZZ")
    assert said.kind == "error" and said.text.startswith("Nadie tiene ese código en esta sesión.")
    assert "Join" not in phone.text() and "dots" not in phone.text()  # no English left over
    votes = toolkit.open_session(folder).votes
    assert votes["option_id"].tolist() == [options[0]] and votes["dots"].tolist() == [1]


def test_no_name_is_asked_when_the_template_says_names_off(tmp_path: Path) -> None:
    folder = create_session(tmp_path / "s", find_template("service-design"), "T")
    phone = Phone.on(folder)
    assert 'name="name"' not in phone.html()
    assert "Nobody is asked for a name" in phone.text()
    housing = Phone.on(create_session(tmp_path / "h", find_template("housing-coproduction"), "T"))
    assert '<input id="name" name="name"' in housing.html()
    assert "Nobody sees your name unless you give one" in housing.text()


def test_names_off_keeps_every_name_out_of_the_records(tmp_path: Path) -> None:
    folder = create_session(tmp_path / "s", find_template("service-design"), "T")
    phone = Phone.on(folder)
    group = phone.room.template.groups[0].id
    phone.join(group, name="Mrs K")  # a forged form: the page has no name field
    assert phone.said is not None and phone.said.kind == "ok", phone.said
    console = voting_app(folder, 0)
    assert isinstance(console, VotingConsole)
    assert console.proxy_name.layout.display == "none"
    console.proxy_name.value = "Mr J"
    console.add_proxy()
    assert console.status.kind == "ok", console.status.message
    names = toolkit.open_session(folder).participants["display_name"].tolist()
    assert names == ["", ""]
    assert "Mrs K" not in (folder / "participants.csv").read_text(encoding="utf-8")
    assert "Mrs K" not in phone.html()
