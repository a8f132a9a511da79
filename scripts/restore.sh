#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database and media folder named
# by the environment. Replaces what is there: run it on an empty database, or on the
# one to roll back, with the app servers stopped.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/agency/media scripts/restore.sh /backups/20261126T0400Z
#
# All or nothing on the database side: one transaction, stops at the first error.
set -euo pipefail

folder="${1:?usage: scripts/restore.sh BACKUP_FOLDER}"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to restore into}"
media_root="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"

(cd "$folder" && sha256sum --check --quiet SHA256SUMS)
pg_restore --no-owner --no-privileges --clean --if-exists --single-transaction \
    --exit-on-error --dbname="$DATABASE_URL" "$folder/database.dump"
mkdir -p "$media_root"
tar -C "$media_root" -xzf "$folder/media.tar.gz"
echo "Restauré depuis $folder"
