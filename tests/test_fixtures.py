"""The guard fixture itself: a handler error that ipywidgets swallows is caught."""

from __future__ import annotations

import ipywidgets as widgets

from tests.conftest import SwallowedCallbackErrors


def test_swallowed_click_error_is_caught(swallowed_widget_errors: SwallowedCallbackErrors) -> None:
    button = widgets.Button()

    def broken(_: widgets.Button) -> None:
        raise RuntimeError("handler bug")

    button.on_click(broken)
    button.click()  # ipywidgets catches this and only logs it
    assert any("handler bug" in e for e in swallowed_widget_errors.errors)
    swallowed_widget_errors.errors.clear()  # this test wanted the error; let it pass
