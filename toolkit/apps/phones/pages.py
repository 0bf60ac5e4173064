"""The phones' pages as HTML, drawn on the server in the template's words: plain forms that work
without JavaScript; `phone.js` only sends them without reloading and redraws on a push.
Everything a participant typed is escaped: it may be projected in front of a room."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from toolkit.apps.phones.page_style import STYLE, brand_html, brand_style
from toolkit.apps.phones.room import Person, PhoneRoom
from toolkit.domain.phone import ballot_order
from toolkit.domain.template import WorkshopTemplate
from toolkit.domain.texts import Texts
from toolkit.domain.voting import Ballot

# A page with nothing to fill in reloads itself this often on a phone without the script
# (with it, pushed events redraw the page): seconds, longer when the page says something
# (a personal code to keep, say) so that it can be read before it goes.
REFRESH_S = 5
REFRESH_SAID_S = 15
ISSUE_FORM = "issue-form"  # the issue form's id: a phone without script is brought back to it


@dataclass(frozen=True)
class Said:
    """A line for the page's status: what was saved, or why nothing was. `at` is the id of
    the form that was used, when the page is reloaded at it (a phone without script): the
    line is then drawn in that form, where the person is looking."""

    text: str
    kind: str = "ok"  # or "error"
    at: str = ""


def rating_form(number: int) -> str:
    """The id of the rating form of issue `number`."""
    return f"r{number}"


def option_form(ballot: Ballot, option_id: str) -> str:
    """The id of an option's form on the ballot: its position on the ballot, a handle for
    the script and the address, never shown ('' when not on the ballot)."""
    places = [o.option_id for o in ballot.options]
    return f"o{places.index(option_id) + 1}" if option_id in places else ""


def _attrs(xsrf: str) -> str:
    return f'<input type="hidden" name="_xsrf" value="{escape(xsrf)}">'


class PageFrame:
    """What every phone page shares, in a template's words and colours, and the pages that need
    no session: the join-code form and a notice. Every address starts with `root`, the
    server's path prefix (`/` unless it runs under one); the join code is sent to `login_at`
    (`root` + `login`, or the shared server's own login)."""

    def __init__(
        self, template: WorkshopTemplate, logo_uri: str, script_url: str, root: str = "/"
    ) -> None:
        self.texts = template.texts
        self.script_url, self.root, self.login_at = script_url, root, root + "login"
        self.style = STYLE + brand_style(template.branding, template.groups)
        # Inline styles are allowed by their hash only (see the server's Content-Security-Policy).
        self.style_hash = hashlib.sha256(self.style.encode()).digest()
        self.brand = brand_html(template.branding, logo_uri)

    @property
    def version(self) -> int:
        """What pushed updates compare: a page of no session never changes."""
        return 0

    def say(self, key: str, count: int | None = None, **values: object) -> str:
        return escape(self.texts.say(key, count, **values))

    def to(self, route: str) -> str:
        """A route's address, for an attribute: `login` is `/login`, or `/PREFIX/login`."""
        return escape(self.root + route)

    # Whole pages

    def page(self, body: str, title: str = "", refresh: int = 0) -> str:
        """A whole page. `refresh`: seconds after which a phone without the script loads the first
        page again (0: never); inside <noscript>, so a phone with the script, which redraws on
        pushed events, is not reloaded as well. `data-root` tells the script the prefix."""
        t, root = self.texts, escape(self.root)
        again = (f'<noscript><meta http-equiv="refresh" content="{int(refresh)}; url={root}">'
                 "</noscript>" if refresh > 0 else "")  # fmt: skip
        return (
            f'<!DOCTYPE html>\n<html lang="{escape(t.language)}" data-root="{root}" '
            f'data-offline="{self.say("phone.offline")}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="robots" content="noindex">{again}<link rel="icon" href="data:,">'
            f"<title>{escape(title or t.say('join.title'))}</title>"
            f"<style>{self.style}</style>"
            f'<script src="{escape(self.script_url)}" defer></script></head>'
            f'<body>{self.brand}<main id="phone" data-version="{self.version}">{body}</main>'
            "</body></html>"
        )

    def login(
        self, xsrf: str, wrong: bool = False, wait: int = 0, closed: bool = False,
        whole: bool = True,
    ) -> str:  # fmt: skip
        """The join-code form, for a phone that opened the address without the QR link (or
        whose workshop is `closed` for phones now); `whole`: a page, else <main>'s contents.
        What was typed is never written back into the page."""
        said = (self.say("login.wait", seconds=wait) if wait else
                self.say("phone.closed") if closed else self.say("login.wrong"))  # fmt: skip
        error = f'<p class="status error" id="code-error" role="alert">{said}</p>'
        shown = wrong or wait or closed
        invalid = ' aria-invalid="true" aria-describedby="code-error"' if shown else ""
        body = (
            f"<h1>{self.say('login.title')}</h1><p>{self.say('login.intro')}</p>"
            f'<form method="post" action="{escape(self.login_at)}" class="card" data-plain>'
            f'<label for="code">{self.say("login.label")}</label>'
            '<input id="code" name="code" class="code" type="text" required autofocus '
            'maxlength="32" autocapitalize="characters" autocomplete="off" autocorrect="off" '
            f'spellcheck="false" enterkeyhint="go"{invalid}>'
            f"{error if shown else ''}{_attrs(xsrf)}"
            f'<button type="submit" class="primary">{self.say("login.button")}</button></form>'
        )
        return self.page(body, self.texts.say("login.title")) if whole else body

    def notice(self, message: str) -> str:
        """A page that only says something (an error outside the workshop's steps)."""
        return self.page(f'<h1>{self.say("join.title")}</h1>'
                         f'<p class="status error" role="alert">{escape(message)}</p>')  # fmt: skip


class PhonePages(PageFrame):
    """Draws every phone screen for one session."""

    def __init__(self, room: PhoneRoom, logo_uri: str, script_url: str, root: str = "/") -> None:
        super().__init__(room.template, logo_uri, script_url, root)
        self.room = room

    @property
    def version(self) -> int:
        return self.room.version

    def screen(self, person: Person | None, xsrf: str, said: Said | None = None) -> str:
        """The phone's current screen as a whole page (for a phone without the script)."""
        return self.page(self.main(person, xsrf, said), refresh=self.refresh_after(person, said))

    def refresh_after(self, person: Person | None, said: Said | None = None) -> int:
        """Seconds after which the page should load itself again without the script: only
        while there is nothing to fill in (waiting, a ballot not open, nothing to rate), as a
        reload loses what is being typed or ticked; 0 for never."""
        if person is None:  # the join form
            return 0
        step = self.room.state.room.phone_step
        if step == "issues":
            return 0
        if step == "rating":
            fills = bool(self.room.state.board.active)
        elif step == "vote":
            ballot = self.room.ballot(person)
            fills = ballot is not None and ballot.round.status == "open"
        else:
            fills = False
        if fills:
            return 0
        return REFRESH_SAID_S if said is not None and said.text else REFRESH_S

    # The part that changes: <main>'s contents

    def main(self, person: Person | None, xsrf: str, said: Said | None = None) -> str:
        status = _status(said)
        if person is None:
            return f"<h1>{self.say('join.title')}</h1>{status}{self._join(xsrf)}"
        room = self.room.state.room
        step = room.phone_step
        panel = {
            "issues": self._issues,
            "rating": self._rating,
            "vote": self._ballot,
            "done": self._done,
        }.get(step, self._wait)(person, xsrf)
        if said is not None and said.at:
            panel, moved = _said_in(panel, said.at, status)
            status = "" if moved else status
        groups = self.room.template.groups
        n, group = next(((n, g) for n, g in enumerate(groups, 1) if g.id == person.group_id),
                        (0, None))  # fmt: skip
        badge = (f'<span class="letter group-{n}">{escape(group.letter)}</span> '
                 f"{escape(group.name)}" if group else "")  # fmt: skip
        banner = self.texts.markup(
            "phone.code_banner", group=badge, code=f"<b>{escape(person.code)}</b>"
        )
        return (
            f'<h1>{self.say(f"step.{step}")}</h1>{status}<p class="code-banner">{banner}</p>{panel}'
        )

    def _join(self, xsrf: str) -> str:
        t, template = self.texts, self.room.template
        names = template.names != "off"
        choices = "".join(
            f'<label class="choice"><input type="radio" name="group" value="{escape(g.id)}" '
            f'required><span class="letter group-{n}">{escape(g.letter)}'
            f"</span> {escape(g.name)}</label>"
            for n, g in enumerate(template.groups, 1)
        )
        name = (
            f'<label for="name">{self.say("join.name")}</label>'
            f'<input id="name" name="name" type="text" maxlength="80" autocomplete="off" '
            f'placeholder="{self.say("join.name_hint")}">'
            if names
            else ""
        )
        intro = t.say("join.intro" if names else "join.intro_no_names")
        return (
            f'<form method="post" action="{self.to("join")}" class="card">'
            f"<h2>{self.say('join.welcome')}</h2><p>{escape(intro)}</p>"
            f"<fieldset><legend>{self.say('join.group')}</legend>{choices}</fieldset>{name}"
            f'<input type="hidden" name="form_id" value="{escape(self.room.join_form_id())}">'
            f'{_attrs(xsrf)}<button type="submit" class="primary">{self.say("join.button")}'
            "</button></form>"
            f'<form method="post" action="{self.to("return")}" class="card">'
            f"<h2>{self.say('join.again')}</h2><p>{self.say('join.again_intro')}</p>"
            f'<label for="personal-code">{self.say("join.code")}</label>'
            '<input id="personal-code" name="code" class="code" type="text" required '
            'maxlength="16" autocapitalize="characters" autocomplete="off" autocorrect="off" '
            f'spellcheck="false" placeholder="{self.say("join.code_hint")}">{_attrs(xsrf)}'
            f'<button type="submit">{self.say("join.return")}</button></form>'
        )

    def _wait(self, person: Person, xsrf: str) -> str:
        return f"<p class='lead'>{self.say('phone.wait')}</p>"

    def _done(self, person: Person, xsrf: str) -> str:
        return f"<p class='lead'>{self.say('phone.done')}</p>"

    def _issues(self, person: Person, xsrf: str) -> str:
        categories = self.room.template.issue_categories
        options = f'<option value="">{self.say("issue.no_category")}</option>' + "".join(
            f'<option value="{escape(c)}">{escape(c)}</option>' for c in categories
        )
        category = (
            f'<label for="category">{self.say("issue.category")}</label>'
            f'<select id="category" name="category">{options}</select>'
            if categories
            else ""
        )
        waiting = f' <span class="waiting">({self.say("issue.waiting")})</span>'
        mine = "".join(f"<li>{escape(i.text)}{waiting if i.held else ''}</li>"
                       for i in self.room.my_issues(person))  # fmt: skip
        yours = f"<h2>{self.say('issue.yours')}</h2><ul class='mine'>{mine}</ul>" if mine else ""
        return (
            f'<form method="post" action="{self.to("issue")}" class="card" id="{ISSUE_FORM}">'
            f'<label for="issue-text">{self.say("issue.hint")}</label>'
            '<textarea id="issue-text" name="text" rows="4" maxlength="2000" required>'
            f"</textarea>{category}"
            f'<input type="hidden" name="issue_id" value="{escape(self.room.new_issue_id())}">'
            f'{_attrs(xsrf)}<button type="submit" class="primary">{self.say("issue.send")}'
            f"</button></form>{yours}"
        )

    def _rating(self, person: Person, xsrf: str) -> str:
        settings = self.room.template.priorities
        board = self.room.state.board
        active = board.active
        intro = self.say(f"rate.intro_{settings.method}", points=settings.points_budget)
        if settings.method == "rating":
            intro += " " + self.say("rate.scale")
        mine = self.room.my_ratings(person)
        rows = []
        for issue in active:
            number = board.number(issue.issue_id)
            saved = mine.get(issue.issue_id) or {}
            fid = rating_form(number)
            controls = self._rating_controls(settings.method, fid, saved, len(active),
                                             settings.points_budget)  # fmt: skip
            rows.append(
                f'<form method="post" action="{self.to("rate")}" class="card rating" data-auto '
                f'id="{fid}">'
                f'<h2 class="issue-title">{number}. {escape(issue.text)}</h2>{controls}'
                f'<input type="hidden" name="issue_id" value="{escape(issue.issue_id)}">'
                f'{_attrs(xsrf)}<button type="submit" class="save">{self.say("rate.save")}'
                "</button></form>"
            )
        return f"<p class='lead'>{intro}</p>{''.join(rows)}"

    def _rating_controls(self, method: str, fid: str, saved: Mapping[str, object],
                         options: int, budget: int) -> str:  # fmt: skip
        if method == "ranking":
            chosen = saved.get("rank")
            ranks = '<option value="">-</option>' + "".join(
                f'<option value="{n}"{" selected" if chosen == n else ""}>{n}</option>'
                for n in range(1, options + 1)
            )
            return (f'<label for="{fid}-rank">{self.say("rate.rank")}</label>'
                    f'<select id="{fid}-rank" name="rank">{ranks}</select>')  # fmt: skip
        if method == "points":
            value = saved.get("points") or 0
            return (
                f'<label for="{fid}-points">{self.say("rate.points")}</label>'
                f'<input id="{fid}-points" name="points" type="number" inputmode="numeric" '
                f'min="0" max="{budget}" step="1" value="{value}">'
            )
        scales = []
        for field in ("importance", "feasibility"):
            chosen = saved.get(field)
            radios = "".join(
                f'<label class="score"><input type="radio" name="{field}" value="{n}"'
                f"{' checked' if chosen == n else ''}><span>{n}</span></label>"
                for n in range(1, 6)
            )
            scales.append(f'<fieldset class="scale"><legend>{self.say(f"rate.{field}")}'
                          f"</legend>{radios}</fieldset>")  # fmt: skip
        return "".join(scales)

    def _ballot(self, person: Person, xsrf: str) -> str:
        ballot = self.room.ballot(person)
        if ballot is None:
            return f"<p class='lead'>{self.say('ballot.none')}</p>"
        return _ballot_html(ballot, self.texts, xsrf, self.to("vote"))


def _ballot_html(b: Ballot, texts: Texts, xsrf: str, action: str) -> str:
    say = texts.say
    rules, status = b.round.rules, b.round.status
    is_open = status == "open"
    if is_open:
        state = f"<p class='done'>{escape(say('ballot.done'))}</p>" if b.left == 0 else ""
    elif status in ("closed", "revealed"):
        state = (f"<p class='locked'><b>{escape(say('ballot.closed'))}</b> "
                 f"{escape(say('ballot.locked'))}</p>")  # fmt: skip
    else:
        state = f"<p class='locked'>{escape(say('ballot.not_open'))}</p>"
    left = texts.markup("ballot.left", rules.dots, left=f"<b>{b.left}</b>", dots=str(rules.dots))
    # element ids follow the ballot position (a handle for the script, never shown); the
    # number shown is the option's own, as on the issue board and the paper sheets
    places = {o.option_id: i for i, o in enumerate(b.options, 1)}
    rows = []
    for option in ballot_order(b):
        place, mine = places[option.option_id], b.dots.get(option.option_id, 0)
        number, named = escape(option.number), option.named
        minus_off = "" if is_open and mine > 0 else " disabled"
        plus_off = "" if is_open and mine < rules.per_option and b.left > 0 else " disabled"
        dots = "●" * mine + "○" * max(0, rules.per_option - mine)
        rows.append(
            f'<form method="post" action="{action}" class="option" id="o{place}">'
            f'<div class="label"><b>{number}.</b> {escape(option.label)}</div>'
            f'<button type="submit" name="step" value="-1" id="o{place}-minus" '
            f'aria-label="{escape(say("ballot.remove", option=named))}"{minus_off}>\u2212</button>'
            f'<span class="dots" role="img" aria-label="'
            f'{escape(say("ballot.dots_of", mine=mine, most=rules.per_option))}">{dots}</span>'
            f'<button type="submit" name="step" value="1" id="o{place}-plus" class="primary" '
            f'aria-label="{escape(say("ballot.add", option=named))}"{plus_off}>+</button>'
            f'<input type="hidden" name="round_id" value="{escape(b.round.round_id)}">'
            f'<input type="hidden" name="option_id" value="{escape(option.option_id)}">'
            f'<input type="hidden" name="expected" value="{mine}">{_attrs(xsrf)}</form>'
        )
    return (
        f"<section class='ballot' aria-labelledby='ballot-round'>"
        f"<h2 id='ballot-round'>{escape(say('ballot.round', number=b.round.number))}</h2>"
        f"{state}<p class='left'>{left}</p><p class='rules'>{escape(rules.explain(texts))}</p>"
        f"{''.join(rows)}</section>"
    )


def _said_in(panel: str, at: str, status: str) -> tuple[str, bool]:
    """The panel with the status line moved into the element whose id is `at` (as its
    first child), and whether it was there to move into."""
    start = panel.find(f' id="{at}"')
    end = panel.find(">", start) if start >= 0 else -1  # attribute values are escaped
    if end < 0:
        return panel, False
    return panel[: end + 1] + status + panel[end + 1 :], True


def _status(said: Said | None) -> str:
    if said is None:
        return '<p class="status" role="status" id="status"></p>'
    role = "alert" if said.kind == "error" else "status"
    return f'<p class="status {said.kind}" role="{role}" id="status">{escape(said.text)}</p>'
