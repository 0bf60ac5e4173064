"""Rank statistics in plain Python: average ranks, Kendall's tau-b, Spearman's rho and the
Jensen-Shannon distance, so no screen loads scipy (about 60 MB a kernel) for a few dozen
numbers. Each matches scipy.stats to rounding; tests compare them."""

from __future__ import annotations

import math
from collections.abc import Sequence


def average_ranks(values: Sequence[float]) -> list[float]:
    """Rank 1 for the smallest value; tied values share the average of their ranks (as
    scipy.stats.rankdata's default)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = (start + end) / 2 + 1
        for position in range(start, end + 1):
            ranks[order[position]] = shared
        start = end + 1
    return ranks


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float:
    """Kendall's tau-b: (concordant - discordant) over the geometric mean of the pairs not
    tied in x and not tied in y; NaN when either side is constant."""
    n = len(x)
    if n != len(y):
        raise ValueError("kendall_tau_b needs two sequences of the same length")
    concordant = discordant = tied_x = tied_y = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx = x[i] - x[j]
            dy = y[i] - y[j]
            if dx == 0 and dy == 0:
                tied_x += 1
                tied_y += 1
            elif dx == 0:
                tied_x += 1
            elif dy == 0:
                tied_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    pairs = n * (n - 1) // 2
    denominator = math.sqrt((pairs - tied_x) * (pairs - tied_y))
    return (concordant - discordant) / denominator if denominator else math.nan


def spearman_rho(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rho: Pearson's correlation of the average ranks; NaN when either side is
    constant."""
    if len(x) != len(y):
        raise ValueError("spearman_rho needs two sequences of the same length")
    rx, ry = average_ranks(x), average_ranks(y)
    n = len(rx)
    if n < 2:
        return math.nan
    mx, my = sum(rx) / n, sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        return math.nan
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def js_distance(p: Sequence[float], q: Sequence[float]) -> float:
    """The Jensen-Shannon distance in bits (0 = the same shares, 1 = nothing shared) between
    two distributions, each scaled to sum to 1 first; NaN when either sums to 0."""
    if len(p) != len(q):
        raise ValueError("js_distance needs two distributions of the same length")
    sp, sq = sum(p), sum(q)
    if sp <= 0 or sq <= 0:
        return math.nan
    p = [v / sp for v in p]
    q = [v / sq for v in q]
    total = 0.0
    for a, b in zip(p, q, strict=True):
        m = (a + b) / 2
        if a > 0:
            total += a * math.log2(a / m)
        if b > 0:
            total += b * math.log2(b / m)
    return math.sqrt(max(0.0, total / 2))
