"""The organisation's name, logo and colour, from the template to every screen's band."""

from __future__ import annotations

import base64
import copy
import re
from html import escape
from pathlib import Path

import pytest

from tests.domain.test_template import GOOD
from tests.hostile import HOSTILE_TEXTS
from tests.phones import Phone
from tests.workshop import template_with
from toolkit.apps.console import console_app
from toolkit.apps.phones.page_style import brand_html as _brand_band
from toolkit.apps.phones.page_style import brand_style as _brand_style
from toolkit.apps.projector import projector_app
from toolkit.domain.template import TemplateError, parse_template
from toolkit.domain.template_settings import Branding
from toolkit.records import create_session
from toolkit.records.templates import find_template, load_template, logo_data_uri
from toolkit.widgets.brand import brand_html

HOUSING = find_template("housing-coproduction")


def test_every_screen_shows_the_organisation_from_the_sessions_template(
    session_dir: Path,
) -> None:
    logo = base64.b64encode((HOUSING / "logo.svg").read_bytes()).decode()
    for app in (console_app, projector_app):
        view = app(session_dir, 0)
        band = view.children[0]
        assert band is view.brand
        assert "Example Homes" in band.value
        assert "background:#3B2F5B;color:#ffffff" in band.value  # white reads on dark purple
        assert f"src='data:image/svg+xml;base64,{logo}'" in band.value
    page = Phone.on(session_dir).page()  # the phones' page, as the server sends it
    band = re.search(r'<body><header class="brand">(.*?)</header><main id="phone"', page)
    assert band, page[:500]
    assert "<span>Example Homes</span>" in band[1]
    assert f'src="data:image/svg+xml;base64,{logo}" alt="Example Homes"' in band[1]
    assert ".brand{background:#3B2F5B;color:#ffffff}" in page  # the band's colours, inline


def test_a_phones_page_without_branding_or_logo(tmp_path: Path, session_dir: Path) -> None:
    (session_dir / "logo.svg").unlink()
    page = Phone.on(session_dir).page()
    assert '<header class="brand"><span>Example Homes</span></header>' in page
    assert "<img" not in page
    text = (HOUSING / "template.toml").read_text()
    start, end = text.index("[branding]"), text.index("# Colours are the Okabe-Ito")
    folder = create_session(tmp_path / "plain", template_with(tmp_path, text[start:end], ""), "T")
    assert '<header class="brand">' not in Phone.on(folder).page()


def test_the_logo_is_frozen_into_the_session_and_later_template_edits_do_not_reach_it(
    tmp_path: Path,
) -> None:
    template = template_with(tmp_path, 'organisation = "Example Homes"', 'organisation = "Ours"')
    folder = create_session(tmp_path / "s", template, "T")
    (template / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    band = console_app(folder, 0).children[0].value
    assert "Ours" in band
    assert base64.b64encode((HOUSING / "logo.svg").read_bytes()).decode() in band


def test_a_logo_deleted_from_the_session_folder_leaves_the_name(session_dir: Path) -> None:
    (session_dir / "logo.svg").unlink()
    band = projector_app(session_dir, 0).children[0].value
    assert "Example Homes" in band and "<img" not in band


def test_no_branding_shows_no_band(tmp_path: Path) -> None:
    text = (HOUSING / "template.toml").read_text()
    start, end = text.index("[branding]"), text.index("# Colours are the Okabe-Ito")
    template = template_with(tmp_path, text[start:end], "")
    folder = create_session(tmp_path / "s", template, "T")
    band = console_app(folder, 0).children[0]
    assert band.value == "" and band.layout.display == "none"


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_the_organisation_name_is_shown_as_text(text: str) -> None:
    data = copy.deepcopy(GOOD)
    data["branding"] = {"organisation": text[:120]}
    branding = parse_template(data, "t.toml").branding
    shown = brand_html(branding, "")
    assert shown == "" if not text.strip() else escape(text[:120].strip()) in shown
    on_phones = _brand_band(branding, "")
    assert on_phones == "" if not text.strip() else escape(text[:120].strip()) in on_phones


def test_a_light_colour_gets_black_text() -> None:
    assert "color:#000000" in brand_html(Branding("Org", "", "#F0E442"), "")
    assert ".brand{background:#F0E442;color:#000000}" in _brand_style(
        Branding("Org", "", "#F0E442"), ()
    )


@pytest.mark.parametrize(("branding", "message"), [
    ({"colour": "purple"}, r"t.toml: branding.colour: 'purple' is not a colour; write it as "),
    ({"logo": "../logo.svg"}, r"branding.logo: logo file name '../logo.svg' is not allowed.*"),
    ({"logo": "logo.exe"}, r"branding.logo: 'logo.exe' is not an image .* use .jpeg, .jpg, "),
    ({"slogan": "x"}, r"branding.slogan: unknown setting; allowed here: colour, logo, organ"),
    ({"organisation": "x" * 121}, r"branding.organisation: must be a text of at most 120"),
])  # fmt: skip
def test_broken_branding_is_named(branding: dict[str, str], message: str) -> None:
    data = copy.deepcopy(GOOD)
    data["branding"] = branding
    with pytest.raises(TemplateError, match=message):
        parse_template(data, "t.toml")


def test_a_missing_or_huge_logo_file_is_named_at_load(tmp_path: Path) -> None:
    template = template_with(tmp_path, 'logo = "logo.svg"', 'logo = "ours.png"')
    with pytest.raises(TemplateError, match=r"branding.logo: the file 'ours.png' is not in .*put"):
        load_template(template)
    (template / "ours.png").write_bytes(b"\x89PNG" + b"0" * 400_000)
    with pytest.raises(TemplateError, match=r"'ours.png' is larger than 300 kB; save a smaller"):
        load_template(template)
    (template / "ours.png").write_bytes(b"\x89PNG" + b"0" * 100)
    assert logo_data_uri(template, load_template(template).branding).startswith(
        "data:image/png;base64,"
    )
