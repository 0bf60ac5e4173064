"""The Spanish template: participants and the room read every word in Spanish."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devtools.chromium import PHONE, OfflinePage, wait_for_app
from tests.browser.phones import Phone
from toolkit.apps.console import console_app
from toolkit.apps.serving import JOIN_URL_ENV, phone_server, session_token, voila_server
from toolkit.apps.stakeholders import stakeholder_app
from toolkit.apps.voting import voting_app
from toolkit.records import create_session
from toolkit.records.join_code import grouped, join_link
from toolkit.records.templates import find_template, shipped_root
from toolkit.widgets.stakeholders import StakeholderMapping
from toolkit.widgets.voting import VotingConsole

pytestmark = pytest.mark.browser
LIVE = 15_000


def test_phones_login_and_projector_speak_the_template_s_language(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    folder = create_session(tmp_path / "barrio", find_template("prioridades-comunitarias"),
                            "Prioridades de mayo")  # fmt: skip
    console = voting_app(folder, 0)
    assert isinstance(console, VotingConsole)
    console.source.value = "typed"
    console.typed.value = "Más bancos en el parque\nLimpieza de calles\nLuz en el túnel"
    console.create_button.click()
    console.open_button.click()
    console.phone_step.value = "vote"
    assert console.status.kind == "ok", console.status.message
    token = session_token(folder)
    with phone_server(folder, token=token) as phones:
        join = {JOIN_URL_ENV: join_link(phones, token)}
        with voila_server(shipped_root("notebooks"), folder, extra_env=join) as origin:
            phone_view = offline(phones, size=PHONE)
            phone = phone_view.page
            phone.goto(phones)  # no code in the address: the login page, in Spanish
            assert phone.title() == "Únase al taller"
            assert phone.locator("html").get_attribute("lang") == "es"
            phone.get_by_label("Código de la pantalla").press_sequentially(token.lower())
            phone.get_by_role("button", name="Unirme").click()
            phone.locator("form[action='/join']").wait_for(timeout=LIVE)
            assert phone.locator("html").get_attribute("lang") == "es"
            assert "Elija su grupo para participar" in phone.inner_text("main")
            phone.get_by_role("radio", name="V Vecindario").check()
            phone.get_by_role("button", name="Unirme").click()
            holder = Phone(phone_view, phones, token)
            holder.said("Se ha unido. Su código es")
            assert "Vecindario · su código" in phone.inner_text(".code-banner")
            phone.get_by_text("Cada persona tiene 1 punto.").wait_for(timeout=LIVE)
            assert phone.inner_text("main h1") == "Vote con sus puntos"
            # typed in, so lettered: the third is C
            plus = phone.get_by_role("button", name="Añadir un punto a C. Luz en el túnel")
            plus.click()
            holder.said("Guardado. Le quedan 0 puntos.")
            assert plus.is_disabled()  # spent
            assert "Le quedan 0 de 1 punto" in phone.inner_text("section.ballot .left")
            shown = phone.inner_text("main")
            for english in ("Vote with", "your code", "dots", "Saved", "Round"):
                assert english not in shown, english
            phone.screenshot(path=str(tmp_path / "phone-es.png"), full_page=True)

            projector_view = offline(origin)
            projector = projector_view.page
            projector.goto(f"{origin}/voila/render/projector.ipynb")
            wait_for_app(projector, ".toolkit-projector")
            projector.get_by_text("La ronda 1 está abierta").wait_for(timeout=LIVE)
            shown = projector.inner_text(".toolkit-projector")
            for words in (grouped(token), "se han unido", "han terminado",
                          "Ayuntamiento de Ejemplo"):  # fmt: skip
                assert words in shown, words
            # The join panel in a corner while the vote is on: its heading shows when large.
            panel = projector.inner_html(".toolkit-join-panel")
            assert "Únase con su móvil" in panel and "Escanee el código o abra" in panel
            for english in ("Join on your phone", "joined", "finished", "dots unspent"):
                assert english not in shown, english
            projector.get_by_role("img", name="Código QR del enlace para unirse").wait_for()
            projector.screenshot(path=str(tmp_path / "projector-es.png"), full_page=True)

            console_app(folder).bar.next_button.click()  # on to the stakeholder map
            mapping = stakeholder_app(folder)
            assert isinstance(mapping, StakeholderMapping)
            form = mapping.form
            form.name.value, form.kind.value = "Comercio", "Comercio"
            form.position.value = "resisting"
            form.desired.value = "neutral"
            mapping.add_button.click()
            said = "1 actor. Gestionar de cerca: Comercio. Queremos que cambien: Comercio " \
                "(en contra → neutral)."  # fmt: skip
            projector.get_by_text(said).wait_for(timeout=LIVE)
            # the map, and where the room wants them on the slide's next page
            charts = projector.locator(".toolkit-projector svg.marks").all()
            chart = " ".join(c.inner_html() for c in charts)
            for words in ("Mapa de actores", "Dónde queremos que estén", "en contra", "Tipo"):
                assert words in chart, words
            assert "Stakeholder map" not in chart and "resisting" not in chart
            assert phone_view.blocked == [] and projector_view.blocked == []
