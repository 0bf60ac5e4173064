"""The sheets to fill in by hand, one to one with the screens: dot-voting ballots, issue
cards and the stakeholder mapping sheet, each a self-contained HTML page for A4."""

from __future__ import annotations

from html import escape

from toolkit.domain.stakeholders import HIGH_FROM, POSITIONS, SCORES, position_word
from toolkit.domain.voting import Round, Voting
from toolkit.outputs.paper.layout import (
    _BOX,
    COMPACT_FROM,
    STAKEHOLDER_ROWS,
    TICK_LINES_PER_CARD,
    _band,
    _document,
    _group_boxes,
    _group_name,
    _page,
    _position_letters,
    _text,
    _tick_lines,
)
from toolkit.records.session import Session

# Two cards (A5, landscape) per page: at 14 pt, a card holding the shipped template's six
# issue categories and room to write does not fit in a quarter of A4 (the text is cut).
CARDS_PER_PAGE = 2


class PaperError(ValueError):
    """Paper that cannot be made as asked; the message says what to change."""


# What each page says


def ballot_rows(voting: Voting, round_id: str) -> list[tuple[str, str]]:
    """(number, label) of each option of a round, in the order and numbering of the
    facilitator's paper-tally entry ('7. Repairs take too long'): the options' own numbers
    (`option_numbers`), in ballot order."""
    return [(n, o.label) for n, o in voting.numbered(round_id)]


def pick_round(voting: Voting, number: int | None = None) -> Round:
    """The round numbered `number`, or by default the current (that is, the last) one."""
    rounds = voting.rounds
    if not rounds:
        raise PaperError(
            "there is no dot-voting round yet; create one on the dot-voting screen first, "
            "then print its sheets"
        )
    if number is None:
        return voting.current or rounds[-1]
    found = next((r for r in rounds if r.number == number), None)
    if found is None:
        have = ", ".join(str(r.number) for r in rounds)
        raise PaperError(
            f"there is no round {number}: this session has {len(rounds)} "
            f"round{'s' if len(rounds) != 1 else ''} ({have}); give --round with one of them"
        )
    return found


# Pages


def ballots(session: Session, round_number: int | None = None) -> str:
    """Dot-voting sheets for a round: one A4 sheet per group, to tick and fill at a table."""
    voting = session.state.voting
    rnd = pick_round(voting, round_number)
    rows = ballot_rows(voting, rnd.round_id)
    title = _text(session.title)
    texts = session.template.texts
    say = texts.say
    heads = "".join(f"<th>{escape(say(key))}</th>" for key in
                    ("paper.no", "paper.option", "paper.dots", "paper.total"))  # fmt: skip
    # The table fills what the sheet has left (see the stylesheet), so a short list leaves
    # room for stickers, a long one still fits one sheet, and a long heading (rules, many
    # groups, another language) takes its room from the rows rather than spilling over.
    table_class = "ballot compact" if len(rows) > COMPACT_FROM else "ballot"
    body_rows = "".join(
        f"<tr><td class='no'>{escape(n)}</td>"
        f"<td class='option'>{_text(label)}</td><td class='dots'></td><td class='total'></td></tr>"
        for n, label in rows
    )
    number = str(rnd.number)
    how = texts.markup("paper.ballot_how", dots=f"<b>{escape(say('paper.dots'))}</b>",
                       total=f"<b>{escape(say('paper.total'))}</b>")  # fmt: skip
    # The dot-voting screen's own words: the facilitator's screens are in English.
    note = texts.markup("paper.for_facilitator", paper_sheets="<i>Paper sheets</i>",
                        sheet_of="<i>Sheet of</i>")  # fmt: skip
    sheet = (
        f"<header class='sheet-head'><p class='session'>{title}</p>"
        f"<h1>{escape(say('paper.ballot_title', number=number))}</h1></header>"
        f"<p class='rules'>{escape(rnd.rules.explain(texts))}</p>"
        f"<p class='how'>{how}</p>"
        f"{_group_boxes(session.template.groups, say('paper.group'))}"
        f"<div class='ballot-rows' style='max-height:{12 + 24 * len(rows)}mm'>"  # rows <= 24 mm
        f"<table class='{table_class}'><colgroup><col class='no'><col><col class='dots'>"
        f"<col class='total'></colgroup><thead><tr>{heads}</tr></thead>"
        f"<tbody>{body_rows}</tbody></table></div>"
        f"<p class='for-facilitator'>{note}</p>"
        f"<footer>{texts.markup('paper.ballot_footer', title=title, number=number)}</footer>"
    )
    band = _band(session)
    pages = [_page(band, sheet, "ballot-sheet") for _ in session.template.groups]
    return _document(say("paper.ballots", title=session.title, number=number), pages, texts)


def issue_cards(session: Session) -> str:
    """A page of blank issue cards with cut lines: what should improve, group and topic."""
    template = session.template
    texts = template.texts

    def html(key: str) -> str:  # a text, escaped for the page
        return escape(texts.say(key))

    topics = "".join(f"<li>{_BOX}{_text(c)}</li>" for c in template.issue_categories)
    groups = "".join(f"<li>{_BOX}{_group_name(g)}</li>" for g in template.groups)
    topic_block = (
        f"<p class='label'>{html('paper.card_topic')}</p><ul class='ticks'>{topics}</ul>"
        if template.issue_categories
        else ""
    )
    card = (
        f"<div class='card'><div class='write'><p class='session'>{_text(session.title)}</p>"
        f"<h2>{html('paper.card_title')}</h2>{'<div class=line></div>' * 5}</div>"
        f"<div class='choose'><p class='label'>{html('paper.card_group')}</p>"
        f"<ul class='ticks'>{groups}</ul>{topic_block}</div></div>"
    )
    per_page = CARDS_PER_PAGE if _tick_lines(template) <= TICK_LINES_PER_CARD else 1
    body = (
        f"<p class='cut-note'>{html('paper.cut')}</p>"
        f"<div class='cards' style='grid-template-rows:repeat({per_page},1fr)'>"
        f"{card * per_page}</div>"
    )
    title = texts.say("paper.cards", title=session.title)
    return _document(title, [_page(_band(session), body, "cards-sheet fixed")], texts)


def stakeholder_sheet(session: Session) -> str:
    """The power/interest grid with the template's words, and a table to list stakeholders
    with the fields of the stakeholder map."""
    words = session.template.stakeholder_map
    texts = session.template.texts
    say = texts.say
    labels = words.quadrant_labels
    power, interest = escape(words.power_axis), escape(words.interest_axis)
    power_lower, interest_lower = (
        escape(words.power_axis.lower()),
        escape(words.interest_axis.lower()),
    )
    high, low = f"{HIGH_FROM}-{max(SCORES)}", f"{min(SCORES)}-{HIGH_FROM - 1}"

    def quadrant(key: str, where: str, p: str, i: str) -> str:
        return (
            f"<div class='q {where}'><span class='qname'>{escape(labels.get(key, ''))}</span>"
            f"<span class='qhint'>{power} {p}, {interest_lower} {i}</span></div>"
        )

    grid = (
        "<div class='map'>"
        f"<div class='y-axis'><span>{power} →</span></div><div class='quads'>"
        + quadrant("high_power_low_interest", "top-left", high, low)
        + quadrant("high_power_high_interest", "top-right", high, high)
        + quadrant("low_power_low_interest", "bottom-left", low, low)
        + quadrant("low_power_high_interest", "bottom-right", low, high)
        + f"</div><div></div><div class='x-axis'>{interest} →</div></div>"
    )
    how = texts.markup("paper.map_how", power=power_lower, interest=interest_lower,
                       most=str(max(SCORES)), high=str(HIGH_FROM))  # fmt: skip
    first = (
        f"<header class='sheet-head'><p class='session'>{_text(session.title)}</p>"
        f"<h1>{escape(say('paper.map_title'))}</h1></header>"
        f"<p class='how'>{how}</p>{grid}"
    )
    typed = "kind" in words.fields  # the template's stakeholders.fields may leave Type out
    kinds = (
        f"<p class='how'>{texts.markup('paper.kinds', kinds=escape(', '.join(words.kinds)))}</p>"
        if words.kinds and typed
        else ""
    )
    band = _band(session)
    letters = _position_letters(texts)
    positions = " · ".join(f"<b>{escape(letter)}</b> {escape(position_word(p, texts))}"
                           for p, letter in zip(POSITIONS, letters, strict=True))  # fmt: skip
    scores = "".join(f"<span>{n}</span>" for n in SCORES)
    marks = "".join(f"<span>{escape(letter)}</span>" for letter in letters)
    row = (
        f"<tr><td></td>{'<td></td>' if typed else ''}"
        f"<td class='circle'>{scores}</td><td class='circle'>{scores}</td>"
        f"<td class='circle'>{marks}</td><td class='circle'>{marks}</td></tr>"
    )
    type_head = [escape(say("map.type"))] if typed else []
    heads = [escape(say("paper.name")), *type_head, power, interest,
             escape(say("paper.position_now")), escape(say("map.where_wanted"))]  # fmt: skip
    # Without a Type column the name takes its width, so the columns still fill the sheet.
    name_cols = "<col class='name'><col class='kind'>" if typed else "<col class='name wide'>"
    second = (
        f"<header class='sheet-head'><p class='session'>{_text(session.title)}</p>"
        f"<h1>{escape(say('paper.register_title'))}</h1></header>"
        f"<p class='how'>{texts.markup('paper.register_how', positions=positions)}</p>{kinds}"
        f"<table class='register'><colgroup>{name_cols}"
        "<col class='score'><col class='score'><col class='pos'><col class='pos'></colgroup>"
        f"<thead><tr>{''.join(f'<th>{h}</th>' for h in heads)}</tr></thead>"
        f"<tbody>{row * STAKEHOLDER_ROWS}</tbody></table>"
    )
    return _document(
        say("paper.map", title=session.title),
        [_page(band, first, "map-sheet"), _page(band, second, "register-sheet")],
        texts,
    )
