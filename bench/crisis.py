"""Crisis words: how many real-life messages are caught, and how many harmless ones alarm.

Run: python bench/crisis.py [--misses]

Reads the corpus in tests/flows/crisis_corpus/<language>.yaml (messages written as people
write them, in each shipped language) and prints, per language and topic, the share of
crisis messages read as their topic (hit rate), and per language the share of everyday
messages read as a crisis (false alarms). Goals: hits >= 95%, false alarms <= 3%.
With --misses it lists what was missed or raised a false alarm, for whoever edits the
patterns in flows/crisis_words.yaml.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/crisis.py`, this folder must not shadow the project's packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import time  # noqa: E402

from directory.yamlsource import load_file  # noqa: E402
from flows.crisis import TOPICS, CrisisDetector  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "flows" / "crisis_corpus"
HIT_GOAL, FALSE_ALARM_GOAL = 0.95, 0.03


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list each miss and false alarm")
    show_misses = parser.parse_args().misses
    detector = CrisisDetector.load()
    met = True
    all_hits = all_total = all_alarms = all_ordinary = 0
    seconds = 0.0
    header = f"{'language':<9}" + "".join(f"{t:>17}" for t in TOPICS) + f"{'false alarms':>17}"
    print(header)
    for file in sorted(CORPUS.glob("*.yaml")):
        corpus = load_file(file)
        cells, notes = [], []
        for topic in TOPICS:
            phrases = corpus["must_trigger"][topic]
            started = time.perf_counter()
            found = [detector.detect(p) for p in phrases]
            seconds += time.perf_counter() - started
            hits = sum(f == topic for f in found)
            all_hits, all_total = all_hits + hits, all_total + len(phrases)
            met &= hits / len(phrases) >= HIT_GOAL
            cells.append(f"{hits}/{len(phrases)} {hits / len(phrases):5.0%}")
            notes += [
                f"  missed ({topic}, read as {f}): {p}"
                for p, f in zip(phrases, found, strict=True)
                if f != topic
            ]
        ordinary = corpus["must_not"]
        started = time.perf_counter()
        alarms = [(p, t) for p in ordinary if (t := detector.detect(p))]
        seconds += time.perf_counter() - started
        all_alarms, all_ordinary = all_alarms + len(alarms), all_ordinary + len(ordinary)
        met &= len(alarms) / len(ordinary) <= FALSE_ALARM_GOAL
        notes += [f"  false alarm ({t}): {p}" for p, t in alarms]
        cells.append(f"{len(alarms)}/{len(ordinary)} {len(alarms) / len(ordinary):5.0%}")
        print(f"{file.stem:<9}" + "".join(f"{c:>17}" for c in cells))
        if show_misses and notes:
            print("\n".join(notes))
    messages = all_total + all_ordinary
    print(
        f"\nall: hits {all_hits}/{all_total} ({all_hits / all_total:.1%}), "
        f"false alarms {all_alarms}/{all_ordinary} ({all_alarms / all_ordinary:.1%}); "
        f"{seconds / messages * 1e6:.0f} µs a message"
    )
    print(
        "goals met"
        if met
        else f"goals NOT met (hits >= {HIT_GOAL:.0%}, false alarms <= {FALSE_ALARM_GOAL:.0%} in each)"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
