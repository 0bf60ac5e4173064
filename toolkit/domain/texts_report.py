"""The English words of the workshop report and the analysis, by key: its sections, the
fates of issues, scoring rules, methods and the sentences on agreement between groups
(`toolkit.domain.texts` joins them with the room's)."""

# The report sent to everyone who took part (`toolkit report`). A key ending in ".one" is
# the singular of the key before it.
REPORT_TEXTS: dict[str, str] = {
    "report.title": "{title}: workshop report",
    "report.lead": "Workshop report",
    "report.contents": "Contents",
    "report.footer": "Written from the session records in the folder {folder} by the "
    "co-production toolkit.",
    "report.footer_html": "Figures name their method; charts are described in words beside them.",
    "report.charts_need_scripts": "The charts in this report are drawn by your web browser, "
    "which has JavaScript turned off here: each chart's words and the tables say what it shows.",
    "report.summary": "Summary",
    "report.edited": "Records edited by hand",
    "report.edited_lead": "{number} recorded events break the workshop's rules, as only an "
    "edit of the files by hand can. They are not counted: every table, chart and figure in "
    "this report leaves them out. They are:",
    "report.edited_lead.one": "{number} recorded event breaks the workshop's rules, as only an "
    "edit of the files by hand can. It is not counted: every table, chart and figure in this "
    "report leaves it out. It is:",
    "report.edited_more": "and {number} more: 'toolkit validate' lists them all.",
    "report.changed_lead": "The files were edited after the toolkit recorded them, in {number} "
    "places, and this report reads them as they are now. The places are:",
    "report.changed_lead.one": "The files were edited after the toolkit recorded them, in "
    "{number} place, and this report reads them as they are now. The place is:",
    "report.corrected_lead": "These edits of the files were recorded as corrections, with who "
    "made them and why:",
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
    "report.folding": "A group in which fewer than {k} people voted in a round is never shown "
    "by name in that round's breakdown: its people are counted together as '{other}', so "
    "that nobody can be identified. A paper sheet counts as the people entered for it.",
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
    "report.thresholds": "Thresholds in this report: groups in which fewer than {k} people "
    "voted in a round are folded into '{other}'; common ground needs {common} of every "
    "group's voters; contested means {contested} points or more between two groups; top-k "
    "uses k = {top}.",
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
    "left_out.folded": "{groups}: fewer than {threshold} voters each",
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
