#!/usr/bin/env bash
# Restore a dump made by deploy/backup.sh into the database of DATABASE_URL.
#   deploy/restore.sh FILE.dump [--yes]
# The database's current contents are replaced (pg_restore --clean --if-exists), in one
# transaction: a failed restore leaves the database as it was. Stop the application and the
# worker first. The media archive next to the dump, if any, is restored with
#   tar -C "$MARSAD_MEDIA_ROOT" -xzf FILE-media.tar.gz
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set (source /etc/marsad/marsad.env)}"
dump=${1:?usage: restore.sh FILE.dump [--yes]}
[[ -f "$dump" ]] || { echo "no such file: $dump" >&2; exit 2; }
pg_restore --list "$dump" >/dev/null
if [[ "${2:-}" != "--yes" ]]; then
    read -r -p "Replace the contents of the database in DATABASE_URL with $dump? [y/N] " answer
    [[ "$answer" == [yY] ]] || { echo "nothing done"; exit 1; }
fi
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
    --exit-on-error --dbname="$DATABASE_URL" "$dump"
echo "restored $dump"
echo "then: manage.py migrate --no-input (if the code is newer than the dump), start the services"
