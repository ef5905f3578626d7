"""Install front-end packages with npm and copy what we serve into frontend/static/vendor/ (no CDN)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
VENDOR = FRONTEND / "static" / "vendor"

# package -> (folder inside the package, destination under vendor/)
COPIES = {
    "h5p-standalone": ("dist", "h5p-standalone"),
    # Accessibility checks in the end-to-end tests inject it from our static files; no page loads it.
    "axe-core": (".", "axe-core"),
    # The organiser's check-in page reads QR codes from the phone's camera with it.
    "jsqr": ("dist", "jsqr"),
}


def main() -> int:
    lock = FRONTEND / "package-lock.json"
    stamp = FRONTEND / "node_modules" / ".civic-installed"
    manifest = lock if lock.exists() else FRONTEND / "package.json"
    if not stamp.exists() or stamp.stat().st_mtime < manifest.stat().st_mtime:
        # h5p-standalone's install script fetches things we neither need nor can reach.
        cmd = ["npm", "ci" if lock.exists() else "install", "--ignore-scripts", "--no-audit", "--no-fund"]
        subprocess.run(cmd, cwd=FRONTEND, check=True)
        stamp.touch()
    for package, (folder, dest) in COPIES.items():
        src = FRONTEND / "node_modules" / package / folder
        if not src.exists():
            continue
        target = VENDOR / dest
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(src, target)
    print("Front-end assets ready.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
