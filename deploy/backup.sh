#!/usr/bin/env bash
# Back up Marsad's database (pg_dump, custom format) and, if asked, its media files.
#   deploy/backup.sh [DIRECTORY]          (default /var/backups/marsad)
# Reads DATABASE_URL (e.g. from /etc/marsad/marsad.env) and MARSAD_MEDIA_ROOT. Keeps the
# last MARSAD_BACKUP_KEEP dumps (default 14). Writes <dir>/marsad-<UTC time>.dump and,
# when MARSAD_MEDIA_ROOT is set, <dir>/marsad-<UTC time>-media.tar.gz.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set (source /etc/marsad/marsad.env)}"
dir=${1:-/var/backups/marsad}
keep=${MARSAD_BACKUP_KEEP:-14}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"
umask 077
dump="$dir/marsad-$stamp.dump"
# Custom format: compressed, restorable table by table, in parallel (pg_restore -j).
pg_dump --format=custom --no-owner --no-privileges --file="$dump.partial" "$DATABASE_URL"
pg_restore --list "$dump.partial" >/dev/null   # the dump can be read back
mv "$dump.partial" "$dump"
echo "database: $dump ($(du -h "$dump" | cut -f1))"
if [[ -n "${MARSAD_MEDIA_ROOT:-}" && -d "$MARSAD_MEDIA_ROOT" ]]; then
    tar -C "$MARSAD_MEDIA_ROOT" -czf "$dir/marsad-$stamp-media.tar.gz" .
    echo "media: $dir/marsad-$stamp-media.tar.gz"
fi
# Only the newest $keep dumps (and their media archives) are kept.
ls -1t "$dir"/marsad-*.dump 2>/dev/null | tail -n +$((keep + 1)) | while read -r old; do
    rm -f -- "$old" "${old%.dump}-media.tar.gz"
done
