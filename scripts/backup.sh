#!/usr/bin/env bash
# Back up the database and the uploaded media into one timestamped folder.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/agency/media scripts/backup.sh /backups
#
# Writes DEST/<UTC timestamp>/ with database.dump (pg_dump custom format: compressed,
# restorable table by table), media.tar.gz and SHA256SUMS; prints that folder. A
# consistent snapshot: pg_dump reads in one transaction while the site keeps running.
# Media on object storage (AWS_STORAGE_BUCKET_NAME) are backed up with the bucket's
# own versioning or a sync (docs/deploy.md), not by this script.
set -euo pipefail

dest_root="${1:?usage: scripts/backup.sh DESTINATION_FOLDER}"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
media_root="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"

folder="$dest_root/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$folder"
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" \
    --file="$folder/database.dump"
if [ -d "$media_root" ]; then
    tar -C "$media_root" -czf "$folder/media.tar.gz" .
else
    tar -czf "$folder/media.tar.gz" --files-from /dev/null
fi
(cd "$folder" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "$folder"
