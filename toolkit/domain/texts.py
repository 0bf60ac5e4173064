"""Every piece of text a participant or the room sees, by key, so that a template can give
them in another language; and errors that carry their key so screens can say them too."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

from toolkit.domain.texts_report import REPORT_TEXTS
from toolkit.domain.texts_room import ROOM_TEXTS

# English, the default: the room's words and the report's.
DEFAULT_TEXTS: dict[str, str] = {**ROOM_TEXTS, **REPORT_TEXTS}


class TextError(ValueError):
    """An error a participant may see: besides its English message it carries the key of
    its text and the values to fill in, so a screen can say it in the template's language."""

    def __init__(self, message: str, key: str = "", **values: object) -> None:
        super().__init__(message)
        self.key, self.values = key, values


@dataclass(frozen=True)
class Texts:
    """A template's texts: its own where given, English otherwise."""

    language: str = "en"
    given: Mapping[str, str] = field(default_factory=dict)

    def say(self, key: str, count: int | None = None, **values: object) -> str:
        """The text for `key` with its values filled in; `count` picks a ".one" form."""
        if count == 1 and f"{key}.one" in DEFAULT_TEXTS:
            key = f"{key}.one"
        text = self.given.get(key) or DEFAULT_TEXTS[key]
        return text.format(**values)

    def number(self, value: float, places: int | None = None) -> str:
        """A number as this language writes it: `places` decimals, or as short as it goes
        (4, 4.5) when None."""
        written = f"{value:g}" if places is None else f"{value:.{places}f}"
        return written.replace(
            ".", self.given.get("number.decimal") or DEFAULT_TEXTS["number.decimal"]
        )

    def markup(self, key: str, count: int | None = None, **markup: str) -> str:
        """The text as HTML: its own words escaped, its values given as safe markup (such as
        a number in bold)."""
        if count == 1 and f"{key}.one" in DEFAULT_TEXTS:
            key = f"{key}.one"
        return escape(self.given.get(key) or DEFAULT_TEXTS[key]).format(**markup)

    def error(self, exc: Exception) -> str:
        """What to show for an error: its text in this language when it has a key."""
        if isinstance(exc, TextError) and exc.key in DEFAULT_TEXTS:
            text = self.given.get(exc.key) or DEFAULT_TEXTS[exc.key]
            return text.format(**exc.values)
        return str(exc)


ENGLISH = Texts()


@dataclass(frozen=True)
class Words:
    """A text by key with its values, kept to be said later in any template's language; a
    value may itself be Words, or a tuple of parts."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Words:
        return cls(key, tuple(values.items()))

    def say(self, texts: Texts = ENGLISH) -> str:
        """The text in `texts`' language; a tuple value is said part by part, joined by '; '."""
        return texts.say(self.key, None, **{k: _said(v, texts) for k, v in self.values})


def _said(value: object, texts: Texts) -> object:
    if isinstance(value, Words):
        return value.say(texts)
    if isinstance(value, tuple):
        return "; ".join(str(_said(v, texts)) for v in value)
    return value


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def check_texts(
    given: Mapping[str, object], language: str, complete: bool = True
) -> tuple[str, str] | None:
    """The first problem with a template's texts as (key, message), or None. Each text must
    use only the placeholders of the English one; with `complete`, a template not in English
    gives them all (a session's frozen copy is read without: a text added to the toolkit
    after the session was made is shown in English rather than refusing the session)."""
    for key, value in given.items():
        if key not in DEFAULT_TEXTS:
            return key, "is not a text the toolkit shows; see docs/templates.md for the keys"
        if not isinstance(value, str) or not value.strip():
            return key, "must be a non-empty text"
        try:
            used = placeholders(value)
        except ValueError:
            return key, "has an unmatched { or }; write {{ or }} for a brace itself"
        extra = used - placeholders(DEFAULT_TEXTS[key])
        if extra:
            allowed = ", ".join(f"{{{p}}}" for p in sorted(placeholders(DEFAULT_TEXTS[key])))
            return key, (
                f"uses {{{sorted(extra)[0]}}}, which is not filled in here; use "
                f"{allowed or 'no placeholder'}"
            )
    if language != "en" and complete:
        for key in DEFAULT_TEXTS:
            if key not in given:
                return key, (
                    f"is missing: a template in language {language!r} gives every text "
                    f"(English: {DEFAULT_TEXTS[key]!r})"
                )
    return None
