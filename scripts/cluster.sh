#!/usr/bin/env bash
# Executes deploy/cluster-steps.tsv, written by `npx cdk8s synth` (lib/plan/cluster-steps.ts decides,
# scripts/cluster-check.ts checks it first): read field by field, never eval'd or sourced. scripts/README.md

# The token, never traced: moved to fd 3 and the script re-executed without it (/proc/PID/environ keeps
# a process's first environment); read into an unexported variable, it reaches only `token` stdins.
{ TRACE=""; [[ $- != *x* ]] || TRACE=true; set +x; } 2>/dev/null
trace_on() { [[ -z $TRACE ]] || set -x; }
if [[ -v HUGGING_FACE_TOKEN ]]; then
  exec 3<<<"$HUGGING_FACE_TOKEN"
  unset HUGGING_FACE_TOKEN
  CLUSTER_SH_TOKEN_FD=3 exec "$BASH" ${TRACE:+-x} "${BASH_SOURCE[0]}" "$@"
fi
HF_TOKEN_VALUE=""
if [[ ${CLUSTER_SH_TOKEN_FD:-} == 3 ]]; then IFS= read -r HF_TOKEN_VALUE <&3 || true; exec 3<&-; fi
export -n HF_TOKEN_VALUE
unset CLUSTER_SH_TOKEN_FD
trace_on
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS_FILE="${CLUSTER_STEPS:-${RLG_DEPLOY_DIR:-$REPO_ROOT/deploy}/cluster-steps.tsv}"
COMMAND="" DRY_RUN=false YES=false WAIT=false JSON="" ADOPT=false
TSX=$REPO_ROOT/node_modules/.bin/tsx
[[ -x $TSX ]] || { printf 'error: tsx not found: run npm ci in %s\n' "$REPO_ROOT" >&2; exit 1; }

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
usage() { echo "usage: scripts/cluster.sh up|plan|down|status|test [--dry-run] [--yes] [--adopt] [--wait] [--json] [--help]"; }

for arg in "$@"; do
  case $arg in
    up | down | plan | status | test) [[ -z $COMMAND ]] || { usage >&2; exit 2; }; COMMAND=$arg ;;
    --dry-run) DRY_RUN=true ;;
    --yes) YES=true ;;
    --wait) WAIT=true ;;
    --adopt) ADOPT=true ;;
    --json) JSON=--json ;;
    --help | -h) exec "$TSX" "$REPO_ROOT/scripts/cluster-check.ts" --help ;;
    *) printf 'error: unknown argument: %s\n' "$arg" >&2; usage >&2; exit 2 ;;
  esac
done
[[ -n $COMMAND ]] || { printf 'error: missing command: up, plan, down, status or test\n' >&2; usage >&2; exit 2; }
[[ $COMMAND != status && $COMMAND != test ]] || ! $DRY_RUN || die "$COMMAND only reads: it has no --dry-run"
! $WAIT || [[ $COMMAND == up ]] || die "--wait is for up"; [[ -z $JSON || $COMMAND == status ]] || die "--json is for status"
unset arg; cd "$REPO_ROOT"

# --- Settings, then scripts/cluster-check.ts: the pair, the step file's grammar, the settings' forms
PROJECT_ID="${PROJECT_ID:-}"
if [[ -z $PROJECT_ID ]] && command -v gcloud >/dev/null 2>&1; then
  PROJECT_ID=$(gcloud config get-value project 2>/dev/null) || PROJECT_ID=""
fi
if [[ -z $PROJECT_ID ]]; then
  $DRY_RUN || die "no Google Cloud project: set PROJECT_ID, or run \`gcloud config set project PROJECT_ID\`."
  PROJECT_ID='<PROJECT_ID>'
fi
SET_WHERE=${CLUSTER:-}${LOCATION:-} CLUSTER="${CLUSTER:-$(id -un)-ray-bbr}" LOCATION="${LOCATION:-us-central1-b}" NETWORK="${NETWORK:-default}" REGION=${LOCATION%-[a-z]}
# The checked pair, copied into a private folder (mktemp -d: 0700): every step and manifest runs from there.
COPY=$(mktemp -d) || die "mktemp -d failed"; trap 'rm -rf "$COPY"' EXIT
PROJECT_ID=$PROJECT_ID CLUSTER=$CLUSTER LOCATION=$LOCATION NETWORK=$NETWORK "$TSX" "$REPO_ROOT/scripts/cluster-check.ts" "$STEPS_FILE" "$COPY" || exit 1; STEPS_FILE=$COPY/cluster-steps.tsv
# --- The step file (checked above): one array entry per line; steps index their lines
LINES=() STEP_PHASE=() STEP_ID=() STEP_DESC=() STEP_FIRST=() STEP_END=()
while IFS= read -r line || [[ -n $line ]]; do
  [[ -z $line || $line == '#'* ]] && continue
  IFS=$'\t' read -r -a fields <<<"$line"
  if [[ ${fields[0]} == step ]]; then
    ((${#STEP_ID[@]} == 0)) || STEP_END+=("${#LINES[@]}")
    STEP_PHASE+=("${fields[1]}") STEP_ID+=("${fields[2]}") STEP_DESC+=("${fields[3]}") STEP_FIRST+=("$((${#LINES[@]} + 1))")
  fi
  LINES+=("$line")
done <"$STEPS_FILE"
STEP_END+=("${#LINES[@]}"); unset line fields
if [[ -n $SET_WHERE && "${LINES[*]}" != *'{cluster}'* ]]; then
  printf 'warning: CLUSTER and LOCATION are ignored: the list names its clusters and their locations\n' >&2
fi; PROJECT_NUMBER=""

# fill WORD: WORD with its placeholders replaced, in REPLY.
fill() {
  REPLY=${1//'{project}'/"$PROJECT_ID"}
  REPLY=${REPLY//'{cluster}'/"$CLUSTER"}
  REPLY=${REPLY//'{location}'/"$LOCATION"}
  REPLY=${REPLY//'{region}'/"$REGION"}
  REPLY=${REPLY//'{network}'/"$NETWORK"}
  if [[ $REPLY == *'{project-number}'* ]]; then
    if [[ -z $PROJECT_NUMBER ]]; then
      PROJECT_NUMBER='<PROJECT_NUMBER>'
      if ! $DRY_RUN; then
        PROJECT_NUMBER=$(gcloud projects describe "$PROJECT_ID" '--format=value(projectNumber)') || fail $?
        [[ $PROJECT_NUMBER =~ ^[0-9]+$ ]] || { printf 'error: no project number for %s\n' "$PROJECT_ID" >&2; fail 1; }
      fi
    fi
    REPLY=${REPLY//'{project-number}'/"$PROJECT_NUMBER"}
  fi
}

# argv LINE: its fields in F; the fields after the kind, placeholders filled, in WORDS.
argv() { local w; IFS=$'\t' read -r -a F <<<"$1"; WORDS=(); for w in "${F[@]:1}"; do fill "$w"; WORDS+=("$REPLY"); done; }
# words LINE_INDEX: the same for line LINE_INDEX of the step file.
words() { argv "${LINES[$1]}"; }

quote() {
  local word out=""
  for word in "$@"; do
    if [[ $word =~ ^[A-Za-z0-9_./:=,@%+{}-]+$ ]]; then out+="${out:+ }$word"; else out+="${out:+ }'${word//\'/\'\\\'\'}'"; fi
  done
  printf '%s' "$out"
}

# --- Running ------------------------------------------------------------------------------------
CURRENT=""; status() { printf '==> %s: %s\n' "$CURRENT" "$1"; }
fail() { printf "error: step '%s' failed (exit %s)\n" "$CURRENT" "$1" >&2; exit "$1"; }

# run WORD...: prints "+ command"; runs it unless --dry-run; a failure stops the script.
run() {
  printf '+ %s\n' "$(quote "$@")"
  $DRY_RUN || "$@" || fail $?
}

# run_kept INUSE_LINE WORD...: like run, but a failure whose output matches the `inuse` patterns is "kept".
run_kept() {
  local n=$1 out rc=0; shift; printf '+ %s\n' "$(quote "$@")"; $DRY_RUN && return
  out=$("$@" 2>&1) || rc=$?; printf '%s\n' "$out"; ((rc == 0)) && return; words "$n"; accepts "$out" || fail "$rc"
  KEPT=$((KEPT + 1)); status "kept: in use by another resource (the rest of down goes on; exit 3)"
}
# piped LINE...: the first line's command, its output into the next one's, and so on (in a pipeline).
piped() { words "$1"; local -a cmd=("${WORDS[@]}"); if (($# == 1)); then "${cmd[@]}"; else "${cmd[@]}" | piped "${@:2}"; fi; }
shown() { local i out=""; for i in "$@"; do words "$i"; out+=" | $(quote "${WORDS[@]}")"; done; printf "printf '%%s' '***'%s" "$out"; }
# run_piped LINE...: the token into the first (a `token` line), its output through the others (the last a create).
run_piped() {
  printf '+ %s\n' "$(shown "$@")"
  { set +x; } 2>/dev/null
  $DRY_RUN || printf '%s' "$HF_TOKEN_VALUE" | piped "$@" || fail $?
  trace_on
}

# exists LINE_INDEX: runs a check (exit 0: exists; "not found": absent) or listed (output: exists).
exists() {
  local kind=${LINES[$1]%%$'\t'*} out rc=0
  words "$1"
  if [[ $kind == listed ]]; then
    out=$("${WORDS[@]}") || fail $?
    [[ ${LINES[$1 + 1]:-} == among$'\t'* ]] || { [[ -n $out ]]; return; }
    words "$(($1 + 1))"; [[ $'\n'$out$'\n' == *$'\n'"${WORDS[0]}"$'\n'* ]]; return
  fi
  out=$("${WORDS[@]}" 2>&1 >/dev/null) || rc=$?
  ((rc == 0)) && return 0
  # "not enabled": gcloud's answer for a fleet feature that is absent (404)
  [[ ${out,,} == *"not found"* || ${out,,} == *"is not enabled"* ]] && return 1
  printf '%s\n' "$out" >&2
  fail "$rc"
}

# accepts OUTPUT: whether OUTPUT matches one of the patterns in WORDS (an `accept` line).
accepts() {
  local pattern
  for pattern in "${WORDS[@]}"; do
    # shellcheck disable=SC2053 # the pattern is a glob on purpose
    [[ $1 == $pattern ]] && return 0
  done
  return 1
}

# refuse stop|warn LINE_INDEX: a mismatch the script cannot fix: stop with the fix, or warn.
refuse() {
  words "$2"
  if [[ $1 == stop ]]; then
    printf 'error: %s: %s\n' "$CURRENT" "${WORDS[0]}" >&2
    exit 1
  fi
  printf 'WARNING: %s: %s\n' "$CURRENT" "${WORDS[0]}" >&2
}

declare -A FOUND=()
CREATED=0 CONVERGED=0 PENDING=0 KEPT=0
PHASE=up
[[ $COMMAND != down ]] || PHASE=down

# do_step N: the step's check, then what the command does with its answer.
do_step() {
  local n=$1 i kind state=none need="" dir="" expect="" observed="" drift=false inventory=""
  local first=${STEP_FIRST[n]} end=${STEP_END[n]}
  local -a lines=() keeps=() token=()
  CURRENT=${STEP_DESC[n]}
  fill "$CURRENT"; CURRENT=$REPLY
  for ((i = first; i < end; i++)); do
    kind=${LINES[i]%%$'\t'*}
    case $kind in
      needs) need=${LINES[i]#*$'\t'} ;;
      dir) words "$i"; dir=${WORDS[0]} ;;
      *) lines+=("$i") ;;
    esac
  done
  if [[ -n $need && ${FOUND[$need]:-} != yes ]]; then
    if [[ $need == ours:* && ${FOUND[$need]:-} == no ]]; then status "found, not ours: left as it is (up --adopt changes it)"
    elif [[ $COMMAND == plan ]]; then status "+ after its cluster is created"; else status "skipped (no cluster)"; fi
    FOUND[${STEP_ID[n]}]=skipped
    return
  fi
  if [[ -n $dir && ! -d $dir ]]; then status "no folder $dir, skipped"; return; fi
  for i in "${lines[@]}"; do
    kind=${LINES[i]%%$'\t'*}
    [[ $kind == check || $kind == listed ]] || continue
    if $DRY_RUN; then
      if [[ $PHASE == down || ${STEP_ID[n]} == ours:* ]]; then state=present; else state=absent; fi
    elif exists "$i"; then state=present; else state=absent; fi
  done
  # ours:CLUSTER: whether this release made the cluster (its pools are converged only then, or with --adopt)
  if [[ ${STEP_ID[n]} == ours:* ]]; then FOUND[${STEP_ID[n]}]=no; [[ $state == absent ]] && ! $ADOPT || FOUND[${STEP_ID[n]}]=yes
    if [[ $state == absent ]]; then status "found, not ours$($ADOPT && echo ': adopted (--adopt)')"; else status "ours"; fi; return; fi
  if [[ $COMMAND == plan ]]; then plan_step; return; fi
  if [[ $PHASE == down ]]; then
    [[ $state != absent ]] || { status "not found, skipped"; FOUND[${STEP_ID[n]}]=no; return; }
    FOUND[${STEP_ID[n]}]=yes
    if [[ $state == present ]]; then status "exists"; else status "deleting"; fi
    for i in "${lines[@]}"; do
      kind=${LINES[i]%%$'\t'*}
      [[ $kind == prepare || $kind == delete ]] || continue
      words "$i"; if [[ ${LINES[i + 1]:-} == inuse$'\t'* ]]; then run_kept "$((i + 1))" "${WORDS[@]}"; else run "${WORDS[@]}"; fi
    done
    return
  fi
  FOUND[${STEP_ID[n]}]=yes
  case $state in present) status "exists" ;; absent) status "creating" ;; none) status "applying (every run)" ;; esac
  for i in "${lines[@]}"; do
    kind=${LINES[i]%%$'\t'*}
    case $kind in
      token) token+=("$i") ;;
      create)
        [[ $state != present ]] || continue
        [[ $state == none ]] || CREATED=$((CREATED + 1))
        if ((${#token[@]})); then run_piped "${token[@]}" "$i"; token=(); else words "$i"; run "${WORDS[@]}"; fi
        ;;
      prepare) words "$i"; run "${WORDS[@]}" ;;
      observe)
        drift=false
        if [[ $state != present ]] || $DRY_RUN; then continue; fi
        words "$i"; observed=$("${WORDS[@]}") || fail $?
        ;;
      expect)
        if [[ $state != present ]] || $DRY_RUN; then continue; fi
        expect=${LINES[i]#*$'\t'}
        if [[ $observed != "$expect" ]]; then drift=true; status "differs: is '$observed', the list says '$expect'"; fi
        ;;
      accept)
        if [[ $state != present ]] || $DRY_RUN; then continue; fi
        words "$i"
        accepts "$observed" || { drift=true; status "differs: is '$observed', needs one of: ${WORDS[*]}"; }
        ;;
      stop | warn) if $drift; then refuse "$kind" "$i"; fi ;;
      converge) $drift || continue; CONVERGED=$((CONVERGED + 1)); words "$i"; run "${WORDS[@]}" ;;
      replace)
        $drift || continue
        words "$i"
        if $YES; then run "${WORDS[@]}"; else PENDING=$((PENDING + 1)); printf '! needs a new pool (re-run with --yes to do it): %s\n' "$(quote "${WORDS[@]}")"; fi
        ;;
      inventory) inventory=$i ;; keep) keeps+=("${LINES[i]#*$'\t'}") ;; prune) prune_left "$inventory" "$i" ;;
    esac
  done
}

# prune_left INVENTORY_LINE PRUNE_LINE: each name the inventory lists (what cluster.sh created) that
# no keep line names has left the list: plan prints its command, up runs it only with --yes.
prune_left() {
  local out item word; local -a items=() cmd=()
  $DRY_RUN && return
  words "$1"; out=$("${WORDS[@]}") || fail $?
  read -r -d '' -a items <<<"$out" || true
  for item in "${items[@]}"; do
    item=${item##*/}
    [[ $item =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ && " ${keeps[*]} " != *" $item "* ]] || continue
    words "$2"; cmd=(); for word in "${WORDS[@]}"; do cmd+=("${word//'{item}'/$item}"); done
    if [[ $COMMAND == up ]] && $YES; then run "${cmd[@]}"; continue; fi
    PENDING=$((PENDING + 1))
    printf '%s no longer in the list (up --yes deletes it): %s\n' "$([[ $COMMAND == plan ]] && echo '  -' || echo '!')" "$(quote "${cmd[@]}")"
  done
}

# plan_step: what up would do with this step (uses the caller's state and lines).
plan_step() {
  local i kind observed="" expect inventory=""
  local -a keeps=() token=()
  if [[ $state == absent ]]; then FOUND[${STEP_ID[n]}]=no; else FOUND[${STEP_ID[n]}]=yes; fi
  case $state in present) status "= exists" ;; absent) status "+ to create" ;; none) status "~ applied on every run" ;; esac
  for i in "${lines[@]}"; do
    kind=${LINES[i]%%$'\t'*}
    words "$i"
    case $kind in
      prepare) [[ $state == present ]] && run "${WORDS[@]}" >/dev/null ;;
      token) token+=("$i") ;;
      create)
        [[ $state != absent ]] || CREATED=$((CREATED + 1))
        [[ $state == present ]] || printf '  %s %s\n' "$([[ $state == absent ]] && echo + || echo '~')" "$(if ((${#token[@]})); then shown "${token[@]}" "$i"; else quote "${WORDS[@]}"; fi)"
        token=()
        ;;
      observe) [[ $state == present ]] && { observed=$("${WORDS[@]}") || fail $?; } ;;
      expect)
        expect=${LINES[i]#*$'\t'}
        drift=false
        if [[ $state == present && $observed != "$expect" ]]; then drift=true; printf '  differs: is %s, the list says %s\n' "'$observed'" "'$expect'"; fi
        ;;
      accept)
        drift=false
        if [[ $state == present ]] && ! accepts "$observed"; then drift=true; printf '  differs: is %s, needs one of: %s\n' "'$observed'" "${WORDS[*]}"; fi
        ;;
      stop | warn) if $drift; then refuse "$kind" "$i"; fi ;;
      converge) $drift && { CONVERGED=$((CONVERGED + 1)); printf '  ~ %s\n' "$(quote "${WORDS[@]}")"; } ;;
      replace) $drift && { PENDING=$((PENDING + 1)); printf '  ! (needs --yes) %s\n' "$(quote "${WORDS[@]}")"; } ;;
      diff) [[ $state == none ]] && { "${WORDS[@]}" || (($? == 1)) || fail $?; } ;;
      inventory) inventory=$i ;; keep) keeps+=("${LINES[i]#*$'\t'}") ;; prune) prune_left "$inventory" "$i" ;;
    esac
  done
  return 0
}

# --- status, test, up --wait: scripts/verify.ts decides; this runs its kubectl lines -------------
VERIFY=(env "VERIFY_FILL=$PROJECT_ID $CLUSTER $LOCATION" "VERIFY_PLAN=${VERIFY_PLAN:-$COPY/deploy/verify-plan.json}" "$TSX" "$REPO_ROOT/scripts/verify.ts") VDIR="" CLEANUP=()
# act FILE: the lines verify.ts printed (TSV: kind, output file, kubectl argv): get/run stop on
# failure; exec (a smoke request) keeps its output whatever curl says; cleanup lines run at exit.
act() {
  local line to rc
  while IFS= read -r line; do
    argv "$line"
    case ${F[0]} in
      cleanup) [[ ${WORDS[0]} == kubectl ]] || die "verify.ts: not kubectl: ${WORDS[0]}"; CLEANUP+=("$line"); continue ;;
      get | run | exec) [[ ${WORDS[1]} == kubectl && ${WORDS[0]} =~ ^[-a-z0-9.]+$ ]] || die "verify.ts: not a kubectl line: ${F[0]} ${WORDS[0]}" ;;
      *) die "verify.ts: unknown line kind '${F[0]}'" ;;
    esac
    to=$VDIR/${WORDS[0]}; [[ ${WORDS[0]} != - ]] || to=/dev/null; [[ ${F[0]} == get ]] || printf '+ %s\n' "$(quote "${WORDS[@]:1}")"
    rc=0; "${WORDS[@]:1}" >"$to" || rc=$?
    ((rc == 0)) || [[ ${F[0]} == exec ]] || { CURRENT="${WORDS[*]:1:4}"; fail "$rc"; }
  done <"$1"
}
finish() {
  local line
  for line in "${CLEANUP[@]}"; do
    argv "$line"; printf '+ %s\n' "$(quote "${WORDS[@]}")"; "${WORDS[@]}" >/dev/null || printf 'warning: cleanup failed\n' >&2
  done
  CLEANUP=(); rm -rf "$VDIR" "$COPY"; VDIR=""
}
collect() {
  [[ -n $VDIR ]] || { VDIR=$(mktemp -d); trap finish EXIT; }
  "${VERIFY[@]}" queries >"$VDIR/queries.tsv" || die "scripts/verify.ts failed (npm ci done? deploy/verify-plan.json written by npx cdk8s synth?)"; act "$VDIR/queries.tsv"
}
smoke_test() {
  local rc=0; collect; "${VERIFY[@]}" smoke "$VDIR" >"$VDIR/smoke.tsv" || exit 1
  act "$VDIR/smoke.tsv"; "${VERIFY[@]}" verdict "$VDIR" || rc=$?; finish; exit "$rc"
}
wait_healthy() {
  local start=$SECONDS line
  while collect; do
    if line=$("${VERIFY[@]}" status "$VDIR" --brief); then printf 'wait: %s\n' "$line"; return 0; fi
    printf 'wait (%ss of %ss): %s\n' $((SECONDS - start)) "$WAIT_TIMEOUT" "$line"
    ((SECONDS - start < WAIT_TIMEOUT)) || { "${VERIFY[@]}" status "$VDIR" || die "not healthy after ${WAIT_TIMEOUT}s (WAIT_TIMEOUT): see the table above"; }
    sleep "$WAIT_INTERVAL"
  done
}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-1800} WAIT_INTERVAL=${WAIT_INTERVAL:-20}; [[ $WAIT_TIMEOUT =~ ^[0-9]+$ && $WAIT_INTERVAL =~ ^[0-9]+$ ]] || die "WAIT_TIMEOUT and WAIT_INTERVAL are whole seconds"
[[ $COMMAND != status && $COMMAND != test ]] || command -v kubectl >/dev/null 2>&1 || die "required tool not found in PATH: kubectl"
[[ $COMMAND != test ]] || smoke_test
if [[ $COMMAND == status ]]; then collect; rc=0; "${VERIFY[@]}" status "$VDIR" $JSON || rc=$?; exit "$rc"; fi
# --- Main ---------------------------------------------------------------------------------------
if ! $DRY_RUN; then
  for tool in gcloud helm kubectl; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool not found in PATH: $tool. Install the Google Cloud CLI, Helm and kubectl; see scripts/README.md."
  done
fi
if [[ $COMMAND == up ]]; then
  { set +x; } 2>/dev/null
  if [[ -z $HF_TOKEN_VALUE && -n ${HUGGING_FACE_TOKEN_FILE:-} ]]; then
    [[ -f $HUGGING_FACE_TOKEN_FILE && -r $HUGGING_FACE_TOKEN_FILE ]] || die "HUGGING_FACE_TOKEN_FILE is not a readable file (its value is not shown: it may be the token itself)"
    HF_TOKEN_VALUE=$(<"$HUGGING_FACE_TOKEN_FILE")
    HF_TOKEN_VALUE=${HF_TOKEN_VALUE%$'\r'}
  fi
  if ! $DRY_RUN; then
    [[ -n $HF_TOKEN_VALUE ]] || die "no Hugging Face token: set HUGGING_FACE_TOKEN, or HUGGING_FACE_TOKEN_FILE to a file that holds it."
    [[ $HF_TOKEN_VALUE != *[[:space:]]* ]] || die "the Hugging Face token contains spaces or line breaks."
  fi
  trace_on
fi
if [[ $COMMAND == down ]] && ! $DRY_RUN && ! $YES; then
  echo "down deletes, where they exist:" >&2
  for n in "${!STEP_ID[@]}"; do
    [[ ${STEP_PHASE[n]} == down ]] || continue
    fill "${STEP_DESC[n]}"; printf '  %s\n' "$REPLY" >&2
  done
  printf 'Type yes to continue: ' >&2
  answer=""; read -r answer || true
  [[ $answer == yes ]] || die "not confirmed (the answer was not 'yes'). Nothing was deleted."
fi
if $DRY_RUN; then
  echo "# dry run: nothing is run or changed; $([[ $PHASE == up ]] && echo 'assumes nothing exists yet' || echo 'assumes everything exists'). The token is shown as ***."
fi
for n in "${!STEP_ID[@]}"; do
  if [[ ${STEP_PHASE[n]} == "$PHASE" ]]; then do_step "$n"; fi
done
case $COMMAND in
  plan) echo "plan: $CREATED to create, $CONVERGED to converge, $PENDING replacement command(s) needing --yes; nothing was changed." ;;
  up) echo "done: $CREATED created, $CONVERGED converged, $PENDING replacement command(s) not run (re-run with --yes).$($DRY_RUN && echo ' (dry run: nothing was changed.)')" ;;
  down) echo "done: removed what existed$( ((KEPT == 0)) || echo ", but $KEPT kept in use by other resources (exit 3)").$($DRY_RUN && echo ' (dry run: nothing was changed.)')"; ((KEPT == 0)) || exit 3 ;;
esac
if $WAIT && ! $DRY_RUN; then wait_healthy; smoke_test; fi
