#!/usr/bin/env bash
# Back up Civic: the PostgreSQL database (pg_dump, custom format) and the media folder (uploads, H5P packages).
#
#   scripts/backup.sh DEST_DIR          with DATABASE_URL (postgres://...) and MEDIA_ROOT set as the app has them
#
# Writes DEST_DIR/civic-<UTC time>.dump and DEST_DIR/civic-<UTC time>-media.tar.gz, and prints both paths.
# Restore with scripts/restore.sh. Consistent while the site runs (pg_dump reads one snapshot; media files are
# only ever added under new names).
set -euo pipefail
dest=${1:?usage: scripts/backup.sh DEST_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
media=${MEDIA_ROOT:-var/media}
mkdir -p "$dest"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$dest/civic-$stamp.dump"
mkdir -p "$media"
tar -czf "$dest/civic-$stamp-media.tar.gz" -C "$media" .
echo "$dest/civic-$stamp.dump"
echo "$dest/civic-$stamp-media.tar.gz"
