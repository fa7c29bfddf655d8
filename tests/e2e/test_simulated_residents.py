"""Hundreds of simulated residents talk to the real bot over REST, on the demonstration catalogue.

Each one (tests/e2e/residents.py, seeded: SIM_SEED and SIM_RESIDENTS change the draw, a failure
names its seed and shows its conversation) must reach contact cards or an honest "no address"
answer within 8 messages, never see the same question more than twice nor the same sentence
twice in a row, and never get a service its true situation does not allow (an independent
reading of the catalogue's rules). The distribution of turns goes to results/simulated_residents.md.
"""
from __future__ import annotations

import os
import statistics
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import List, Tuple

from tests import wording

from .conftest import ROOT, RunningBot
from .residents import Resident, Rules, question_of, read_rules, why_not_eligible

RESIDENTS = int(os.environ.get("SIM_RESIDENTS", "300"))
FIRST_SEED = int(os.environ.get("SIM_SEED", "1000"))
MAX_TURNS = 8  # resident messages, the first one included
MAX_ASKS = 2
REPORT = ROOT / "results" / "simulated_residents.md"


@dataclass
class Outcome:
    resident: Resident
    turns: int = 0
    reached: bool = False
    problems: List[str] = field(default_factory=list)
    transcript: List[Tuple[str, List[str]]] = field(default_factory=list)
    asked: Counter = field(default_factory=Counter)

    def story(self) -> str:
        lines = [repr(self.resident)]
        for said, answers in self.transcript:
            lines.append(f"  > {said}")
            lines += [f"    {a[:140]!r}" for a in answers]
        return "\n".join(lines)


def converse(bot: RunningBot, resident: Resident, rules) -> Outcome:
    outcome = Outcome(resident)
    sender = f"sim-{resident.seed}-{os.getpid()}"
    message = resident.first_message()
    said_before: set = set()
    while outcome.turns < MAX_TURNS + 4:
        outcome.turns += 1
        answer = bot.send(sender, message)
        texts = [m["text"] for m in answer if m.get("text")]
        fiches = [m["custom"]["fiche"] for m in answer if isinstance(m.get("custom"), dict) and "fiche" in m["custom"]]
        cards = {m.get("text") for m, after in zip(answer, answer[1:]) if "fiche" in (after.get("custom") or {})}
        outcome.transcript.append((message, texts))
        if not texts:
            outcome.problems.append(f"no answer to {message!r}")
            break
        again = (set(texts) - cards) & said_before
        if again:
            outcome.problems.append(f"the same sentence twice in a row: {sorted(again)}")
        said_before = set(texts) - cards
        for fiche in fiches:
            service = fiche["service_id"]
            reason = why_not_eligible(rules[service], resident) if service in rules else "unknown service"
            if reason:
                outcome.problems.append(f"ineligible service {service}: {reason}")
        if fiches or any(wording.said("utter_aucune_adresse") in t for t in texts):
            outcome.reached = True
            break
        slot = question_of(texts)
        if slot is None:
            outcome.problems.append("neither a question nor addresses")
            break
        outcome.asked[slot] += 1
        if outcome.asked[slot] > MAX_ASKS:
            outcome.problems.append(f"question {slot} asked {outcome.asked[slot]} times")
        message = resident.off_topic() or resident.answer(slot, texts[-1], second_time=outcome.asked[slot] > 1)
    if not outcome.reached:
        outcome.problems.append("no addresses")
    elif outcome.turns > MAX_TURNS:
        outcome.problems.append(f"addresses only after {outcome.turns} messages")
    return outcome


def report(outcomes: List[Outcome]) -> str:
    turns = [o.turns for o in outcomes if o.reached]
    after_first = [t - 1 for t in turns]
    histogram = Counter(turns)
    lines = [
        "# Résidents simulés",
        "",
        f"{len(outcomes)} conversations (graines {FIRST_SEED} à {FIRST_SEED + len(outcomes) - 1}), "
        f"catalogue de démonstration, canal REST.",
        "",
        f"- adresses (ou « aucune adresse ») atteintes : {len(turns)} sur {len(outcomes)}",
        f"- messages du résident après le premier : médiane {statistics.median(after_first):g}, "
        f"moyenne {statistics.mean(after_first):.2f}, maximum {max(after_first)}",
        f"- question posée au plus {max(max(o.asked.values(), default=0) for o in outcomes)} fois",
        "",
        "| messages du résident (premier compris) | conversations |",
        "|---|---|",
        *(f"| {n} | {histogram[n]} |" for n in sorted(histogram)),
        "",
    ]
    return "\n".join(lines)


def test_simulated_residents_all_reach_addresses_quickly_and_only_eligible_ones(demo_bot: RunningBot) -> None:
    rules = read_rules(ROOT / "services_catalogue")
    residents = [Resident(FIRST_SEED + i) for i in range(RESIDENTS)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda r: converse(demo_bot, r, rules), residents))
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report(outcomes), encoding="utf-8")
    failed = [o for o in outcomes if o.problems]
    assert not failed, f"{len(failed)} of {len(outcomes)} residents:\n\n" + "\n\n".join(
        "; ".join(o.problems) + "\n" + o.story() for o in failed[:8])
    after_first = [o.turns - 1 for o in outcomes]
    assert statistics.median(after_first) <= 4, report(outcomes)


def test_the_generator_draws_varied_residents() -> None:
    """The simulation covers what it claims: many communes, answers, obstacles and statuses."""
    residents = [Resident(FIRST_SEED + i) for i in range(RESIDENTS)]
    assert len({r.commune for r in residents}) >= 15
    assert {r.quartier_kind for r in residents} == {"known", "unknown", "street", "dont_know"}
    assert sum(bool(r.freins) for r in residents) > RESIDENTS / 3
    assert sum(r.statuses["beneficiaire_rsa"] for r in residents) > RESIDENTS / 10
    assert sum(r.statuses["rqth"] for r in residents) > 5
    assert len({r.first_message() for r in residents}) > RESIDENTS / 2
    assert Resident(FIRST_SEED).__dict__.keys() == Resident(FIRST_SEED).__dict__.keys()
    assert repr(Resident(FIRST_SEED)) == repr(Resident(FIRST_SEED))  # a seed replays


def test_the_independent_reading_of_the_rules() -> None:
    assert len(read_rules(ROOT / "services_catalogue")) >= 60
    resident = Resident(FIRST_SEED)
    resident.age, resident.code_insee, resident.quartier = 40, "93048", None
    resident.statuses = dict.fromkeys(resident.statuses, False)
    assert why_not_eligible(Rules(("france",), None, None, (), ()), resident) is None
    assert why_not_eligible(Rules(("93",), None, None, (), ()), resident) is None
    assert "zone" in why_not_eligible(Rules(("93001",), None, None, (), ()), resident)
    assert "âgé" in why_not_eligible(Rules(("93",), 16, 25, (), ()), resident)
    assert "rsa" in why_not_eligible(Rules(("93",), None, None, ("rsa",), ()), resident)
    assert "quartier" in why_not_eligible(Rules(("93048",), None, None, (), ("La Noue",)), resident)
    resident.quartier = "la noue"
    assert why_not_eligible(Rules(("93048",), None, None, (), ("La Noue",)), resident) is None
