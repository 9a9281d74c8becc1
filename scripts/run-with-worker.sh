#!/usr/bin/env bash
# `make run`: the development server and a background worker beside it, as one command.
# Ctrl-C (or SIGTERM to this script) stops both; when either stops on its own, so does the other.
# Usage: scripts/run-with-worker.sh <flask command...>  (HOST and PORT from the environment)
set -uo pipefail
flask=("$@")

"${flask[@]}" worker &
worker=$!
"${flask[@]}" run --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}" &
server=$!

stop() {
  trap - INT TERM
  kill -TERM "$server" "$worker" 2>/dev/null
  wait "$server" 2>/dev/null
  wait "$worker" 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

wait -n "$server" "$worker"
status=$?
stop
exit "$status"
