#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and media folder.
#
#   scripts/restore.sh DUMP MEDIA_TAR   with DATABASE_URL (the new, empty database) and MEDIA_ROOT set
#
# Then start the app as usual (its entrypoint migrates nothing that is already there).
set -euo pipefail
dump=${1:?usage: scripts/restore.sh DUMP MEDIA_TAR}
media_tar=${2:?usage: scripts/restore.sh DUMP MEDIA_TAR}
: "${DATABASE_URL:?DATABASE_URL must point at the new, empty PostgreSQL database}"
media=${MEDIA_ROOT:-var/media}
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$dump"
mkdir -p "$media"
tar -xzf "$media_tar" -C "$media"
echo "restored $dump and $media_tar"
