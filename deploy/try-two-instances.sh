#!/usr/bin/env bash
# Two Marsad instances behind nginx, a task worker, PostgreSQL and Redis on this machine's
# loopback, and the checks that nothing depends on which instance answers
# (docs/deployment.md). Needs nginx, openssl, psql and redis-cli (Debian:
# apt-get install -y nginx), PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on
# 127.0.0.1:6379. Uses the database marsad_deploy (made anew) and Redis database 11.
# Prints PASS/FAIL per check; exits 1 when one failed. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python deploy/try_two_instances.py "$@"
