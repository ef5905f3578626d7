"""Print the mutation score of each rule module from mutmut's results (mutants/*.meta), after `mutmut run`.

Killed (or timed out) mutants count for the tests; survivors and mutants no test reaches count against them;
equivalent mutants (no behaviour changed), listed with their reason in tests/mutation-equivalents.md, are left
out. Mutants not yet checked (an interrupted run) are reported, not scored. Exits 1 below --fail-under.
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tests" / "mutation-equivalents.md"
KILLED = {1, 3, 24, -24, 36, 152, 255}  # mutmut's exit codes for killed and timed out
NOT_KILLED = {0, 5, 33}  # survived; no test reaches it


def equivalent_mutants(path: Path = EQUIVALENTS) -> set[str]:
    """Mutant names written as `module.x_function__mutmut_N` in the list."""
    if not path.exists():
        return set()
    return set(re.findall(r"`([\w.ǁ]+__mutmut_\d+)`", path.read_text(encoding="utf-8")))


def module_results(mutants: Path) -> dict[str, dict[str, int]]:
    equivalent = equivalent_mutants()
    results: dict[str, dict[str, int]] = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        module = meta.relative_to(mutants).as_posix().removesuffix(".meta")
        counts: Counter = Counter()
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            if name in equivalent:
                counts["equivalent"] += 1
            elif code is None:
                counts["not checked"] += 1
            elif code in KILLED:
                counts["killed"] += 1
            elif code in NOT_KILLED:
                counts["survived"] += 1
            else:
                counts["other"] += 1  # suspicious, segfault, interrupted: look at them with `mutmut browse`
        results[module] = dict(counts)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--mutants", default=str(ROOT / "mutants"), help="mutmut's folder (default: mutants/)"
    )
    parser.add_argument("--fail-under", type=float, default=0.0, help="exit 1 if a module scores below this")
    args = parser.parse_args()
    results = module_results(Path(args.mutants))
    if not results:
        print("No mutation results: run `make mutation` first.")
        return 1
    worst = 100.0
    print(f"{'module':40} {'killed':>7} {'survived':>9} {'equivalent':>11} {'unchecked':>10} {'score':>7}")
    for module, counts in results.items():
        killed, survived = counts.get("killed", 0), counts.get("survived", 0) + counts.get("other", 0)
        scored = killed + survived
        if not scored:
            continue
        score = 100 * killed / scored
        worst = min(worst, score)
        print(
            f"{module:40} {killed:>7} {survived:>9} {counts.get('equivalent', 0):>11} "
            f"{counts.get('not checked', 0):>10} {score:>6.1f}%"
        )
    return 1 if worst < args.fail_under else 0


if __name__ == "__main__":
    sys.exit(main())
