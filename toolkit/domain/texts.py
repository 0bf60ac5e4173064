"""Every piece of text a participant or the room sees, by key, so that a template can give
them in another language; and errors that carry their key so screens can say them too."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

# English, the default. A key ending in ".one" is the singular of the key before it.
DEFAULT_TEXTS: dict[str, str] = {
    # The participants' page: joining
    "join.title": "Join the workshop",
    "join.welcome": "Welcome",
    "join.intro": "Choose your group to take part. Nobody sees your name unless you give one.",
    "join.intro_no_names": "Choose your group to take part. Nobody is asked for a name.",
    "join.group": "I am in",
    "join.name": "Name (optional)",
    "join.name_hint": "you can stay anonymous",
    "join.button": "Join",
    "join.again": "Joined already?",
    "join.again_intro": "Type the code you were given.",
    "join.code": "My code",
    "join.code_hint": "e.g. K7M2QX",
    "join.return": "Return to my ballot",
    "join.joined": "You have joined. Your code is {code}: keep it to come back.",
    "join.welcome_back": "Welcome back: this is your own ballot.",
    "join.choose_group": "Choose your group first.",
    "join.first": "Join first: choose your group above.",
    "join.code_shape": "A personal code is {length} letters and digits, as shown when you "
    "joined. Check it, or join again as someone new.",
    "join.code_unknown": "No one has that code in this session. Check it, or join again as "
    "someone new.",
    "join.code_wait": "Too many wrong codes. Wait {seconds} seconds and try again, or join "
    "again as someone new.",
    "phone.code_banner": "{group} · your code {code}",
    "phone.wait": "Thank you. The facilitator will open the next step soon; this screen "
    "changes by itself.",
    "phone.offline": "Not sent: the connection dropped. Check the Wi-Fi, then try again.",
    "phone.stale": "This page was out of date; here it is as it is now. Nothing was saved.",
    "phone.reload": "This page is out of date. Reload it, or open the join link again.",
    "phone.bad_request": "That could not be read, so nothing was saved. Reload the page and "
    "try again.",
    "phone.too_large": "That was too long to send, so nothing was saved. Send something shorter.",
    "phone.not_found": "There is no such page here. Open the join link again.",
    "phone.broken": "Something went wrong, so nothing was saved. Reload the page and try again.",
    "join.already": "You have joined already: this is your page.",
    # What the phones show, step by step
    "step.wait": "Wait for the facilitator",
    "step.issues": "Raise issues",
    "step.rating": "Prioritise issues",
    "step.vote": "Vote with your dots",
    "step.done": "The workshop is over",
    "phone.done": "Thank you for taking part. Everyone receives the report of this workshop: "
    "what you said, and what will be done about it. You can close this page.",
    # Raising issues
    "issue.hint": "What should improve?",
    "issue.category": "Category",
    "issue.no_category": "(no category)",
    "issue.send": "Send issue",
    "issue.sent": "Sent. Thank you! You can send another.",
    "issue.sent_held": "Received, thank you. The facilitator checks each issue before the "
    "room sees it. You can send another.",
    "issue.yours": "Your issues",
    "issue.waiting": "waiting for the facilitator's check",
    "issue.empty": "Write the issue first: what should improve?",
    "issue.too_long": "That is {length} characters; keep an issue under {limit} so it fits on "
    "a card and on the screen.",
    "issue.closed": "Raising issues is closed for now: the facilitator will say when it opens "
    "again. Nothing was saved.",
    "issue.already_sent": "That issue was sent already.",
    "issue.duplicate": "That issue is already on the board as issue {number}.",
    # Prioritising
    "rate.intro_rating": "How important is each issue, and how feasible to fix?",
    "rate.intro_ranking": "Rank the issues: 1 is the most important.",
    "rate.intro_points": "Spread {points} points over the issues that matter most to you.",
    "rate.importance": "Importance",
    "rate.feasibility": "Feasibility",
    "rate.rank": "Rank",
    "rate.points": "Points",
    "rate.save": "Save",
    "rate.scale": "1 is the lowest, 5 the highest.",
    "rate.saved": "Saved your view of issue {number}.",
    "rate.closed": "Prioritising is closed for now. Nothing was saved.",
    "rate.gone": "That issue is no longer on the board.",
    "rate.rank_taken": "Rank {rank} is already given to another issue; clear that one first "
    "or choose another rank.",
    "rate.too_many_points": "That makes {total} points; you have {budget} to spread, so at "
    "most {most} can go here.",
    # The ballot
    "ballot.none": "No vote is open yet.",
    "ballot.round": "Round {number}",
    "ballot.closed": "Voting is closed.",
    "ballot.locked": "Your ballot is locked; thank you.",
    "ballot.not_open": "Voting has not opened yet.",
    "ballot.left": "{left} of {dots} dots left",
    "ballot.left.one": "{left} of {dots} dot left",
    "ballot.done": "All your dots are placed. You can still move them until voting closes.",
    "ballot.saved": "Saved. {left} dots left.",
    "ballot.saved.one": "Saved. {left} dot left.",
    "ballot.add": "Add a dot to {option}",
    "ballot.remove": "Take a dot back from {option}",
    "ballot.dots_of": "{mine} of {most} dots",
    "vote.spent": "You have used all {dots} dots. Take one back to move it.",
    "vote.cap": "That is the most on one option ({cap}). Put your next dot on another.",
    "vote.nothing_back": "There is no dot there to take back.",
    "vote.not_open": "Round {number} has not opened yet; your ballot is locked.",
    "vote.closed": "Round {number} is closed; your ballot is locked.",
    "vote.revealed": "Round {number} is closed and revealed; your ballot is locked.",
    "vote.stale": "Your ballot changed since this page was drawn; here it is as saved. "
    "Nothing else was changed.",
    "vote.no_round": "No vote is open yet.",
    # The rules, read out and shown
    "rules.dots": "You each have {dots} dots.",
    "rules.dots.one": "You each have {dots} dot.",
    "rules.cap": "You can put up to {cap} on one option.",
    "rules.one_each": "Put at most one dot on each option.",
    "rules.min_spend": "Use at least {min_spend} of them.",
    "rules.spend_all": "Use all {dots} of them.",
    "rules.spend_all.one": "Use your dot.",
    "rules.facilitator_votes": "The facilitator votes too.",
    "rules.hidden": "Results stay hidden until everyone has voted and the facilitator reveals "
    "them.",
    # The projector
    "projector.round_draft": "Round {number} opens soon",
    "projector.round_open": "Round {number} is open",
    "projector.round_closed": "Round {number} is closed",
    "projector.joined": "joined",
    "projector.finished": "finished",
    "projector.unspent": "dots unspent",
    "projector.raw": "Raw dots",
    "projector.equal": "Each group equal",
    "projector.no_issues": "No issues yet.",
    "projector.plan": "Our action plan",
    "projector.rules": "How to vote",
    "projector.agree": "Where we agree",
    "projector.differ": "Where we differ",
    "projector.page": "{page} of {pages}",
    "projector.merged": "{merged} merged into it",
    "projector.merged.one": "{merged} merged into it",
    "projector.page_held": "{page} of {pages} (held)",
    "projector.joined_count": "{n} people have joined",
    "projector.joined_count.one": "{n} person has joined",
    "projector.options": "Round {number}: what we vote on",
    "projector.shortlist": "The shortlist: {n} issues for the vote",
    "projector.shortlist.one": "The shortlist: {n} issue for the vote",
    "projector.thanks": "Thank you for taking part",
    "projector.agreed": "{n} actions agreed",
    "projector.agreed.one": "{n} action agreed",
    "projector.more_actions": "and {n} more in the report",
    "projector.more_actions.one": "and {n} more in the report",
    "projector.hear_back": "Everyone receives the report of this workshop: what you said, and "
    "what will be done about it.",
    "plan.you_said": "You said",
    "plan.we_will": "We will",
    "plan.users": "Service users",
    "plan.provider": "Provider",
    "plan.owner": "Owner",
    "plan.due": "Due",
    "plan.status": "Status",
    "plan.none": "No actions yet.",
    "plan.count": "{number} actions: {counts}.",
    "plan.count.one": "{number} action: {counts}.",
    "plan.status_count": "{number} {status}",
    "plan.carried": "{issue} (from last time)",
    "plan.general": "(general)",
    "plan.gone": "(an issue no longer on the board)",
    "status.proposed": "proposed",
    "status.agreed": "agreed",
    "status.in_progress": "in progress",
    "status.done": "done",
    "status.dropped": "dropped",
    "timer.left": "{time} left",
    "timer.nearly": "{time} left (nearly time)",
    "timer.over": "{time} over time",
    "timer.paused": "Paused: {time}",
    # Joining: the projector's panel and the phones' login page
    "join_panel.title": "Join on your phone",
    "join_panel.scan": "Scan the code, or open",
    "join_panel.then": "then type the code",
    "join_panel.qr": "QR code of the join link",
    "login.title": "Join the workshop",
    "login.intro": "Type the code you can see on the screen at the front of the room.",
    "login.label": "Code shown on the screen",
    "login.button": "Join",
    "login.wrong": "That code is not right. Check the code on the screen and try again.",
    "login.wait": "Too many wrong codes from this phone. Wait {seconds} seconds, then type the "
    "code on the screen again.",
    # The results in words, under the results chart
    "tally.top": "Round {number}, top options in {unit}: {top}.",
    "tally.dots": "dots",
    "tally.equal": "% (groups weighted equally)",
    # Charts of the results and of agreement
    "chart.round": "Round {number}",
    "chart.dots": "Dots",
    "chart.equal": "Equal-weight score (%): each group counts once",
    "chart.group": "Group",
    "chart.other": "Other groups",
    "chart.rank_within": "Rank within the group (1 = most dots)",
    "chart.rank": "Rank (1 = most dots)",
    "chart.rank_said": "{option} · {group}: rank {rank} ({dots} dots)",
    "chart.rank_said.one": "{option} · {group}: rank {rank} ({dots} dot)",
    # How a number with decimals is written: 0.86 in English, 0,86 in Spanish
    "number.decimal": ".",
    # The stakeholder map on the projector, and the same in words under it
    "map.title": "Stakeholder map",
    "map.type": "Type",
    "map.unspecified": "Unspecified type",
    "map.where_wanted": "Where we want them",
    "map.where_wanted_key": "current ● → desired ▶",
    "map.none": "No stakeholders on the map yet.",
    "map.count": "{number} stakeholders.",
    "map.count.one": "{number} stakeholder.",
    "map.quadrant": "{quadrant}: {names}.",
    "map.move": "{name} ({now} → {wanted})",
    "map.moving": "To move: {moves}.",
    "position.supportive": "supportive",
    "position.neutral": "neutral",
    "position.resisting": "resisting",
    # The priority map (rating) on the projector, and the same in words under it
    "priority.title": "Priorities by group",
    "priority.key": "letter = group, number = issue; dashed lines join the groups' views of "
    "one issue",
    "priority.none": "No ratings yet.",
    "priority.issue": "Issue {number}: {places}.",
    "priority.place": "{group}: {quadrant} ({importance} importance, {feasibility} feasibility)",
    "priority.widest": "The groups differ most on issue {number} (a gap of {gap} points).",
    # Paper for the tables (`toolkit print`): dot-voting sheets, issue cards, the stakeholder
    # sheet and the join poster
    "paper.ballots": "{title}: dot-voting sheets, round {number}",
    "paper.ballot_title": "Dot-voting · Round {number}",
    "paper.ballot_how": "Each person puts their dots in the {dots} column, beside the options "
    "they choose. Then count each row's dots and write the number in its {total} box.",
    "paper.group": "Group:",
    "paper.no": "No.",
    "paper.option": "Option",
    "paper.dots": "Dots",
    "paper.total": "Total",
    "paper.for_facilitator": "Facilitator: type the totals in on the dot-voting screen under "
    "{paper_sheets}, with {sheet_of} set to the group ticked here; the boxes there are "
    "numbered as on this sheet.",
    "paper.ballot_footer": "Session {title} · Round {number} · sheet for one table",
    "paper.cards": "{title}: issue cards",
    "paper.card_title": "What should improve?",
    "paper.card_group": "Group (tick one):",
    "paper.card_topic": "Topic (tick one):",
    "paper.cut": "Cut along the dashed lines. One issue per card.",
    "paper.map": "{title}: stakeholder map",
    "paper.map_title": "Who is involved? Stakeholder map",
    "paper.map_how": "Write each stakeholder (a group or a role is enough) where it sits: "
    "{power} and {interest} are scored 1-{most}, and {high} or more counts as high. Then list "
    "them overleaf.",
    "paper.register_title": "Stakeholders",
    "paper.register_how": "Circle the scores and positions. Position: {positions}.",
    "paper.kinds": "Type, for example: {kinds}.",
    "paper.name": "Name (a group or a role)",
    "paper.position_now": "Position now",
    "paper.poster": "{title}: join poster",
    "paper.no_phone": "No phone? Ask for paper: it counts the same.",
    # The report sent to everyone who took part (`toolkit report`)
    "report.title": "{title}: workshop report",
    "report.lead": "Workshop report",
    "report.contents": "Contents",
    "report.footer": "Written from the session records in the folder {folder} by the "
    "co-production toolkit.",
    "report.footer_html": "Figures name their method; charts are described in words beside them.",
    "report.summary": "Summary",
    "report.edited": "Records edited by hand",
    "report.edited_lead": "{number} recorded events break the workshop's rules, as only an "
    "edit of the files by hand can. They are not counted: every table, chart and figure in "
    "this report leaves them out. They are:",
    "report.edited_lead.one": "{number} recorded event breaks the workshop's rules, as only an "
    "edit of the files by hand can. It is not counted: every table, chart and figure in this "
    "report leaves it out. It is:",
    "report.edited_more": "and {number} more: 'toolkit validate' lists them all.",
    "report.date": "Date: {date}",
    "report.facilitator": "Facilitator: {name}",
    "report.organisation": "Organisation: {name}",
    "report.plan": "Workshop plan: {name}",
    "report.not_recorded": "not recorded",
    "report.people": "{number} people took part",
    "report.people.one": "{number} person took part",
    "report.stakeholders": "{number} stakeholders mapped",
    "report.stakeholders.one": "{number} stakeholder mapped",
    "report.issues": "{number} issues raised",
    "report.issues.one": "{number} issue raised",
    "report.rounds": "{number} rounds of dot-voting revealed",
    "report.rounds.one": "{number} round of dot-voting revealed",
    "report.actions": "{number} actions in the plan",
    "report.actions.one": "{number} action in the plan",
    "report.who": "Who took part",
    "report.letter": "Letter",
    "report.people_head": "People",
    "report.and_paper": "{number} and paper sheets",
    "report.agenda": "Agenda and timings",
    "report.step": "Step",
    "report.planned": "Planned (min)",
    "report.spent": "Spent (min)",
    "report.spent_note": "Minutes spent are measured between the facilitator's moves from step "
    "to step on the console; a step left blank was not reached, or is the last, whose end is "
    "not recorded.",
    "report.map_section": "Who is involved: the stakeholder map",
    "report.map_words": "Each stakeholder sits on the grid by their power and interest (1 to 5, "
    "3 and above is high); the lower chart shows where each is now and where the room wants "
    "them to be.",
    "report.stakeholder": "Stakeholder",
    "report.quadrant": "Quadrant",
    "report.issues_section": "Every issue raised, and what became of it",
    "report.issues_lead": "{number} issues were raised: {fates}.",
    "report.issues_lead.one": "{number} issue was raised: {fates}.",
    "report.fate_action": "{number} led to an action",
    "report.fate_action.one": "{number} led to an action",
    "report.fate_voted": "{number} were voted on without an action yet",
    "report.fate_voted.one": "{number} was voted on without an action yet",
    "report.fate_shortlisted": "{number} were shortlisted but not voted on",
    "report.fate_shortlisted.one": "{number} was shortlisted but not voted on",
    "report.fate_backlog": "{number} are kept on the backlog",
    "report.fate_backlog.one": "{number} is kept on the backlog",
    "report.fate_merged": "{number} were merged into another as duplicates",
    "report.fate_merged.one": "{number} was merged into another as a duplicate",
    "report.fate_hidden": "{number} were hidden by the facilitator",
    "report.fate_hidden.one": "{number} was hidden by the facilitator",
    "report.fate_held": "{number} were never checked by the facilitator, so never shown",
    "report.fate_held.one": "{number} was never checked by the facilitator, so never shown",
    "report.hidden_text": "(not shown: it held personal details or abuse)",
    "report.held_text": "(not shown: the facilitator never checked it)",
    "report.issue": "Issue",
    "report.category": "Category",
    "report.raised_by": "Raised by",
    "report.became": "What became of it",
    "report.fate_rules": "How the outcome is decided (the first that applies): {rules}.",
    "fate_name.hidden": "hidden",
    "fate_name.held": "not checked",
    "fate_name.merged": "merged",
    "fate_name.action": "action",
    "fate_name.voted": "voted",
    "fate_name.shortlisted": "shortlisted",
    "fate_name.backlog": "backlog",
    "fate.hidden": "the facilitator hid it (personal details or abuse); whatever happened "
    "before, its words are not shown to participants",
    "fate.held": "it was sent from a phone while issues waited for the facilitator's check, "
    "and never checked; its words are not shown to participants",
    "fate.merged": "it was merged into another issue as a duplicate; its votes and actions "
    "count under the issue it ended up in",
    "fate.action": "at least one action in the plan answers it",
    "fate.voted": "it was an option in a revealed round of dot-voting but no action answers "
    "it (the figures are from the last revealed round it was in)",
    "fate.shortlisted": "it is on the shortlist but was never an option in a revealed round",
    "fate.backlog": "it stayed on the board, not shortlisted: kept for later",
    "outcome.hidden": "Hidden by the facilitator.",
    "outcome.held": "Sent from a phone; never checked by the facilitator, so never shown.",
    "outcome.merged": "Merged into issue {number}.",
    "outcome.voted": "Voted on in round {round}: {dots} dots, {score}% with each group counted "
    "once (rank {rank}).",
    "outcome.voted.one": "Voted on in round {round}: {dots} dot, {score}% with each group "
    "counted once (rank {rank}).",
    "outcome.actions": "Actions: {actions}.",
    "outcome.actions.one": "Action: {actions}.",
    "outcome.shortlisted": "Shortlisted; not yet voted on.",
    "outcome.backlog": "Kept on the backlog.",
    "report.votes_section": "Dot-voting results",
    "report.folding": "A group with fewer than {k} members is never shown by name in a "
    "breakdown: its people are counted together as '{other}', so that nobody can be "
    "identified.",
    "report.folded": "In this session, at least one group was counted as '{other}'.",
    "report.not_folded": "No group was that small in this session.",
    "report.round_rules": "Round {number}: {dots} dots each, {most}. People who voted: {who}.",
    "report.round_rules.one": "Round {number}: {dots} dot each, {most}. People who voted: {who}.",
    "report.most_on_one": "at most {most} on one option",
    "report.one_per_option": "one per option",
    "report.votes_raw": "Dots per option, by group",
    "report.votes_raw_words": "Each bar is an option's dots, split by the group that gave them "
    "(colour and letter); one panel per round.",
    "report.votes_equal": "Each group counted once",
    "report.votes_equal_words": "The same votes with each group counted once: a bar's length is "
    "the option's equal-weight score, the mean of the groups' shares of their own dots, so a "
    "large group does not outweigh a small one.",
    "report.scores": "Round {number}: scores",
    "report.equal_score": "Equal-weight score (%)",
    "report.rank": "Rank",
    "report.scores_note": "Equal-weight score: {equal}. Rank: {rank}.",
    "report.priorities_section": "Prioritising: each group's view of the issues",
    "report.priorities_lead_rating": "Each group rated the issues' importance and feasibility "
    "from 1 (lowest) to 5 (highest); each figure is the group's mean, beside how many of its "
    "people rated the issue.",
    "report.priorities_lead_ranking": "Each group ranked the issues (1 = most important); each "
    "figure is the group's mean rank, beside how many of its people ranked the issue.",
    "report.priorities_lead_points": "Each group spread points over the issues; each figure is "
    "the group's total, beside how many of its people gave the issue points.",
    "report.priorities_words": "Each mark is a group's mean view of an issue: its letter, and "
    "the issue's number beside it; a dashed line joins the groups' views of the same issue, "
    "so a long line is an issue the groups see differently.",
    "report.by_group": "By group",
    "report.raters": "People",
    "report.mean_rank": "Mean rank",
    "report.priority_scores": "Scores, each group counted once",
    "report.score": "Score",
    "report.equal_importance": "Importance (equal weight)",
    "report.equal_feasibility": "Feasibility (equal weight)",
    "report.priority_rule": "Scoring rule: {rule} ({how}). Each group counts once, however "
    "many of its people rated: a score adds up the groups' means, not everyone's ratings. Tied "
    "issues share the better rank. Hidden and merged issues are not listed.",
    "rule_name.importance+feasibility": "importance plus feasibility",
    "rule_how.importance+feasibility": "each group's mean importance and mean feasibility, "
    "averaged over the groups and added; higher first",
    "rule_name.borda": "the Borda count",
    "rule_how.borda": "n points for a first place among n issues, 1 for last, added up; higher "
    "first",
    "rule_name.points": "total points",
    "rule_how.points": "all points given to the issue, added up; higher first",
    "report.priorities_folded": "Groups in which fewer than {threshold} people rated are "
    "counted together as '{other}', so that nobody can be identified.",
    "report.agreement_section": "Where the groups agree and differ",
    "report.groups": "Groups",
    "report.pair": "{first} and {second}",
    "report.top_overlap": "Top-3 overlap",
    "report.voters": "Voters",
    "report.other_left_out": "'{other}' gathers the groups too small to be shown by name, so it "
    "is left out of the comparisons between and within groups.",
    "report.shift_words": "One panel per group; each line joins an option's rank in the earlier "
    "round to its rank in the later one (1 = most dots), among the options in both rounds.",
    "report.shift_tau": "Kendall's tau-b, round {first} to {second}",
    "report.method_note": "Method: {tau_b}. Common ground and contested use the {p}. The words "
    "for tau-b are descriptive bands, not significance tests, the same for either sign: no "
    "clear relation under 0.1 in size, slightly under 0.3, somewhat under 0.6, largely "
    "under 1, exactly at 1; in the same order when positive, in reverse order when negative. "
    "Between rounds, each round's figure is over that round's own options.",
    "report.undefined": "not defined: {reason}",
    "report.na": "n/a",
    "report.actions_section": "You said, we did: the action plan",
    "report.carried": "{number} of these were carried forward from the last session to be "
    "followed up; their status is as reviewed at this one.",
    "report.carried.one": "{number} of these was carried forward from the last session to be "
    "followed up; its status is as reviewed at this one.",
    "report.notes_section": "What was said: discussion notes",
    "report.notes_lead": "{number} notes of the discussion, step by step, in the room's words: "
    "what each is about, and whose voices it reflects.",
    "report.notes_lead.one": "{number} note of the discussion, step by step, in the room's "
    "words: what each is about, and whose voices it reflects.",
    "report.no_step": "At no step of the agenda",
    "report.voices": "voices: {groups}",
    "report.methods_section": "How the figures are worked out",
    "report.thresholds": "Thresholds in this report: groups of fewer than {k} members are "
    "folded into '{other}'; common ground needs {common} of every group's voters; contested "
    "means {contested} points or more between two groups; top-k uses k = {top}.",
    "method_name.equal_weight": "Equal-weight score",
    "method_name.equal_weight_rank": "Rank",
    "method_name.small_groups": "Small groups",
    "method_name.tau_b": "Kendall's tau-b",
    "method_name.rho": "Spearman's rho",
    "method_name.top_overlap": "Top-k overlap",
    "method_name.js_distance": "Jensen-Shannon distance",
    "method_name.w": "Kendall's W",
    "method_name.p": "p (breadth of support)",
    "method_name.consensus": "Consensus",
    "method.equal_weight": "mean of the groups' shares, each group counted once (%)",
    "method.equal_weight_rank": "rank by equal-weight score within the round, 1 = highest; tied "
    "options share the best rank",
    "method.small_groups": "a group with fewer members than the template's threshold is counted "
    "with the other small groups as 'Other groups', so that nobody can be identified",
    "method.rho": "Spearman's rho between two dot counts per option (-1 to 1)",
    "method.top_overlap": "options shared by two groups' top k (by dots) / k; ties at the cut "
    "are shared out evenly",
    "method.js_distance": "Jensen-Shannon distance between two groups' shares (base 2: 0 = the "
    "same, 1 = no option in common)",
    "method.w": "Kendall's W, tie-corrected: how alike a group's members rank the options (0 = "
    "no agreement, 1 = all alike; paper sheets not counted)",
    "method.consensus": "geometric mean over groups of (k + 1) / (n + 2), where k of a group's "
    "n voters gave the option a dot",
    "reason.w_few": "not defined: fewer than 2 people in {group} voted",
    "reason.w_paper": "not defined: fewer than 2 people in {group} voted (a paper sheet is a "
    "table's tally, not one person's)",
    # Where the groups agree and differ, after a reveal
    "agree.ranks_title": "How each group ranks the options (round {number})",
    "agree.shift_title": "How priorities moved from round {first} to {second}",
    "agree.ranks_words": "Each line is an option; each mark is a group's rank of it (1 = most "
    "dots), so marks close together mean the groups rank that option alike.",
    "agree.methods": "Methods: {tau_b}; {p}.",
    "agree.method_tau_b": "Kendall's tau-b between two dot counts per option (-1 to 1, ties "
    "handled)",
    "agree.method_p": "share of a group's voters who gave the option at least one dot (paper "
    "sheets not counted)",
    "agree.needs_two": "Common ground needs at least two groups whose members voted individually.",
    "agree.rule": "at least {share} of every group's voters gave it a dot",
    "agree.none": "No option has common ground ({rule}).",
    "agree.means": "Common ground means {rule}.",
    "agree.option": "{option}: {shares}{figure}.",
    "differ.needs_two": "Contested options need at least two groups whose members voted "
    "individually.",
    "differ.rule": "the share of voters giving it a dot differs by {points} points or more "
    "between two groups",
    "differ.none": "No option is contested ({rule}).",
    "differ.means": "Contested means {rule}.",
    "differ.option": "{option}: {high_share} of {high} gave it a dot, against {low_share} of "
    "{low}.",
    # How alike two rankings are, in words (toolkit.domain.likeness): one symmetric scale.
    # {figure} is "" on the projector, " (Kendall's tau-b 0.45)" on the console and report.
    "likeness.slightly": "slightly",
    "likeness.somewhat": "somewhat",
    "likeness.largely": "largely",
    "likeness.exactly": "exactly",
    "figure.tau": " ({method} {value})",
    "figure.consensus": " (consensus {value})",
    "figure.mean_tau": ": the mean {method} between groups went from {before} to {after}",
    "pair.undefined": "{first} and {second} cannot be compared: {reason}.",
    "pair.alike": "{first} and {second} rank the options {strength} in the same order{figure}.",
    "pair.reverse": "{first} and {second} rank the options {strength} in reverse order{figure}.",
    "pair.none": "{first} and {second} rank the options with no clear relation to each "
    "other{figure}.",
    "shift.undefined": "How {group} ranked the options in round {second} cannot be compared "
    "with round {first}: {reason}.",
    "shift.same": "The ranking of {group} did not change from round {first} to round "
    "{second}{figure}.",
    "shift.alike": "{group} ranked the options in round {second} {strength} in the same order "
    "as in round {first}{figure}.",
    "shift.reverse": "{group} ranked the options in round {second} {strength} in reverse "
    "order from round {first}{figure}.",
    "shift.none": "{group} ranked the options in round {second} with no clear relation to "
    "round {first}{figure}.",
    "shift.closer": "The groups' rankings moved closer{figure}.",
    "shift.not_closer": "The groups' rankings did not move closer{figure}.",
    "shift.group_round": "{group} in Round {number}",
    "reason.same_dots": "all options got the same dots from {name}",
    "reason.few_options": "fewer than 2 options are in both rounds",
    "left_out.other": "The {other} bucket ({parts}) mixes people from different groups, so it "
    "is left out of the comparisons between and within groups.",
    "left_out.folded": "{groups}: fewer than {threshold} members each",
    "left_out.unlisted": "people in groups not in the template",
    "left_out.no_dots": "{group} placed no dots in Round {number}.",
    "left_out.paper": "{group} voted only on paper: a sheet counts dots, not people, so {group} "
    "is left out of breadth, Kendall's W and common ground.",
    "left_out.paper_room": "{group} voted only on paper: a sheet counts dots, not people, so "
    "{group} is left out of where we agree and differ.",
    "left_out.not_both": "{group} did not place dots in both rounds, so its shift cannot be "
    "measured.",
    # The groups shown in the results, as the facilitator set them (toolkit.domain.display)
    "display.merged": "{name} is {groups} counted together, as the facilitator set before the "
    "vote.",
    "display.lowered": "In this session a group is shown by name from {k} members (the "
    "template says {template}), as the facilitator set before the vote; smaller groups are "
    "counted in '{other}'.",
}


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
