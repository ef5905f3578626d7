"""Print pyproject.toml's pinned requirements, one a line, for `pip install -r` (used by docker/Dockerfile).

pyproject.toml has `packages = []`, so `pip install .` would install nothing of ours; the image installs
the dependency list and copies the source instead.

    python pyproject_requirements.py                          # [project] dependencies
    python pyproject_requirements.py --extra dev --only polib # one package from an optional extra
"""

import argparse
import re
import sys
import tomllib
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyproject", default=None, help="path to pyproject.toml (default: found upwards)")
    parser.add_argument("--extra", help="an optional-dependencies group instead of the main dependencies")
    parser.add_argument("--only", action="append", default=[], help="keep only this package (repeatable)")
    args = parser.parse_args()

    path = Path(args.pyproject) if args.pyproject else _find()
    project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
    reqs = project["optional-dependencies"][args.extra] if args.extra else project["dependencies"]
    if args.only:
        wanted = {_canonical(name) for name in args.only}
        reqs = [r for r in reqs if _canonical(re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0]) in wanted]
        missing = wanted - {_canonical(re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0]) for r in reqs}
        if missing:
            print(f"not in pyproject.toml: {', '.join(sorted(missing))}", file=sys.stderr)
            return 1
    print("\n".join(reqs))
    return 0


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _find() -> Path:
    for folder in (Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parent.parent):
        if (folder / "pyproject.toml").exists():
            return folder / "pyproject.toml"
    raise SystemExit("pyproject.toml not found")


if __name__ == "__main__":
    sys.exit(main())
