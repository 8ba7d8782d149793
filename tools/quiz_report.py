"""Per quiz bank: how many questions, the share above recall, the share whose right answer is the longest
choice, and where the shuffled right answer lands over many students (it should be near uniform).

Usage: ``python tools/quiz_report.py [--students 200]``. The figures a maintainer reports when a bank changes.
"""

from __future__ import annotations

import argparse
from collections import Counter

from entente_course import quiz


def report(students: int) -> list[str]:
    lines = ["bank  questions  above recall  answer longest  right answer at 1/2/3/4 (single-answer, % of seeds)"]
    for lesson, bank in sorted(quiz.banks().items()):
        qs = bank.questions
        above = sum(q.level != "recall" for q in qs)
        with_choices = [q for q in qs if q.choices]
        longest = sum(
            len(q.answer) == 1 and len(q.answer[0]) == max(len(c.text) for c in q.choices) for q in with_choices
        )
        spots: Counter[int] = Counter()
        singles = [q for q in qs if q.kind == "one"]
        for seed in range(students):
            for q in singles:
                spots[quiz.order(bank, q, student=f"student-{seed}").index(q.answer[0])] += 1
        total = sum(spots.values()) or 1
        spread = "/".join(f"{100 * spots[i] / total:.0f}" for i in range(max(spots, default=-1) + 1))
        lines.append(f"{lesson:4}  {len(qs):9}  {above / len(qs):12.0%}  {longest}/{len(with_choices):<13}  {spread}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200, help="how many student seeds (default 200)")
    print("\n".join(report(parser.parse_args().students)))


if __name__ == "__main__":
    main()
