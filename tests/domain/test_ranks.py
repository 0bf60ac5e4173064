"""The plain-Python rank statistics agree with scipy's on random data full of ties."""

from __future__ import annotations

import math
import random

import pytest
from scipy.spatial.distance import jensenshannon
from scipy.stats import kendalltau, rankdata, spearmanr

from toolkit.domain.ranks import average_ranks, js_distance, kendall_tau_b, spearman_rho


def _samples(seed: int) -> list[tuple[list[int], list[int]]]:
    rng = random.Random(seed)
    pairs = []
    for _ in range(300):
        n = rng.randint(2, 30)
        top = rng.choice([1, 2, 4, 50])  # small ranges make many ties
        pairs.append(
            ([rng.randint(0, top) for _ in range(n)], [rng.randint(0, top) for _ in range(n)])
        )
    return pairs


def _same(ours: float, theirs: float) -> bool:
    return (math.isnan(ours) and math.isnan(theirs)) or abs(ours - theirs) < 1e-9


@pytest.mark.filterwarnings("ignore:An input array is constant")
@pytest.mark.parametrize("seed", [1, 2])
def test_each_statistic_matches_scipy(seed: int) -> None:
    for x, y in _samples(seed):
        assert average_ranks(x) == [float(r) for r in rankdata(x)]
        assert _same(kendall_tau_b(x, y), float(kendalltau(x, y, variant="b").statistic)), (x, y)
        assert _same(spearman_rho(x, y), float(spearmanr(x, y).statistic)), (x, y)
        if sum(x) and sum(y):
            theirs = float(jensenshannon([v / sum(x) for v in x], [v / sum(y) for v in y], base=2))
            assert _same(js_distance(x, y), 0.0 if math.isnan(theirs) else theirs), (x, y)


def test_edges_are_named() -> None:
    assert math.isnan(kendall_tau_b([1, 1, 1], [1, 2, 3]))
    assert math.isnan(spearman_rho([2, 2], [1, 2]))
    assert math.isnan(js_distance([0, 0], [1, 2]))
    assert js_distance([3, 0], [0, 5]) == pytest.approx(1.0)
    assert js_distance([1, 2, 3], [2, 4, 6]) == 0.0
    assert kendall_tau_b([1, 2, 3], [3, 2, 1]) == -1.0
    assert average_ranks([]) == []
    with pytest.raises(ValueError, match="same length"):
        spearman_rho([1, 2], [1])


def test_no_screen_loads_scipy() -> None:
    """The agreement measures (what the console and projector compute) import no scipy."""
    import subprocess
    import sys

    code = "import sys, toolkit.analysis, toolkit.apps.console; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
