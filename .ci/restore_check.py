"""After scripts/backup.sh and scripts/restore.sh: every table has the same rows in the restored database, and
every media file is there with the same bytes. Prints what it compared; exits 1 on any difference.

    python .ci/restore_check.py ORIGINAL_DB_URL RESTORED_DB_URL ORIGINAL_MEDIA RESTORED_MEDIA
"""

import hashlib
import pathlib
import sys

import psycopg

original_url, restored_url, original_media, restored_media = sys.argv[1:5]


def tables(conn):
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    return [name for (name,) in rows]


def digest(conn, table):
    # Every row, in a stable order, as text: same digest means the same rows.
    rows = conn.execute(f'SELECT t::text FROM "{table}" t ORDER BY t::text').fetchall()  # noqa: S608 (catalog names)
    return len(rows), hashlib.sha256("\\n".join(r for (r,) in rows).encode()).hexdigest()


def files(root):
    base = pathlib.Path(root)
    return {
        str(p.relative_to(base)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in base.rglob("*")
        if p.is_file()
    }


with psycopg.connect(original_url) as original, psycopg.connect(restored_url) as restored:
    names = tables(original)
    differ = [t for t in names if digest(original, t) != digest(restored, t)]
    total = sum(digest(original, t)[0] for t in names)
media_before, media_after = files(original_media), files(restored_media)
print(f"compared {len(names)} tables ({total} rows) and {len(media_before)} media files")
if tables_missing := set(names) - set(tables(psycopg.connect(restored_url))):
    differ += sorted(tables_missing)
if differ or media_before != media_after or not media_before or total == 0:
    print("restore differs:", differ, sorted(set(media_before) ^ set(media_after))[:10])
    sys.exit(1)
print("ok   the restored database and media are identical to the backup's source")
