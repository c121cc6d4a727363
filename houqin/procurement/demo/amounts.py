"""Budgets and contract amounts of a demo year that add up exactly to the year's figures: each
method has its usual budget range, the public tenders (the largest projects) take what is left,
and per-project savings rates (0–25 %) are scaled together to reach the year's savings."""

from __future__ import annotations

from decimal import Decimal

from houqin.procurement.choices import Method

# Usual budget range of a project by method (yuan); public tenders take the rest.
BANDS = {
    Method.QUOTATION: (3_000, 60_000),
    Method.NEGOTIATION: (20_000, 120_000),
    Method.CONSULTATION: (40_000, 300_000),
    Method.INVITED_TENDER: (60_000, 250_000),
    Method.SINGLE_SOURCE: (15_000, 120_000),
}
TENDER_BAND = (150_000, 1_950_000)
MAX_RATE = 0.25


def _log_uniform(rng, low: int, high: int) -> float:
    return low * (high / low) ** rng.random()


def spread(rng, count: int, total: int, low: int, high: int, step: int = 100) -> list[int]:
    """``count`` amounts in [low, high], multiples of ``step`` but for one, adding to ``total``."""
    values = [rng.lognormvariate(0, 0.9) for _ in range(count)]
    for _attempt in range(60):  # scale, clamp, repeat: converges when the total is feasible
        scale = total / sum(values)
        values = [min(max(v * scale, low), high) for v in values]
        if abs(sum(values) - total) < 1:
            break
    rounded = [round(v / step) * step for v in values]
    rounded[values.index(max(values))] += total - sum(rounded)
    return rounded


def budgets(rng, methods: list[str], total: int, fixed: dict[int, int]) -> list[int]:
    """A budget per project (``fixed``: index → budget given); the public tenders take what the
    other methods leave."""
    result = [0] * len(methods)
    for i, method in enumerate(methods):
        if i in fixed:
            result[i] = fixed[i]
        elif method != Method.PUBLIC_TENDER:
            result[i] = round(_log_uniform(rng, *BANDS[method]) / 100) * 100
    tenders = [i for i, m in enumerate(methods) if m == Method.PUBLIC_TENDER and i not in fixed]
    for i, amount in zip(
        tenders, spread(rng, len(tenders), total - sum(result), *TENDER_BAND), strict=True
    ):
        result[i] = amount
    return result


def _rate(rng, method: str, index: int) -> float:
    if method == Method.SINGLE_SOURCE:  # agreed prices: little or nothing saved
        return 0.0 if index % 3 == 0 else rng.uniform(0.01, 0.06)
    return rng.triangular(0.03, 0.24, 0.12)


def contracts(rng, methods, budget_list, total_savings: int, fixed: dict[int, int]) -> list[int]:
    """A contract amount per project so that Σ (budget − contract) = ``total_savings``."""
    rates = [_rate(rng, m, i) for i, m in enumerate(methods)]
    free = [i for i in range(len(methods)) if i not in fixed and rates[i] > 0]
    needed = total_savings - sum(budget_list[i] - c for i, c in fixed.items())
    for _attempt in range(60):
        open_ = [i for i in free if rates[i] < MAX_RATE]
        short = needed - sum(budget_list[i] * rates[i] for i in free)
        if abs(short) < 1 or not open_:
            break
        scale = 1 + short / sum(budget_list[i] * rates[i] for i in open_)
        for i in open_:
            rates[i] = min(rates[i] * scale, MAX_RATE)
    savings = {i: round(budget_list[i] * rates[i]) for i in free}
    biggest = max(free, key=lambda i: budget_list[i] * (MAX_RATE - rates[i]))
    savings[biggest] += needed - sum(savings.values())
    return [
        fixed[i] if i in fixed else budget_list[i] - savings.get(i, 0) for i in range(len(methods))
    ]


def yuan(amount: int | float) -> Decimal:
    return Decimal(amount).quantize(Decimal("0.01"))
