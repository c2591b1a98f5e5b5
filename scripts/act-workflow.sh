#!/usr/bin/env bash
# act-workflow.sh: runs one GitHub Actions workflow of a repository under nektos/act, on this
# host (no Docker), offline from github.com: the nightly, ci.yml, matrix-pr.yml, or the workflows
# `matrix init --workflow` writes into a wrapper's repository. docs/github-actions.md, "Running
# the workflows locally under act", says what is faked and why.
#
#   scripts/act-workflow.sh WORKFLOW [ACT ARGS...]    e.g. --input variants=pinned
#
# WORKFLOW is a file of CHECKOUT (relative to it, or absolute inside it). Environment:
#   MIRRORS       folder of the actions' git mirrors, owner+name[/repo] (the `fetch` tool's layout). Required
#   CHECKOUT      the repository whose workflow runs (default: the current directory)
#   HARNESS       this harness's checkout, served as HARNESS_SLUG to `uses: SLUG/...@REF` and to
#                 checkouts of `repository: SLUG` (default: the repository of this script)
#   HARNESS_SLUG  default: package.json's repository of HARNESS, else matrix-ci/matrix
#   REPO_SLUG     owner/name the run pretends to be (default: HARNESS_SLUG when CHECKOUT is HARNESS,
#                 else local/<folder name>)
#   EVENT         default workflow_dispatch
#   GIT_URLS      more "URL=PATH" pairs (space-separated): git fetches of URL go to PATH (a local upstream)
#   T             scratch folder (default: mktemp -d); ACT, ACT_VERSION (default v0.2.89)
#   ACTIONS       folder of exported actions to reuse between runs (default: $T/actions)
# Both checkouts are snapshotted (their working trees as one commit each); the harness's commit
# is printed, and a workflow pinned to another commit of the harness fails its checkout.
# Exit: act's. Last line: "OK: ..." or "FAIL: ..." with each job's result and wall time, and the
# harness set-up steps' (checkouts, setup-node, the harness install or unpack) time per job.
set -euo pipefail
{ # read whole before it runs: an edit of this file during a run does not change that run
fail() { echo "FAIL: $*"; exit 1; }
note() { echo "act-workflow: $*" >&2; }

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WF="${1:?usage: act-workflow.sh WORKFLOW [ACT ARGS...]}"
shift
CHECKOUT="$(cd "${CHECKOUT:-.}" && pwd)"
HARNESS="$(cd "${HARNESS:-$HERE}" && pwd)"
case "$WF" in /*) WF="${WF#"$CHECKOUT"/}" ;; esac
[ -f "$CHECKOUT/$WF" ] || fail "no workflow $WF in $CHECKOUT"
MIRRORS="${MIRRORS:?set MIRRORS to the folder of fetched action mirrors}"
ACT_VERSION="${ACT_VERSION:-v0.2.89}"
EVENT="${EVENT:-workflow_dispatch}"
T="$(mkdir -p "${T:-$(mktemp -d)}" && cd "${T:-.}" && pwd)"
note "scratch: $T"

act_ok() { [ -x "$1" ] && "$1" --version 2>/dev/null | grep -q "${ACT_VERSION#v}"; }
if [ -z "${ACT:-}" ]; then
  if command -v act >/dev/null && act_ok "$(command -v act)"; then ACT="$(command -v act)"
  else
    act_ok "$T/bin/act" || GOBIN="$T/bin" go install "github.com/nektos/act@$ACT_VERSION" >"$T/act-build.log" 2>&1 ||
      fail "go install github.com/nektos/act@$ACT_VERSION failed (see $T/act-build.log)"
    ACT="$T/bin/act"
  fi
fi
act_ok "$ACT" || fail "$ACT is not act $ACT_VERSION"

# --- snapshots: a checkout's working tree (uncommitted files included) as one commit ------------
snapshot() { # src dest -> prints the commit
  local src="$1" dest="$2"
  rm -rf "$dest"
  git clone -q --no-local "$src" "$dest" 2>/dev/null || git clone -q "$src" "$dest"
  git -C "$dest" checkout -q -B "$(git -C "$src" symbolic-ref --short -q HEAD || echo main)" "$(git -C "$src" rev-parse HEAD)"
  (cd "$dest" && git ls-files -z | xargs -0 -r rm -f)
  (cd "$src" && git ls-files -z -c -o --exclude-standard | while IFS= read -r -d '' f; do
    if [ -e "$f" ] || [ -L "$f" ]; then mkdir -p "$dest/$(dirname "$f")" && cp -a "$f" "$dest/$f"; fi
  done)
  git -C "$dest" add -A
  git -C "$dest" diff --cached --quiet ||
    git -C "$dest" -c user.name=act-workflow -c user.email=act@localhost commit -q -m "act-workflow: working tree of $src"
  git -C "$dest" rev-parse HEAD
}
slug_of() { # checkout -> owner/name from package.json's repository, or nothing
  [ -f "$1/package.json" ] || return 0
  node -e 'const r=require(process.argv[1]).repository;const u=typeof r==="string"?r:(r&&r.url)||"";const m=u.match(/github\.com[:/]([^/]+\/[^/.]+)/);process.stdout.write(m?m[1]:"")' "$1/package.json"
}
HSHA="$(snapshot "$HARNESS" "$T/harness")"
HARNESS_SLUG="${HARNESS_SLUG:-$(slug_of "$HARNESS")}"
HARNESS_SLUG="${HARNESS_SLUG:-matrix-ci/matrix}"
if [ "$CHECKOUT" = "$HARNESS" ]; then REPO="$T/harness" SHA="$HSHA" REPO_SLUG="${REPO_SLUG:-$HARNESS_SLUG}"
else REPO="$T/repo" SHA="$(snapshot "$CHECKOUT" "$T/repo")" REPO_SLUG="${REPO_SLUG:-local/$(basename "$CHECKOUT")}"; fi
branch="$(git -C "$REPO" symbolic-ref --short -q HEAD || echo main)"
note "workflow $WF of $REPO_SLUG @ $SHA; harness $HARNESS_SLUG @ $HSHA"

# --- git: the harness, this repository and any local upstream, from local folders ----------------
mkdir -p "$T/gitsrv/${HARNESS_SLUG%/*}" "$T/gitsrv/${REPO_SLUG%/*}"
ln -sfn "$T/harness" "$T/gitsrv/$HARNESS_SLUG"
ln -sfn "$REPO" "$T/gitsrv/$REPO_SLUG"
{
  [ ! -f "$HOME/.gitconfig" ] || printf '[include]\n\tpath = %s\n' "$HOME/.gitconfig"
  for s in $(printf '%s\n' "$HARNESS_SLUG" "$REPO_SLUG" | sort -u); do printf '[url "%s"]\n\tinsteadOf = https://github.com/%s\n' "$T/gitsrv/$s" "$s"; done
  for pair in ${GIT_URLS:-}; do printf '[url "%s"]\n\tinsteadOf = %s\n' "${pair#*=}" "${pair%%=*}"; done
  printf '[uploadpack]\n\tallowAnySHA1InWant = true\n[protocol "file"]\n\tallow = always\n'
} >"$T/gitconfig"
export GIT_CONFIG_GLOBAL="$T/gitconfig"

# --- actions and remote reusable workflows: the harness's from its snapshot, others from MIRRORS --
mirror_of() {
  local d="$MIRRORS/${1%%/*}+${1#*/}"
  if [ -d "$d/repo" ] && git --git-dir="$d/repo" rev-parse --git-dir >/dev/null 2>&1; then echo "$d/repo"
  elif [ -d "$d" ] && git --git-dir="$d" rev-parse --git-dir >/dev/null 2>&1; then echo "$d"; fi
}
uses_in() {
  sed -nE 's/^[[:space:]]*(-[[:space:]]+)?uses:[[:space:]]*["'\'']?([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)(\/[^@"'\'' ]*)?@([^"'\'' #]+).*/\2@\4/p' "$@" | sort -u
}
local_calls() { # workflow files -> the local reusable workflows they call
  sed -nE 's/^[[:space:]]*uses:[[:space:]]*\.\/(\.github\/workflows\/[^@ ]+\.ya?ml).*/\1/p' "$@" | sort -u
}
# A mirror's commit into a folder; bundles its snapshot lacks (big dist/*.js) rebuilt with the
# action's own ncc script from the same commit (npm registry needed).
export_action() { # mirror commit dir
  local m="$1" commit="$2" dir="$3" lost=() mode type obj path script
  rm -rf "$dir" && mkdir -p "$dir"
  while IFS=$'\t' read -r meta path; do
    read -r mode type obj <<<"$meta"
    [ "$type" = blob ] || continue
    mkdir -p "$dir/$(dirname "$path")"
    if ! git --git-dir="$m" cat-file -e "$obj" 2>/dev/null; then lost+=("$path")
    elif [ "$mode" = 120000 ]; then ln -s "$(git --git-dir="$m" cat-file blob "$obj")" "$dir/$path"
    else git --git-dir="$m" cat-file blob "$obj" >"$dir/$path"; [ "$mode" != 100755 ] || chmod +x "$dir/$path"; fi
  done < <(git --git-dir="$m" ls-tree -r "$commit")
  [ "${#lost[@]}" -gt 0 ] || return 0
  note "$dir: rebuilding ${lost[*]} from source"
  script="$(cd "$dir" && node -e 'const s=require("./package.json").scripts||{};for(const k of ["release","package","prepare","build"])if(s[k]&&/\bncc\b/.test(s[k])){console.log(k);break}' 2>/dev/null || true)"
  [ -n "$script" ] || return 1
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts && { npm run "$script" || true; }) >"$dir.log" 2>&1 || return 1
  rm -rf "$dir/node_modules"
  for path in "${lost[@]}"; do case "$path" in *.map | *.txt) ;; *) [ -s "$dir/$path" ] || return 1 ;; esac; done
}
files=("$REPO/$WF" "$T/harness/action.yml") # the harness's action runs as ./.matrix-harness too
for w in $(local_calls "$REPO/$WF"); do files+=("$REPO/$w"); done
[ ! -f "$REPO/action.yml" ] || files+=("$REPO/action.yml")
LOCAL_REPOS=()
declare -A seen=()
missing=()
queue=($(uses_in "${files[@]}"))
while [ "${#queue[@]}" -gt 0 ]; do
  a="${queue[0]}" && queue=("${queue[@]:1}")
  [ -z "${seen[$a]:-}" ] || continue
  seen[$a]=1
  name="${a%@*}" ref="${a#*@}"
  if [ "$name" = "$HARNESS_SLUG" ]; then # its reusable workflows and action, as the snapshot has them
    [ "$ref" = "$HSHA" ] || note "warning: $a is not the harness snapshot's commit $HSHA: served from it anyway"
    LOCAL_REPOS+=(--local-repository "$a=$T/harness")
    mapfile -t more < <(uses_in "$T/harness"/.github/workflows/*.yml "$T/harness/action.yml")
    queue+=("${more[@]}")
    continue
  fi
  m="$(mirror_of "$name")"
  [ -n "$m" ] || { missing+=("${name/\//+} (for $a)"); continue; }
  commit="$(git --git-dir="$m" rev-parse -q --verify "$ref^{commit}" 2>/dev/null || true)"
  [ -n "$commit" ] || { missing+=("$a (ref not in $m)"); continue; }
  dir="${ACTIONS:-$T/actions}/${name/\//+}@$commit"
  if [ ! -f "$dir/.complete" ]; then
    export_action "$m" "$commit" "$dir" || note "warning: $a could not be rebuilt (see $dir.log): its steps will fail"
    touch "$dir/.complete"
  fi
  LOCAL_REPOS+=(--local-repository "$a=$dir")
  mapfile -t more < <(find "$dir" -maxdepth 3 \( -name action.yml -o -name action.yaml \) -print0 | xargs -0 -r cat | uses_in /dev/stdin)
  queue+=("${more[@]}")
done
[ "${#missing[@]}" -eq 0 ] || fail "action mirrors missing under MIRRORS=$MIRRORS: ${missing[*]}"

# --- the hosted runner's tool cache: the host's node, so setup-node downloads nothing -------------
nodever="$(node -p 'process.versions.node')"
nodedir="$T/actcache/tool_cache/node/$nodever/x64"
if [ ! -f "$nodedir.complete" ]; then
  mkdir -p "$nodedir/bin" "$nodedir/lib"
  ln -sfn "$(readlink -f "$(command -v node)")" "$nodedir/bin/node"
  nodemods="$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")")"
  [ -d "$nodemods/npm" ] || fail "cannot find npm's node_modules next to $(command -v npm)"
  ln -sfn "$nodemods" "$nodedir/lib/node_modules"
  ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$nodedir/bin/npm"
  ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$nodedir/bin/npx"
  touch "$nodedir.complete"
fi

# ... and the host's python3, so setup-python (python-version: its major.minor) downloads nothing.
pyver="$(python3 -c 'import platform; print(platform.python_version())')"
pydir="$T/actcache/tool_cache/Python/$pyver/x64"
if [ ! -f "$pydir.complete" ]; then # its whole prefix (bin/, lib/), not a shim on PATH
  mkdir -p "$(dirname "$pydir")"
  ln -sfn "$(python3 -c 'import sys; print(sys.prefix)')" "$pydir"
  [ -x "$pydir/bin/python3" ] || fail "python3's prefix has no bin/python3"
  [ -e "$pydir/bin/python" ] || note "warning: python3's prefix has no bin/python"
  touch "$pydir.complete"
fi

# --- every runs-on label of the workflows and of the matrix files -> this host -----------------
labels="ubuntu-latest ubuntu-24.04 ubuntu-22.04 self-hosted linux gpu x64"
for f in "${files[@]}" "$REPO"/matrix.yml "$REPO"/matrices/*.yml "$T"/harness/.github/workflows/*.yml; do
  [ -f "$f" ] || continue
  labels="$labels $(grep -hoE 'runs-on:.*' "$f" | grep -v '\${{' | sed -E 's/runs-on:[[:space:]]*//; s/#.*//; s/[][,"'\'']/ /g' || true)"
done
PLATFORMS=()
for l in $(printf '%s\n' $labels | tr 'A-Z' 'a-z' | sort -u); do PLATFORMS+=(-P "$l=-self-hosted"); done

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
RUN_ID="$(( ($(date +%s) % 900000000) + 1000000000 ))"
rm -rf "$T/artifacts" && mkdir -p "$T/artifacts" "$T/cache"
note "running act (log: $T/act.jsonl)"
start=$(date +%s)
set +e
"$ACT" "$EVENT" -C "$REPO" -W "$REPO/$WF" "${PLATFORMS[@]}" \
  --action-cache-path "$T/actcache" \
  --artifact-server-path "$T/artifacts" --artifact-server-addr 127.0.0.1 --artifact-server-port "$(free_port)" \
  --cache-server-path "$T/cache" --cache-server-addr 127.0.0.1 --cache-server-port "$(free_port)" \
  "${LOCAL_REPOS[@]}" \
  --env "GITHUB_REPOSITORY=$REPO_SLUG" --env "GITHUB_REPOSITORY_OWNER=${REPO_SLUG%/*}" \
  --env "GITHUB_WORKFLOW_REF=$REPO_SLUG/$WF@refs/heads/$branch" --env "GITHUB_WORKFLOW_SHA=$SHA" \
  --env "GITHUB_RUN_ID=$RUN_ID" --env "GITHUB_RUN_NUMBER=1" --env "GITHUB_RUN_ATTEMPT=1" \
  -s GITHUB_TOKEN=act-dummy-token \
  --json "$@" >"$T/act.jsonl" 2>"$T/act.stderr"
rc=$?
set -e
wall=$(( $(date +%s) - start ))
echo "$rc" >"$T/act.rc"

# --- each job's result and time, and its harness set-up steps' ----------------------------------
python3 - "$T/act.jsonl" "$rc" "$wall" "$T/artifacts" <<'PY'
import json, os, re, sys
from datetime import datetime
log, rc, wall, artdir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def ts(s):
    return datetime.fromisoformat(re.sub(r"(\.\d{6})\d*", r"\1", s).replace("Z", "+00:00")).timestamp()
jobs, steps = {}, {}
# The harness set-up: the checkouts, Node, and the harness's install (or unpack) or npm ci.
SETUP = re.compile(r"actions/checkout|actions/setup-node|Install the harness|^npm ci")
def took(msg):  # act's "[1m2.5s]" / "[350ms]" at the end of a step's result line
    m = re.search(r"\[(?:(\d+)h)?(?:(\d+)m)?([\d.]+)(ms|s|µs|ns)\]\s*$", msg)
    if not m:
        return None
    v = float(m.group(3)) * {"ms": 1e-3, "s": 1, "µs": 1e-6, "ns": 1e-9}[m.group(4)]
    return v + 60 * int(m.group(2) or 0) + 3600 * int(m.group(1) or 0)
for line in open(log, errors="replace"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    job = (e.get("job") or "").strip()
    if not job or "time" not in e:
        continue
    t = ts(e["time"])
    j = jobs.setdefault(job, {"first": t, "last": t, "result": None})
    j["first"], j["last"] = min(j["first"], t), max(j["last"], t)
    if "jobResult" in e:
        j["result"] = e["jobResult"]
    if e.get("stepResult") and e.get("stage") in ("Pre", "Main", "Post"):
        name = re.sub(r"^\W*\s*(Success|Failure|Skipped)\s*-\s*(Pre|Main|Post)\s*|\s*\[[^]]*\]\s*$", "", e.get("msg", "").strip())
        steps.setdefault(job, []).append((t, e["stage"], e["stepResult"], took(e.get("msg", "")), name))
bad = []
for name in sorted(jobs):
    j = jobs[name]
    own = steps.get(name, [])
    setup = sum(d or 0 for _, stage, _, d, n in own if stage == "Main" and SETUP.search(n))
    failed = [n for _, stage, r, _, n in own if r == "failure" and stage == "Main"]
    if not own and not j["result"]:
        print(f"job {name}: calls a reusable workflow (its jobs below)")
        continue
    print(f"job {name}: {j['result'] or 'unfinished'} in {j['last'] - j['first']:.0f}s (harness set-up {setup:.1f}s)"
          + (f"; failed: {'; '.join(dict.fromkeys(failed))}" if failed else ""))
    for _, stage, r, d, n in own:
        print(f"    {stage:4} {'' if d is None else f'{d:.1f}s':>8} {r:8} {n}")
    if j["result"] != "success" and (own or j["result"]):  # a caller of a remote reusable workflow logs no result
        bad.append(name)
arts = sorted({n for d in os.listdir(artdir) for n in os.listdir(os.path.join(artdir, d))}) if os.path.isdir(artdir) else []
print(f"artifacts: {' '.join(arts) or 'none'}")
verdict = "OK" if rc == 0 and not bad and jobs else "FAIL"
print(f"{verdict}: act exited {rc} in {wall}s; {len(jobs)} jobs" + (f"; not successful: {', '.join(bad)}" if bad else ""))
PY
exit "$rc"
}
