"""Run every benchmark script in bench/ in turn; each prints its own figures. The exam-week benchmark and its
parts are not among them (`make bench-exam`)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name.startswith(("_", "exam_week")) or script.name == "run.py":
            continue
        print(f"\n### {script.name}", flush=True)
        failed += subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
