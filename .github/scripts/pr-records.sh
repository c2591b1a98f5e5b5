#!/usr/bin/env bash
# The `matrix pr` runs' records, carried into the night's history: each run of the pull request
# workflow (matrix-pr.yml) leaves its record (`history/pr/<run-id>.json`) as its `matrix-pr-record`
# artifact; this copies those of the last few runs of that workflow into DIR (reports/history/pr),
# where `matrix conclude` keeps them with the nights (the history artifact carries them on) and
# the dashboard's upstream view reads them. A record already there is the same run: replaced.
#
#   pr-records.sh DIR [WORKFLOW]    WORKFLOW: the pull request workflow's file (matrix-pr.yml)
#
# Never fails the job: no `gh`, no pull request run, or an unreachable API leaves a notice and the
# night goes on without them. Reads only variables every runner sets (GITHUB_REPOSITORY); runs at
# most PR_RECORD_RUNS (30) runs back, so more dispatches than that between two nights lose the oldest.
set -euo pipefail
dest="${1:?usage: pr-records.sh DIR [WORKFLOW]}"
workflow="${2:-matrix-pr.yml}"
runs="${PR_RECORD_RUNS:-30}"

say() { echo "::notice title=pull request records::$*" >&2; }
found=0
if ! command -v gh >/dev/null; then
  say "no gh on this runner: no pull request records"
elif [ -z "${GITHUB_REPOSITORY:-}" ]; then
  say "the runner names no repository: no pull request records"
else
  ids="$(gh run list --repo "$GITHUB_REPOSITORY" --workflow "$workflow" --limit "$runs" \
    --json databaseId --jq '.[].databaseId' 2>/dev/null || true)"
  mkdir -p "$dest"
  for id in $ids; do
    tmp="$(mktemp -d)"
    if gh run download "$id" --repo "$GITHUB_REPOSITORY" --name matrix-pr-record --dir "$tmp" 2>/dev/null; then
      for record in "$tmp"/*.json; do
        [ -f "$record" ] || continue
        cp -f "$record" "$dest/"
        found=$((found + 1))
      done
    fi
    rm -rf "$tmp"
  done
  [ "$found" -gt 0 ] || say "no run of $workflow left a matrix-pr-record artifact (none dispatched, or the API is unreachable)"
fi
echo "records=$found" >> "${GITHUB_OUTPUT:-/dev/null}"
