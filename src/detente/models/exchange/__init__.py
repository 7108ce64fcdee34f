"""Stokman's exchange model: actors trade voting positions across pairs of issues.

Sources: Stokman & Van Oosten (1994), "The exchange of voting positions: an
object-oriented model of policy networks", in Bueno de Mesquita & Stokman
(eds.), *European Community Decision Making*; Stokman, Van Assen, Van der
Knoop & Van Oosten (2000), *Advances in Group Processes* 17; the equal-gain
rule of Dijkstra, Van Assen & Stokman (2008), *Journal of Theoretical
Politics* 20(4). The round's mechanics follow the public Decide tool
(``foarsitter/decide-exchange-model``) step by step, so that detente's
rounds can be checked against Decide's; they are described in
``docs/explanation/exchange-model.md``. Positions are rescaled to 0-100 per
issue inside the model and back to the issue's scale in the output.

Per round: the forecast on each issue is the capability x salience weighted
mean of positions (``series["mean"]`` of the voting positions after each
round's exchanges, the model's forecast; ``series["start_mean"]`` of the
positions each round starts from); every pair of actors on opposite sides of the forecasts
on two issues is a candidate exchange; exchanges execute in order of
decreasing (equal) gain, each one updating the others that share its
actors and issues; the round's voting positions give the round's forecast,
and each actor that moved starts the next round part of the way towards its
voting position.

Variants (``variant``): ``"equal-gain"``, the exchange rate at which both partners gain the same
(Dijkstra, Van Assen & Stokman 2008); ``"random-rate"``, a rate drawn uniformly (seeded) between the
two partners' break-even rates, so that both gain but not equally (Stokman, Van Assen, Van der Knoop
& Van Oosten 2000); the random-rate variant orders exchanges by the smaller partner's gain.
``power_exponent`` a and ``salience_exponent`` b weight actors by ``c^a s^b`` in the forecast and in
the shift an actor's move causes (1, 1: Stokman & Van Oosten's ``c s``); REX
(:mod:`detente.analysis.rex`) sweeps them.

Differences from Decide, on purpose: ties between equal gains are broken by
the seeded generator passed as ``rng`` (Decide flips an unseeded coin, so its
forecasts change from run to run); arithmetic is in floats (Decide uses
decimals), so gains within 1e-12 (relative) count as ties, and moves landing
within 1e-9 of the scale's end or forecasts within 1e-9 of a partner's position
count as exactly there; an actor with salience 0 on an issue forms no exchange
involving it (Decide divides by zero). The rounds run compiled
(:mod:`._compiled`) or in plain Python (:mod:`._round`), with the
same floats and so the same results; :func:`use_compiled` picks one.

Which round runs: loading numba costs a fresh process about 0.5 s of CPU and 116 MB
(``benchmarks/RESULTS.md``; a bare process calling one cached ``njit``
function already peaks at 155-158 MB here), while one COP21 forecast takes about
0.4 s in plain Python and 0.04-0.09 s compiled. So a single small forecast runs in plain
Python (faster end to end and a third of the memory), and the compiled round
runs once it pays: from a process's second forecast on, when numba is already
loaded, or when one forecast is big (more than :data:`COMPILE_ABOVE` exchange
slots, about 1.5 times COP21 at 10 rounds, where the two break even).
"""

from __future__ import annotations

import sys

import numpy as np

from ...rng import Seed, as_generator
from ...scenario import Scenario
from .. import register
from ..base import Forecast, IssueForecast, ModelBase
from ._inputs import effective_capability, exchange_record, scenario_arrays
from ._round import run_round

#: Rounds x issue pairs x actor pairs above which a single forecast repays loading numba (COP21, 15 actors x
#: 13 issues, 10 rounds: 81,900 slots; its plain-Python forecast and numba's load cost the same at about 1.5x that).
COMPILE_ABOVE = 120_000
_forecasts_run = 0  # exchange forecasts this process has started


def use_compiled(n_issues: int, n_actors: int, rounds: int) -> bool:
    """Whether a forecast left to choose (``compiled=None``) runs the compiled round.

    Yes when numba is already loaded in this process, when this process has already run an exchange
    forecast (so it probably runs more: REX, Monte Carlo, a backtest, the web app), or when the forecast
    has more than :data:`COMPILE_ABOVE` exchange slots (``rounds x issue pairs x actor pairs``). The two
    rounds give identical results, so the choice changes time and memory only.
    """
    slots = rounds * n_issues * (n_issues - 1) // 2 * n_actors * (n_actors - 1) // 2
    return "numba" in sys.modules or _forecasts_run > 1 or slots > COMPILE_ABOVE


@register
class ExchangeModel(ModelBase):
    """Stokman's exchange model, equal-gain or random-rate (Stokman & Van Oosten 1994; Stokman et al. 2000;
    Dijkstra et al. 2008)."""

    name = "exchange"
    summary = ("Stokman's vote-exchange model (equal gain or random rate): pairs trade positions across issues, "
               "round by round.")
    source = ("Stokman & Van Oosten (1994); Stokman, Van Assen, Van der Knoop & Van Oosten (2000); "
              "Dijkstra, Van Assen & Stokman (2008), J. Theoretical Politics 20(4)")
    iterative = True
    rounds_parameter = "rounds"
    stochastic = True  # tie-breaks (both variants) and exchange rates (random-rate), from the seeded rng
    variants = ("equal-gain", "random-rate")
    params = ("rounds", "variant", "salience_weight", "fixed_weight", "power_exponent", "salience_exponent")
    inputs = ("position", "salience", "capability", "scale")

    def __init__(self, rounds: int = 10, variant: str = "equal-gain", salience_weight: float = 0.4,
                 fixed_weight: float = 0.1, power_exponent: float = 1.0, salience_exponent: float = 1.0):
        if not (isinstance(rounds, int) and rounds >= 0):
            raise ValueError(f"rounds must be a whole number >= 0, got {rounds!r}")
        if variant not in self.variants:
            raise ValueError(f"variant must be one of {', '.join(self.variants)}, got {variant!r}")
        self.rounds, self.variant = rounds, variant
        self.salience_weight, self.fixed_weight = float(salience_weight), float(fixed_weight)
        self.power_exponent, self.salience_exponent = float(power_exponent), float(salience_exponent)
        for name in ("power_exponent", "salience_exponent"):
            if not 0 <= getattr(self, name) <= 10:
                raise ValueError(f"{name} must be between 0 and 10, got {getattr(self, name)!r}")

    def forecast(self, scenario: Scenario, *, rng: Seed = None, tie_break=None,
                 compiled: bool | None = None) -> Forecast:
        """Run the rounds. ``tie_break(round, best, runner_up, n_done) -> (take_runner_up, duplicate)``
        may replace the seeded coin at ties (see :func:`._round.execute`; the tests use it to
        replay Decide's recorded runs). Rounds run compiled (:mod:`._compiled`) if ``compiled``
        is true, in the plain-Python reference (same results) if it is false or a ``tie_break`` is
        given, and as :func:`use_compiled` decides if it is ``None``."""
        global _forecasts_run
        _forecasts_run += 1
        if compiled is None:
            compiled = use_compiled(len(scenario.issues), len(scenario.actors), self.rounds)
        generator = as_generator(rng)
        x, s, c, lower, width = scenario_arrays(scenario)
        c = effective_capability(c, s, self.power_exponent, self.salience_exponent)
        history, starts = [x.copy()], [x.copy()]
        exchanges = []
        start = x
        labels = (scenario.actor_names, scenario.issue_names, lower.tolist(), (width / 100).tolist())
        for t in range(self.rounds):
            voting, start, done = self._round(t, start, s, c, generator, tie_break, compiled)
            history.append(voting)
            starts.append(start)
            exchanges += [exchange_record(t + 1, k, e, *labels) for k, e in enumerate(done)]
            if not done:
                history += [voting] * (self.rounds - t - 1)
                starts += [start] * (self.rounds - t - 1)
                break
        issues, by_issue = [], {}
        for e in exchanges:
            for issue in e["issues"]:
                by_issue.setdefault(issue, []).append(e)
        for d, issue in enumerate(scenario.issue_names):
            on = ~np.isnan(x[d])
            positions = np.array([h[d, on] for h in history]) * width[d] / 100 + lower[d]
            start_positions = np.array([h[d, on] for h in starts]) * width[d] / 100 + lower[d]
            weight = s[d, on] * c[d, on]
            weight = weight if weight.sum() > 0 else np.ones_like(weight)
            mean, start_mean = positions @ weight / weight.sum(), start_positions @ weight / weight.sum()
            actors = tuple(np.asarray(scenario.actor_names, dtype=object)[on])
            issues.append(IssueForecast(issue, float(mean[-1]), actors, positions,
                                        series={"mean": mean, "start_mean": start_mean},
                                        details={"exchanges": by_issue.get(issue, []),
                                                 "start_positions": start_positions}))
        return Forecast.of(self, scenario, issues)

    def _round(self, t, start, s, c, generator, tie_break, compiled):
        """One round, compiled or by the reference (which alone takes a ``tie_break`` hook)."""
        random_rate = self.variant == "random-rate"
        if compiled and tie_break is None and start.shape[0] > 1:  # one issue: no exchange, nothing to compile
            from ._compiled import run_round as compiled_round  # numba loads when the model runs

            return compiled_round(start, s, c, generator, self.salience_weight, self.fixed_weight, random_rate)
        breaker = (lambda b, r, n: tie_break(t + 1, b, r, n)) if tie_break else None
        return run_round(start, s, c, generator, breaker, self.salience_weight, self.fixed_weight, random_rate)
