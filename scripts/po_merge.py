"""git merge driver for gettext catalogues: a three-way merge entry by entry.

    git config merge.po.driver "scripts/po-merge-driver %O %A %B"   (runs this with the project's .venv)

Every entry of both sides is kept. Where one side changed a translation (or its flags) and the other did not, the
change wins; where both changed it, ours is kept. An entry one side removed and the other left alone stays
removed. The result is written over %A (ours). Needs only polib (installed with the project's dev extras)."""

import sys

import polib


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def value(entry):
    return (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())), tuple(sorted(entry.flags)))


def main(base_path: str, ours_path: str, theirs_path: str) -> int:
    base = {key(e): e for e in polib.pofile(base_path)}
    ours = polib.pofile(ours_path)
    theirs = {key(e): e for e in polib.pofile(theirs_path)}
    ours_keys = {key(e) for e in ours}
    for entry in ours:
        other = theirs.get(key(entry))
        old = base.get(key(entry))
        if other is None or value(other) == value(entry):
            continue
        if old is not None and value(entry) == value(old):  # only theirs changed it
            entry.msgstr = other.msgstr
            entry.msgstr_plural = dict(other.msgstr_plural)
            entry.flags = list(other.flags)
    for k, entry in theirs.items():
        if k in ours_keys:
            continue
        old = base.get(k)
        if old is not None and value(old) == value(entry):
            continue  # ours removed it and theirs did not touch it
        ours.append(entry)
    ours.save(ours_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
