"""Which groups the results show by name: the template's groups, some merged for display
under one name (front-line staff and managers as "Staff"), and any group with fewer members
than the threshold in force folded into 'Other groups' (`toolkit.domain.voting.shown_names`).

The facilitator decides both before the vote: a merge, its undoing and a lowered threshold
are accepted only while no dot has been cast in the session. Were they allowed later, the
same votes could be shown two ways and the room could subtract one from the other to find
a small group's dots; and rounds compared with each other must show the same groups.
Votes keep their real group in votes.csv: the merge is for display only.

Both are settings events (the last value counts): key 'display_merges', value the merges
in force as JSON (`[{"name": "Staff", "groups": ["front-line-staff", "managers"]}]`, `[]`
once undone), and key 'display_threshold', value the lowered threshold ('' once restored).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from toolkit.domain.events import Row
from toolkit.domain.tally import shown_names
from toolkit.domain.template import GroupSpec
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import OTHER, Event

MERGES_KEY = "display_merges"
THRESHOLD_KEY = "display_threshold"
# At 1, a lone member's dots are shown under their group's name: everyone knows whose they
# are. At 2 the room cannot tell which of the two gave which dot (each of the two can, by
# taking their own from the total), so 2 is the least a session may lower it to.
LOWEST_THRESHOLD = 2
NAME_LIMIT = 40


class DisplayError(ValueError):
    """A merge or threshold that cannot be applied, saying what to do instead."""


@dataclass(frozen=True)
class Merge:
    name: str
    group_ids: tuple[str, ...]


@dataclass(frozen=True)
class GroupDisplay:
    """The template's groups and threshold with the facilitator's choices for the session."""

    template_groups: tuple[GroupSpec, ...]
    template_threshold: int
    merges: tuple[Merge, ...] = ()
    lowered: int | None = None  # the session's threshold, when lowered

    @classmethod
    def from_settings(
        cls, settings: Iterable[Row], groups: Sequence[GroupSpec], threshold: int
    ) -> GroupDisplay:
        """The display in force after the settings events. A value edited by hand into
        something that does not fit the template is ignored, as if never set."""
        merges_value = threshold_value = ""
        for row in settings:
            if row["key"] == MERGES_KEY:
                merges_value = str(row["value"])
            elif row["key"] == THRESHOLD_KEY:
                threshold_value = str(row["value"])
        display = cls(tuple(groups), threshold)
        for merge in _parse_merges(merges_value):
            try:
                display = display._merged(merge.name, merge.group_ids)
            except DisplayError:
                continue
        if threshold_value.strip().isdigit():
            k = int(threshold_value)
            if LOWEST_THRESHOLD <= k < threshold:
                display = replace(display, lowered=k)
        return display

    @property
    def threshold(self) -> int:
        """The threshold in force: a group with fewer members is shown as Other groups."""
        return self.lowered if self.lowered is not None else self.template_threshold

    @property
    def groups(self) -> tuple[GroupSpec, ...]:
        """The template's groups as the results show them: each merged group under the
        merge's name, with the colour of the merge's first group and the name's initial as
        its letter (the first group's letter if another group has that one), so every
        consumer that keys by name (tallies, agreement, charts) shows the merge as one."""
        out = []
        for g in self.template_groups:
            merge = self.merge_of(g.id)
            if merge is None:
                out.append(g)
            else:
                first = self._spec(merge.group_ids[0])
                out.append(
                    replace(g, name=merge.name, colour=first.colour, letter=self._letter(merge))
                )
        return tuple(out)

    def _letter(self, merge: Merge) -> str:
        initial = next((c.upper() for c in merge.name if c.isalnum()), "")
        taken = {g.letter.upper() for g in self.template_groups if g.id not in merge.group_ids}
        taken |= {m.name[:1].upper() for m in self.merges if m != merge}
        if initial and initial not in taken:
            return initial
        return self._spec(merge.group_ids[0]).letter

    def merge_of(self, group_id: str) -> Merge | None:
        return next((m for m in self.merges if group_id in m.group_ids), None)

    def names(self) -> dict[str, str]:
        """Group id -> the name the results show it under (before folding)."""
        return {g.id: g.name for g in self.groups}

    def sizes(self, members: Mapping[str, int]) -> dict[str, int]:
        """People per group as shown (a merge counts its groups' members together)."""
        out: dict[str, int] = {}
        for gid, name in self.names().items():
            out[name] = out.get(name, 0) + members.get(gid, 0)
        return out

    def small(self, members: Mapping[str, int]) -> list[tuple[str, int]]:
        """The shown groups that have people but fewer than the threshold: (name, people)."""
        folded = shown_names(self.names(), members, self.threshold)
        sizes = self.sizes(members)
        names = dict.fromkeys(self.names()[gid] for gid, n in folded.items() if n == OTHER)
        return [(name, sizes[name]) for name in names]

    # Changes: each returns the settings event to record; only before the first dot.

    def merge(self, name: str, group_ids: Sequence[str], voting_started: bool) -> Event:
        """Show these groups together under `name` in every result."""
        _check_not_started(voting_started)
        merged = self._merged(" ".join(name.split()), tuple(dict.fromkeys(group_ids)))
        return merged._merges_event()

    def unmerge(self, name: str, voting_started: bool) -> Event:
        """Undo a merge: its groups are shown (or folded) on their own again."""
        _check_not_started(voting_started)
        kept = tuple(m for m in self.merges if m.name != name)
        if len(kept) == len(self.merges):
            raise DisplayError(f"No merge is called {name!r}: pick one from the list of merges.")
        return replace(self, merges=kept)._merges_event()

    def lower(self, threshold: int, voting_started: bool) -> Event:
        """Show groups by name from `threshold` members, for this session only."""
        _check_not_started(voting_started)
        if isinstance(threshold, bool) or not isinstance(threshold, int):
            raise DisplayError(f"The threshold is a whole number, not {threshold!r}.")
        if threshold < LOWEST_THRESHOLD:
            raise DisplayError(
                f"The threshold cannot go below {LOWEST_THRESHOLD}: a group of one would show "
                "that person's dots to the room. Merge their group with another instead."
            )
        if threshold >= self.template_threshold:
            raise DisplayError(
                f"The template's threshold is {self.template_threshold}; a session may only "
                f"lower it (to {LOWEST_THRESHOLD}-{self.template_threshold - 1}). To raise it, "
                "change the template."
            )
        return Event("settings", "set", {"key": THRESHOLD_KEY, "value": str(threshold)})

    def restore(self, voting_started: bool) -> Event:
        """Back to the template's threshold."""
        _check_not_started(voting_started)
        if self.lowered is None:
            raise DisplayError(
                f"The threshold is already the template's ({self.template_threshold})."
            )
        return Event("settings", "set", {"key": THRESHOLD_KEY, "value": ""})

    # Words

    def notes(self, texts: Texts = ENGLISH) -> list[str]:
        """What the results say about the facilitator's choices (nothing when none)."""
        out = []
        for m in self.merges:
            parts = " + ".join(self._spec(g).name for g in m.group_ids)
            out.append(texts.say("display.merged", name=m.name, groups=parts))
        if self.lowered is not None:
            out.append(
                texts.say(
                    "display.lowered",
                    k=self.lowered,
                    template=self.template_threshold,
                    other=texts.say("chart.other"),
                )
            )
        return out

    def warnings(self, members: Mapping[str, int], voting_started: bool) -> list[str]:
        """For the facilitator, while people join: which groups are too small to be shown
        and what that does to the results, and what can still be done about it."""
        small = self.small(members)
        if not small:
            return []
        k = self.threshold
        each = "; ".join(f"{name}: {_people(n)}" for name, n in small)
        shown = [n for n, size in self.sizes(members).items()
                 if size >= k and n not in dict(small)]  # fmt: skip
        out = [
            f"Below the threshold of {k} so far ({each}): their dots will be counted in "
            f"'{OTHER}' and left out of 'Where we agree' and 'Where we differ'."
        ]
        if len(shown) < 2:
            out.append(
                "With fewer than two groups shown by name, the results cannot compare groups "
                "at all."
            )
        if voting_started:
            out.append(
                "Voting has started, so the groups shown are fixed for this session; more "
                "people joining these groups still brings them over the threshold."
            )
        else:
            out.append(
                "Before the first dot, under 'Groups shown in the results' on the dot-voting "
                "screen: merge groups for display "
                f"(e.g. two staff groups as 'Staff'), or lower the threshold to "
                f"{LOWEST_THRESHOLD} if the people in a group of two agree to it."
            )
        return out

    # Helpers

    def _spec(self, group_id: str) -> GroupSpec:
        return next(g for g in self.template_groups if g.id == group_id)

    def _merged(self, name: str, group_ids: tuple[str, ...]) -> GroupDisplay:
        known = {g.id: g.name for g in self.template_groups}
        if not name:
            raise DisplayError("Give the merged groups a name, such as 'Staff'.")
        if len(name) > NAME_LIMIT:
            raise DisplayError(f"Keep the name under {NAME_LIMIT} characters.")
        if len(group_ids) < 2:
            raise DisplayError("Pick at least two groups to show together.")
        unknown = [g for g in group_ids if g not in known]
        if unknown:
            raise DisplayError(f"No group {unknown[0]!r} in this session's template.")
        taken = [known[g] for g in group_ids if self.merge_of(g) is not None]
        if taken:
            raise DisplayError(
                f"{taken[0]} is already in a merge: undo that merge first to change it."
            )
        if len(group_ids) == len(known):
            raise DisplayError(
                "Merging every group leaves no groups to compare: keep at least two apart."
            )
        others = [g.name for g in self.groups if g.id not in group_ids] + [OTHER]
        clash = next((n for n in others if n.casefold() == name.casefold()), None)
        if clash is not None:
            raise DisplayError(f"{clash!r} already names a group in the results: choose another.")
        return replace(self, merges=(*self.merges, Merge(name, group_ids)))

    def _merges_event(self) -> Event:
        value = [{"name": m.name, "groups": list(m.group_ids)} for m in self.merges]
        return Event("settings", "set", {"key": MERGES_KEY, "value": json.dumps(value)})


def _check_not_started(voting_started: bool) -> None:
    if voting_started:
        raise DisplayError(
            "Dots have been cast, so the groups shown in the results are fixed for this "
            "session (changing them now would let the room work out a small group's dots)."
        )


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def _parse_merges(value: str) -> list[Merge]:
    try:
        raw = json.loads(value) if value.strip() else []
    except ValueError:
        return []
    if not isinstance(raw, list):
        return []
    out = []
    for m in raw:
        if (
            isinstance(m, dict)
            and isinstance(m.get("name"), str)
            and isinstance(m.get("groups"), list)
            and all(isinstance(g, str) for g in m["groups"])
        ):
            out.append(Merge(m["name"], tuple(m["groups"])))
    return out
