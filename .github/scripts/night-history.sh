#!/usr/bin/env bash
# The history carried from earlier nights: the `matrix-history` artifacts of the last few runs of
# this workflow (`gh run download`, with `actions: read`). Each artifact is the whole merged
# history as that night's triage left it.
#
#   night-history.sh newest DIR     the newest one found, into DIR (find-bisects: reports/history,
#                                   where `plan --bisects` reads the breakages already bisected)
#   night-history.sh each PREFIX    each one into PREFIX-<run id>/, and the step output `merge`:
#                                   `--merge PREFIX-<id> ...` for `matrix report` (triage: a night
#                                   whose triage failed loses nothing, history grows by whole runs)
#
# Never fails the job: no earlier night (the first one), no `gh`, or an unreachable API leaves a
# notice saying what is missing, and the night goes on without it. Reads only variables that every
# runner sets (GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_WORKFLOW); GITHUB_WORKFLOW_REF (not set by
# every runner: older GHES, act, some workflow_call callers) only when present.
set -euo pipefail
mode="${1:?usage: night-history.sh newest DIR | each PREFIX}"
dest="${2:?usage: night-history.sh newest DIR | each PREFIX}"

say() { echo "::notice title=history::$*" >&2; }
# The calling workflow's file when the runner names it, else its name: `gh --workflow` takes both.
ref="${GITHUB_WORKFLOW_REF:-}"
workflow="${ref%@*}"
workflow="${workflow##*/}"
workflow="${workflow:-${GITHUB_WORKFLOW:-}}"
merge=""
found=0
if ! command -v gh >/dev/null; then
  say "no gh on this runner: no earlier nights' history"
elif [ -z "$workflow" ] || [ -z "${GITHUB_REPOSITORY:-}" ]; then
  say "the runner names no workflow or repository: no earlier nights' history"
else
  ids="$(gh run list --repo "$GITHUB_REPOSITORY" --workflow "$workflow" --limit 6 \
    --json databaseId --jq '.[].databaseId' 2>/dev/null || true)"
  for id in $ids; do
    [ "$id" != "${GITHUB_RUN_ID:-}" ] || continue
    case "$mode" in
      newest) dir="$dest" ;;
      each) dir="$dest-$id" ;;
      *) echo "night-history.sh: unknown mode '$mode' (newest or each)" >&2; exit 2 ;;
    esac
    if gh run download "$id" --repo "$GITHUB_REPOSITORY" --name matrix-history --dir "$dir" 2>/dev/null; then
      found=$((found + 1))
      merge="$merge --merge $dir"
      [ "$mode" != newest ] || break
    fi
  done
  [ "$found" -gt 0 ] || say "no earlier night of $workflow left a matrix-history artifact (the first night, or the API is unreachable)"
fi
echo "nights=$found" >> "${GITHUB_OUTPUT:-/dev/null}"
echo "merge=$merge" >> "${GITHUB_OUTPUT:-/dev/null}"
