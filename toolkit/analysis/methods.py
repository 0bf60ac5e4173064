"""What each figure is (METHODS), and how to say it in a template's language."""

from __future__ import annotations

from toolkit.analysis.agreement_figures import METHODS as AGREEMENT_METHODS
from toolkit.analysis.fates import FATE_RULES
from toolkit.domain.texts import DEFAULT_TEXTS, ENGLISH, Texts

METHODS = {
    **AGREEMENT_METHODS,
    "equal_weight_rank": DEFAULT_TEXTS["method.equal_weight_rank"],
    "small_groups": DEFAULT_TEXTS["method.small_groups"],
    "fate": "the first that applies: " + "; ".join(f"{k}: {v}" for k, v in FATE_RULES.items()),
}
# The text key of each method the report names, to say it in the template's language.
METHOD_KEYS = {"tau_b": "agree.method_tau_b", "p": "agree.method_p"} | {
    k: f"method.{k}"
    for k in ("equal_weight", "equal_weight_rank", "small_groups", "rho", "top_overlap",
              "js_distance", "w", "consensus")
}  # fmt: skip


def method(key: str, texts: Texts = ENGLISH) -> str:
    """What a figure is (`METHODS[key]`), in the template's language for a report."""
    return texts.say(METHOD_KEYS[key])
