"""The switch that decides what every phone in the room shows."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from toolkit.domain.room import PHONE_STEPS


def phone_step_toggle(on_change: Callable[[str], None]) -> widgets.ToggleButtons:
    """Buttons for wait / raise issues / prioritise / vote; `on_change(step)` records it."""
    toggle = widgets.ToggleButtons(
        options=[(label, key) for key, label in PHONE_STEPS.items()],
        value="wait",
        description="Phones show",
        style={"description_width": "8em", "button_width": "auto"},
    )
    toggle.observe(lambda change: on_change(change["new"]), "value")
    return toggle
