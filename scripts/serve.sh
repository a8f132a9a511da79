#!/usr/bin/env bash
# The production profile on this machine: DEBUG off, gunicorn, whitenoise serving the
# collected, compressed static files. Loopback only, plain http (no TLS on 127.0.0.1).
#
#   scripts/serve.sh                  # http://127.0.0.1:8001
#   PORT=8021 scripts/serve.sh        # another port
#
# Takes DATABASE_URL and REDIS_URL from the environment like production does; a secret
# key is generated once into var/secret_key (var/ is not in git).
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=127.0.0.1
PORT="${PORT:-8001}"
mkdir -p var
if [ ! -s var/secret_key ]; then
    (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))' > var/secret_key)
fi

export DEBUG=0
export SECRET_KEY="$(cat var/secret_key)"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SITE_URL="${SITE_URL:-http://$HOST:$PORT}"
# No TLS on loopback: no redirect to https. HSTS is only ever sent over https anyway.
export SECURE_SSL_REDIRECT=0
export GUNICORN_BIND="$HOST:$PORT"
# No proxy in front: gunicorn serves the uploads too, with the proxy's headers (core/media.py).
export SERVE_MEDIA="${SERVE_MEDIA:-1}"

.venv/bin/python manage.py migrate --no-input --verbosity 0
.venv/bin/python manage.py collectstatic --no-input --verbosity 0
echo "Profil de production sur http://$HOST:$PORT (Ctrl-C pour arrêter)"
exec .venv/bin/gunicorn --config gunicorn.conf.py agency.wsgi
