#!/usr/bin/env bash
# Creates (up) or removes (down) the GKE cluster, GPU node pools, proxy-only subnet,
# namespaces, Hugging Face secrets and body-based router that the manifests in dist/
# need, then applies (or deletes) those manifests.
#
# Inputs, written by `npx cdk8s synth`: deploy/cluster-plan.env, deploy/router-values.yaml,
# dist/ (one folder per namespace, applied recursively).
# Usage: scripts/cluster.sh up|down [--dry-run] [--yes] [--help]
# Documentation: scripts/README.md
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT

# ---------------------------------------------------------------------------
# Settings (environment variables) and their defaults
# ---------------------------------------------------------------------------
readonly DEFAULT_LOCATION=us-central1-b
readonly DEFAULT_NETWORK=default
readonly DEFAULT_PROXY_SUBNET_NAME=ray-llm-proxy-only-subnet
readonly DEFAULT_RELEASE_CHANNEL=rapid
readonly DEFAULT_CLUSTER_VERSION=1.35
readonly DEFAULT_ROUTER_CHART=oci://registry.k8s.io/gateway-api-inference-extension/charts/body-based-routing
readonly DEFAULT_ROUTER_CHART_VERSION=v1.4.0

PROJECT_ID="${PROJECT_ID:-}" # resolved in resolve_project
CLUSTER="${CLUSTER:-}"       # resolved in resolve_cluster
LOCATION="${LOCATION:-$DEFAULT_LOCATION}"
REGION="${REGION:-}" # resolved in resolve_region
NETWORK="${NETWORK:-$DEFAULT_NETWORK}"
PROXY_SUBNET_NAME="${PROXY_SUBNET_NAME:-$DEFAULT_PROXY_SUBNET_NAME}"
# Not a setting any more: the range comes from the plan (network.proxySubnetRange in
# models.yaml). When set, it must equal the plan's range (check_proxy_subnet_range).
PROXY_SUBNET_RANGE_ENV="${PROXY_SUBNET_RANGE:-}"
RELEASE_CHANNEL="${RELEASE_CHANNEL:-$DEFAULT_RELEASE_CHANNEL}"
CLUSTER_VERSION="${CLUSTER_VERSION:-$DEFAULT_CLUSTER_VERSION}"
ROUTER_CHART="${ROUTER_CHART:-$DEFAULT_ROUTER_CHART}"
ROUTER_CHART_VERSION="${ROUTER_CHART_VERSION:-$DEFAULT_ROUTER_CHART_VERSION}"
CLUSTER_PLAN="${CLUSTER_PLAN:-$REPO_ROOT/deploy/cluster-plan.env}"
DIST_DIR="${DIST_DIR:-$REPO_ROOT/dist}"

# ---------------------------------------------------------------------------
# Script state
# ---------------------------------------------------------------------------
COMMAND=""         # up | down
DRY_RUN=false      # --dry-run
ASSUME_YES=false   # --yes
DRY_RUN_ASSUMES="" # what a dry run assumes an existence check finds: absent (up) | present (down)
STEP_NO=0
STEP_TOTAL=0
STEP_NAME=""
CLUSTER_FOUND=false # down: whether the cluster exists

# The Hugging Face token. Never exported, never passed as an argument, never printed.
HF_TOKEN_VALUE=""
export -n HF_TOKEN_VALUE

# The plan (deploy/cluster-plan.env) as read by load_plan.
declare -A PLAN=()
NAMESPACE=""          # the Gateway's and the router's namespace
MODEL_NAMESPACES=()   # the namespaces of the RayServices: each gets the secret
ALL_NAMESPACES=()     # NAMESPACE, then MODEL_NAMESPACES, without duplicates
SECRET_NAME=""
SECRET_KEY=""
PROXY_SUBNET_REQUIRED=""
PROXY_SUBNET_RANGE="" # from the plan
ROUTER_RELEASE=""
ROUTER_VALUES=""
POOL_NAMES=()
POOL_ACCELERATORS=()
POOL_GPUS_PER_NODE=()
POOL_MACHINE_TYPES=()
POOL_NODES=()

# ---------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

warn() {
  printf 'warning: %s\n' "$*" >&2
}

usage() {
  echo "usage: scripts/cluster.sh up|down [--dry-run] [--yes] [--help]"
}

usage_error() {
  printf 'error: %s\n' "$1" >&2
  usage >&2
  exit 2
}

print_help() {
  usage
  cat <<EOF

Creates (up) or removes (down) everything the manifests in dist/ need on GKE.
Reads the plan written by \`npx cdk8s synth\` (deploy/cluster-plan.env) and never
sources it.

up, in this order (each step first checks whether its resource exists and skips
it if so, so running up again creates nothing twice):
  1. GKE cluster (Gateway API, Ray operator, Ray logging and monitoring)
  2. cluster credentials for kubectl and helm (gcloud ... get-credentials)
  3. one GPU node pool per accelerator in the plan
  4. the networkservices.googleapis.com API
  5. the proxy-only subnet with the plan's range (PLAN_PROXY_SUBNET_RANGE), when
     the gateway class needs one and the region and network have no active one yet
  6. the namespaces: the Gateway's (PLAN_NAMESPACE), then those of the models
     (PLAN_MODEL_NAMESPACES), each one that is not "default"
  7. the Hugging Face token secret in each model namespace (created or updated)
  8. the body-based router (helm upgrade --install; runs every time)
  9. the manifests: kubectl apply -R -f DIST_DIR (runs every time)

down removes them in reverse order: manifests, router, the secret in each model
namespace, the namespaces that are not "default", the proxy-only subnet named
PROXY_SUBNET_NAME (only that exact subnet), node pools, cluster. It does not
disable the API. It asks for "yes" on stdin unless --yes.

Options:
  --dry-run   print the commands (prefixed with "+ ") instead of running them;
              runs no gcloud, helm or kubectl (except "gcloud config get-value
              project" when PROJECT_ID is unset). up assumes nothing exists yet,
              down assumes everything exists. The token is shown as ***.
  --yes       down: do not ask for confirmation.
  --help, -h  show this help.

Settings (environment variables):
  PROJECT_ID              Google Cloud project
                          (default: output of \`gcloud config get-value project\`)
  CLUSTER                 cluster name (default: \$(id -un)-ray-bbr)
  LOCATION                cluster zone or region (default: $DEFAULT_LOCATION)
  REGION                  region of the proxy-only subnet; must contain LOCATION
                          (default: the region of LOCATION, us-central1)
  NETWORK                 VPC network of the cluster (default: $DEFAULT_NETWORK)
  PROXY_SUBNET_NAME       proxy-only subnet name (default: $DEFAULT_PROXY_SUBNET_NAME)
  RELEASE_CHANNEL         GKE release channel (default: $DEFAULT_RELEASE_CHANNEL)
  CLUSTER_VERSION         GKE version (default: $DEFAULT_CLUSTER_VERSION)
  ROUTER_CHART            body-based router Helm chart
                          (default: $DEFAULT_ROUTER_CHART)
  ROUTER_CHART_VERSION    chart version (default: $DEFAULT_ROUTER_CHART_VERSION)
  HUGGING_FACE_TOKEN      Hugging Face token, required by up (no default)
  HUGGING_FACE_TOKEN_FILE file holding the token, used when HUGGING_FACE_TOKEN
                          is unset (no default)
  CLUSTER_PLAN            plan file (default: <repo>/deploy/cluster-plan.env)
  DIST_DIR                manifests folder, read recursively (default: <repo>/dist)

PROXY_SUBNET_RANGE is no longer a setting: the proxy-only subnet's range comes
from the plan (PLAN_PROXY_SUBNET_RANGE), because the NetworkPolicies in dist/
admit that same range. To change it, set network.proxySubnetRange in models.yaml
and re-run \`npx cdk8s synth\`. If PROXY_SUBNET_RANGE is set to another range,
up stops before it changes anything.

More: scripts/README.md
EOF
}

# ---------------------------------------------------------------------------
# Steps, commands and existence checks
# ---------------------------------------------------------------------------

# begin_step NUMBER NAME: the step that following status lines and errors refer to.
begin_step() {
  STEP_NO=$1
  STEP_NAME=$2
}

# status TEXT: prints "==> [3/9] node pool gpu-nvidia-l4: TEXT".
status() {
  printf '==> [%s/%s] %s: %s\n' "$STEP_NO" "$STEP_TOTAL" "$STEP_NAME" "$1"
}

fail_step() {
  printf "error: step '%s' failed (exit %s)\n" "$STEP_NAME" "$1" >&2
  exit "$1"
}

# quote_word WORD: WORD as the shell reads it back; plain words stay unquoted.
quote_word() {
  local word=$1
  if [[ $word =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
    printf '%s' "$word"
  else
    printf "'%s'" "${word//\'/\'\\\'\'}"
  fi
}

# quote_command WORD...: the words quoted and joined by spaces.
quote_command() {
  local word line=""
  for word in "$@"; do
    line+="${line:+ }$(quote_word "$word")"
  done
  printf '%s' "$line"
}

# run COMMAND...: prints "+ COMMAND" and, unless this is a dry run, runs it.
# A failing command stops the script naming the current step.
run() {
  printf '+ %s\n' "$(quote_command "$@")"
  if $DRY_RUN; then
    return 0
  fi
  "$@" || fail_step "$?"
}

# exists COMMAND...: runs the read-only COMMAND (describe, get, status) quietly.
# Returns 0 when it succeeds (the resource exists) and 1 when it fails with a
# message containing "not found" (the resource is absent). Any other failure
# (permissions, network, no credentials) is shown and stops the script.
# A dry run runs nothing and assumes DRY_RUN_ASSUMES.
exists() {
  if $DRY_RUN; then
    [[ $DRY_RUN_ASSUMES == present ]]
    return
  fi
  local output exit_code=0
  output=$("$@" 2>&1 >/dev/null) || exit_code=$?
  if ((exit_code == 0)); then
    return 0
  fi
  if [[ ${output,,} == *"not found"* ]]; then
    return 1
  fi
  printf '%s\n' "$output" >&2
  fail_step "$exit_code"
}

# query VARIABLE COMMAND...: stores the output of the read-only COMMAND (a list)
# in VARIABLE. A failing COMMAND stops the script. A dry run runs nothing and
# stores "" (nothing found).
query() {
  local variable=$1 output=""
  shift
  if ! $DRY_RUN; then
    output=$("$@") || fail_step "$?"
  fi
  printf -v "$variable" '%s' "$output"
}

# ---------------------------------------------------------------------------
# Preflight: everything is checked before anything is created or deleted
# ---------------------------------------------------------------------------
parse_args() {
  local arg
  for arg in "$@"; do
    case $arg in
      up | down)
        [[ -z $COMMAND ]] || usage_error "give only one command (up or down)"
        COMMAND=$arg
        ;;
      --dry-run) DRY_RUN=true ;;
      --yes) ASSUME_YES=true ;;
      --help | -h)
        print_help
        exit 0
        ;;
      *) usage_error "unknown argument: $arg" ;;
    esac
  done
  [[ -n $COMMAND ]] || usage_error "missing command: up or down"
}

require_tools() {
  local tool missing=()
  for tool in gcloud helm kubectl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if ((${#missing[@]} > 0)); then
    die "required tool(s) not found in PATH: ${missing[*]}. Install the Google Cloud CLI (gcloud), Helm and kubectl; see scripts/README.md."
  fi
}

# plan_get VARIABLE KEY: stores the plan's value of KEY in VARIABLE; fails when it is missing.
plan_get() {
  local key=$2
  [[ -n ${PLAN[$key]:-} ]] ||
    die "the plan $CLUSTER_PLAN has no value for $key. Re-run \`npx cdk8s synth\` to regenerate it."
  printf -v "$1" '%s' "${PLAN[$key]}"
}

# plan_get_number VARIABLE KEY: like plan_get, for a whole number.
plan_get_number() {
  plan_get "$1" "$2"
  [[ ${!1} =~ ^(0|[1-9][0-9]*)$ ]] ||
    die "the plan $CLUSTER_PLAN: $2 must be a whole number, not '${!1}'"
}

# contains WORD ITEM...: whether WORD is one of the ITEMs.
contains() {
  local word=$1 item
  shift
  for item in "$@"; do
    [[ $item == "$word" ]] && return 0
  done
  return 1
}

# is_namespace NAME: whether NAME is a valid namespace name (an RFC 1123 DNS label).
is_namespace() {
  [[ $1 =~ ^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$ ]]
}

# plan_get_namespace VARIABLE KEY: like plan_get, for a namespace name.
plan_get_namespace() {
  plan_get "$1" "$2"
  is_namespace "${!1}" ||
    die "the plan $CLUSTER_PLAN: $2 must be a namespace name (lowercase letters, digits and -, at most 63 characters), not '${!1}'"
}

# plan_get_namespaces KEY: the comma-separated namespaces of KEY into MODEL_NAMESPACES,
# in plan order, without duplicates.
plan_get_namespaces() {
  local key=$1 list namespace valid=true
  local namespaces=()
  plan_get list "$key"
  IFS=',' read -r -a namespaces <<<"$list"
  [[ $list != *, ]] || valid=false # read drops a trailing empty item
  for namespace in "${namespaces[@]}"; do
    is_namespace "$namespace" || valid=false
  done
  $valid ||
    die "the plan $CLUSTER_PLAN: $key must be a comma-separated list of namespace names (lowercase letters, digits and -, at most 63 characters each), not '$list'"
  for namespace in "${namespaces[@]}"; do
    contains "$namespace" "${MODEL_NAMESPACES[@]}" || MODEL_NAMESPACES+=("$namespace")
  done
}

# plan_get_cidr VARIABLE KEY: like plan_get, for an IPv4 range such as 192.168.10.0/24.
plan_get_cidr() {
  plan_get "$1" "$2"
  local value=${!1} octet
  local valid=false
  if [[ $value =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})/([0-9]{1,2})$ ]] &&
    ((10#${BASH_REMATCH[5]} <= 32)); then
    valid=true
    for octet in "${BASH_REMATCH[@]:1:4}"; do
      ((10#$octet <= 255)) || valid=false
    done
  fi
  $valid ||
    die "the plan $CLUSTER_PLAN: $2 must be an IPv4 range such as 192.168.10.0/24, not '$value'"
}

# Reads the plan line by line (KEY=VALUE, # comments). It is never sourced: only
# PLAN_* keys are kept, and values may hold only A-Z a-z 0-9 . _ / : - ,
load_plan() {
  [[ -f $CLUSTER_PLAN ]] ||
    die "plan file not found: $CLUSTER_PLAN. Run \`npx cdk8s synth\` first (it writes deploy/cluster-plan.env), or set CLUSTER_PLAN."

  local key value line_no=0
  while IFS='=' read -r key value || [[ -n $key ]]; do
    line_no=$((line_no + 1))
    key=${key%$'\r'}
    value=${value%$'\r'}
    if [[ $key =~ ^[[:space:]]*(#|$) ]]; then
      continue
    fi
    if [[ ! $key =~ ^PLAN_[A-Z0-9_]+$ ]]; then
      warn "$CLUSTER_PLAN:$line_no: ignored (only PLAN_* keys are read)"
      continue
    fi
    if [[ ! $value =~ ^[A-Za-z0-9._/:,-]*$ ]]; then
      die "$CLUSTER_PLAN:$line_no: the value of $key may hold only A-Z a-z 0-9 . _ / : - ,"
    fi
    PLAN[$key]=$value
  done <"$CLUSTER_PLAN"

  plan_get_namespace NAMESPACE PLAN_NAMESPACE
  plan_get_namespaces PLAN_MODEL_NAMESPACES
  local namespace
  ALL_NAMESPACES=("$NAMESPACE")
  for namespace in "${MODEL_NAMESPACES[@]}"; do
    contains "$namespace" "${ALL_NAMESPACES[@]}" || ALL_NAMESPACES+=("$namespace")
  done
  plan_get SECRET_NAME PLAN_HF_SECRET_NAME
  plan_get SECRET_KEY PLAN_HF_SECRET_KEY
  plan_get ROUTER_RELEASE PLAN_ROUTER_RELEASE
  plan_get ROUTER_VALUES PLAN_ROUTER_VALUES
  plan_get PROXY_SUBNET_REQUIRED PLAN_PROXY_SUBNET_REQUIRED
  [[ $PROXY_SUBNET_REQUIRED == true || $PROXY_SUBNET_REQUIRED == false ]] ||
    die "the plan $CLUSTER_PLAN: PLAN_PROXY_SUBNET_REQUIRED must be true or false, not '$PROXY_SUBNET_REQUIRED'"
  plan_get_cidr PROXY_SUBNET_RANGE PLAN_PROXY_SUBNET_RANGE
  if [[ $ROUTER_VALUES != /* ]]; then
    ROUTER_VALUES="$REPO_ROOT/$ROUTER_VALUES"
  fi

  local count i name accelerator gpus machine_type nodes
  plan_get_number count PLAN_NODE_POOL_COUNT
  for ((i = 1; i <= count; i++)); do
    plan_get name "PLAN_NODE_POOL_${i}_NAME"
    plan_get accelerator "PLAN_NODE_POOL_${i}_ACCELERATOR"
    plan_get_number gpus "PLAN_NODE_POOL_${i}_GPUS_PER_NODE"
    plan_get machine_type "PLAN_NODE_POOL_${i}_MACHINE_TYPE"
    plan_get_number nodes "PLAN_NODE_POOL_${i}_NODES"
    POOL_NAMES+=("$name")
    POOL_ACCELERATORS+=("$accelerator")
    POOL_GPUS_PER_NODE+=("$gpus")
    POOL_MACHINE_TYPES+=("$machine_type")
    POOL_NODES+=("$nodes")
  done
}

# dist/ holds one folder per namespace: a manifest at any depth will do.
require_manifests() {
  [[ -d $DIST_DIR ]] ||
    die "manifests folder not found: $DIST_DIR. Run \`npx cdk8s synth\` first, or set DIST_DIR."
  local manifest
  manifest=$(find "$DIST_DIR" -name '*.yaml' ! -type d -print -quit) || manifest=""
  [[ -n $manifest ]] ||
    die "no manifests (*.yaml) in $DIST_DIR or its subfolders. Run \`npx cdk8s synth\` first, or set DIST_DIR."
}

# up: PROXY_SUBNET_RANGE is not a setting any more. The NetworkPolicies in dist/ admit
# only the plan's range, so they would block the proxies of a subnet with another one.
check_proxy_subnet_range() {
  [[ -z $PROXY_SUBNET_RANGE_ENV || $PROXY_SUBNET_RANGE_ENV == "$PROXY_SUBNET_RANGE" ]] ||
    die "PROXY_SUBNET_RANGE is $PROXY_SUBNET_RANGE_ENV but the plan $CLUSTER_PLAN says $PROXY_SUBNET_RANGE. PROXY_SUBNET_RANGE is no longer a setting: the range comes from models.yaml, because the NetworkPolicies generated from it admit that range. Set network.proxySubnetRange in models.yaml, re-run \`npx cdk8s synth\`, and unset PROXY_SUBNET_RANGE. Nothing was changed."
}

require_router_values() {
  [[ -f $ROUTER_VALUES ]] ||
    die "router values not found: $ROUTER_VALUES (PLAN_ROUTER_VALUES in $CLUSTER_PLAN). Run \`npx cdk8s synth\` first."
}

# Reads the token from HUGGING_FACE_TOKEN, else from the file HUGGING_FACE_TOKEN_FILE
# (its trailing newline removed), into HF_TOKEN_VALUE. HUGGING_FACE_TOKEN is then
# unset so that no command started by this script inherits it.
load_token() {
  if [[ -n ${HUGGING_FACE_TOKEN:-} ]]; then
    HF_TOKEN_VALUE=$HUGGING_FACE_TOKEN
  elif [[ -n ${HUGGING_FACE_TOKEN_FILE:-} ]]; then
    [[ -f $HUGGING_FACE_TOKEN_FILE && -r $HUGGING_FACE_TOKEN_FILE ]] ||
      die "HUGGING_FACE_TOKEN_FILE is not a readable file: $HUGGING_FACE_TOKEN_FILE"
    HF_TOKEN_VALUE=$(<"$HUGGING_FACE_TOKEN_FILE") # $(...) drops trailing newlines
    HF_TOKEN_VALUE=${HF_TOKEN_VALUE%$'\r'}
  fi
  unset HUGGING_FACE_TOKEN
}

# up needs the token (a dry run does not: it shows *** instead).
require_token() {
  [[ -n $HF_TOKEN_VALUE ]] ||
    die "no Hugging Face token: set HUGGING_FACE_TOKEN, or HUGGING_FACE_TOKEN_FILE to a file that holds it (up stores it in the secret $SECRET_NAME)."
  [[ $HF_TOKEN_VALUE != *[[:space:]]* ]] ||
    die "the Hugging Face token contains spaces or line breaks; check HUGGING_FACE_TOKEN or HUGGING_FACE_TOKEN_FILE."
}

resolve_project() {
  if [[ -z $PROJECT_ID ]] && command -v gcloud >/dev/null 2>&1; then
    PROJECT_ID=$(gcloud config get-value project 2>/dev/null) || PROJECT_ID=""
  fi
  if [[ -z $PROJECT_ID ]]; then
    if $DRY_RUN; then
      PROJECT_ID='<PROJECT_ID>'
    else
      die "no Google Cloud project: set PROJECT_ID, or run \`gcloud config set project PROJECT_ID\`."
    fi
  fi
}

resolve_cluster() {
  if [[ -z $CLUSTER ]]; then
    CLUSTER="$(id -un)-ray-bbr"
  fi
  [[ $CLUSTER =~ ^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$ ]] ||
    die "CLUSTER '$CLUSTER' is not a valid GKE cluster name (lowercase letters, digits and -, at most 40 characters); set CLUSTER."
}

# REGION defaults to the region of LOCATION (us-central1-b -> us-central1) and must contain it.
resolve_region() {
  local location_region=$LOCATION
  if [[ $LOCATION =~ ^(.+)-[a-z]$ ]]; then
    location_region=${BASH_REMATCH[1]}
  fi
  REGION=${REGION:-$location_region}
  [[ $REGION == "$location_region" ]] ||
    die "REGION '$REGION' is not the region of LOCATION '$LOCATION'; the proxy-only subnet must be in the cluster's region."
}

# join_comma WORD...: the words joined by ", ".
join_comma() {
  local IFS=,
  local joined="$*"
  printf '%s' "${joined//,/, }"
}

# down: asks for "yes" on stdin unless --yes (or --dry-run).
confirm_down() {
  if $DRY_RUN || $ASSUME_YES; then
    return 0
  fi
  printf 'This deletes the cluster %s (project %s, location %s) with all its workloads and node pools,\n' \
    "$CLUSTER" "$PROJECT_ID" "$LOCATION" >&2
  local namespace deleted=()
  for namespace in "${ALL_NAMESPACES[@]}"; do
    [[ $namespace == default ]] || deleted+=("$namespace")
  done
  printf 'the router %s, the secret %s in the namespace(s) %s,\n' \
    "$ROUTER_RELEASE" "$SECRET_NAME" "$(join_comma "${MODEL_NAMESPACES[@]}")" >&2
  if ((${#deleted[@]} > 0)); then
    printf 'the namespace(s) %s with everything in them,\n' "$(join_comma "${deleted[@]}")" >&2
  fi
  printf 'and the proxy-only subnet %s (region %s) if it exists.\n' "$PROXY_SUBNET_NAME" "$REGION" >&2
  printf 'Type yes to continue: ' >&2
  local answer=""
  if ! read -r answer && [[ -z $answer ]]; then
    printf '\n' >&2
    die "no confirmation: stdin has no answer (no terminal?). Type yes at the prompt, or pass --yes to run unattended. Nothing was deleted."
  fi
  [[ $answer == yes ]] || die "not confirmed (the answer was not 'yes'). Nothing was deleted."
}

dry_run_banner() {
  if [[ $DRY_RUN_ASSUMES == absent ]]; then
    echo "# dry run: nothing is run or changed. Assumes nothing exists yet, so every step creates."
  else
    echo "# dry run: nothing is run or changed. Assumes everything exists, so every step deletes."
  fi
  echo "# Commands are printed as '+ ...'; existence checks are not shown; the token is shown as ***."
}

# ---------------------------------------------------------------------------
# up
# ---------------------------------------------------------------------------
up_cluster() {
  begin_step 1 "cluster $CLUSTER"
  if exists gcloud container clusters describe "$CLUSTER" --location "$LOCATION" --project "$PROJECT_ID"; then
    status "exists, skipped"
    return
  fi
  status "creating (this takes several minutes)"
  run gcloud container clusters create "$CLUSTER" --project "$PROJECT_ID" --location "$LOCATION" \
    --release-channel "$RELEASE_CHANNEL" --cluster-version "$CLUSTER_VERSION" \
    --gateway-api standard --addons HttpLoadBalancing,RayOperator \
    --enable-ray-cluster-logging --enable-ray-cluster-monitoring
}

up_credentials() {
  begin_step 2 "credentials"
  status "fetching for kubectl and helm"
  run gcloud container clusters get-credentials "$CLUSTER" --location "$LOCATION" --project "$PROJECT_ID"
}

up_node_pools() {
  if ((${#POOL_NAMES[@]} == 0)); then
    begin_step 3 "node pools"
    status "none in the plan, skipped"
    return
  fi
  local i name
  for i in "${!POOL_NAMES[@]}"; do
    name=${POOL_NAMES[$i]}
    begin_step 3 "node pool $name"
    if exists gcloud container node-pools describe "$name" --cluster "$CLUSTER" --location "$LOCATION" --project "$PROJECT_ID"; then
      status "exists, skipped"
      continue
    fi
    status "creating"
    run gcloud container node-pools create "$name" --cluster "$CLUSTER" --location "$LOCATION" --project "$PROJECT_ID" \
      --accelerator "type=${POOL_ACCELERATORS[$i]},count=${POOL_GPUS_PER_NODE[$i]},gpu-driver-version=latest" \
      --machine-type "${POOL_MACHINE_TYPES[$i]}" --num-nodes "${POOL_NODES[$i]}"
  done
}

up_network_services_api() {
  begin_step 4 "network services API"
  local enabled
  query enabled gcloud services list --enabled --project "$PROJECT_ID" \
    --filter=config.name=networkservices.googleapis.com '--format=value(config.name)'
  if [[ -n $enabled ]]; then
    status "enabled, skipped"
    return
  fi
  status "enabling"
  run gcloud services enable networkservices.googleapis.com --project "$PROJECT_ID"
}

# A region and network can have only one ACTIVE proxy-only subnet, whatever its name.
up_proxy_subnet() {
  begin_step 5 "proxy-only subnet"
  if [[ $PROXY_SUBNET_REQUIRED != true ]]; then
    status "not needed by this gateway class, skipped"
    return
  fi
  local active
  query active gcloud compute networks subnets list --project "$PROJECT_ID" --network "$NETWORK" --regions "$REGION" \
    '--filter=purpose=REGIONAL_MANAGED_PROXY AND role=ACTIVE' '--format=value(name)'
  if [[ -n $active ]]; then
    status "exists (${active%%$'\n'*}), skipped"
    return
  fi
  status "creating $PROXY_SUBNET_NAME"
  run gcloud compute networks subnets create "$PROXY_SUBNET_NAME" --project "$PROJECT_ID" \
    --purpose REGIONAL_MANAGED_PROXY --role ACTIVE --region "$REGION" --network "$NETWORK" --range "$PROXY_SUBNET_RANGE"
}

# The Gateway's namespace, then the models' ones, in plan order.
up_namespaces() {
  local namespace
  for namespace in "${ALL_NAMESPACES[@]}"; do
    begin_step 6 "namespace $namespace"
    if [[ $namespace == default ]]; then
      status "default namespace, skipped"
      continue
    fi
    if exists kubectl get namespace "$namespace"; then
      status "exists, skipped"
      continue
    fi
    status "creating"
    run kubectl create namespace "$namespace"
  done
}

# One secret per model namespace: a RayService reads it from its own namespace.
# The token goes through a pipe only: printf is a shell builtin, so it is in no
# process's arguments, and the Secret manifest reaches kubectl apply on stdin.
up_secrets() {
  local namespace
  for namespace in "${MODEL_NAMESPACES[@]}"; do
    begin_step 7 "secret $namespace/$SECRET_NAME"
    status "creating or updating"
    local create=(kubectl create secret generic "$SECRET_NAME" --namespace "$namespace"
      "--from-file=$SECRET_KEY=/dev/stdin" --dry-run=client -o yaml)
    local apply=(kubectl apply -f -)
    printf "+ printf '%%s' '***' | %s | %s\n" "$(quote_command "${create[@]}")" "$(quote_command "${apply[@]}")"
    if $DRY_RUN; then
      continue
    fi
    printf '%s' "$HF_TOKEN_VALUE" | "${create[@]}" | "${apply[@]}" || fail_step "$?"
  done
}

up_router() {
  begin_step 8 "router $ROUTER_RELEASE"
  status "installing or upgrading"
  run helm upgrade --install "$ROUTER_RELEASE" "$ROUTER_CHART" --version "$ROUTER_CHART_VERSION" \
    --namespace "$NAMESPACE" --values "$ROUTER_VALUES"
}

up_manifests() {
  begin_step 9 "manifests"
  status "applying $DIST_DIR (recursively)"
  run kubectl apply -R -f "$DIST_DIR"
}

cmd_up() {
  STEP_TOTAL=9
  DRY_RUN_ASSUMES=absent
  if $DRY_RUN; then
    dry_run_banner
  fi
  up_cluster
  up_credentials
  up_node_pools
  up_network_services_api
  up_proxy_subnet
  up_namespaces
  up_secrets
  up_router
  up_manifests
  if $DRY_RUN; then
    echo "dry run: nothing was changed."
  else
    local watch="--namespace ${MODEL_NAMESPACES[0]}"
    if ((${#MODEL_NAMESPACES[@]} > 1)); then
      watch="--all-namespaces"
    fi
    echo "done: cluster $CLUSTER is set up. Models take several minutes to load; watch them with: kubectl get rayservices $watch"
  fi
}

# ---------------------------------------------------------------------------
# down
# ---------------------------------------------------------------------------

# skip_without_cluster: prints a skip line and returns 0 when the cluster is gone.
skip_without_cluster() {
  if $CLUSTER_FOUND; then
    return 1
  fi
  status "no cluster, skipped"
}

down_credentials() {
  begin_step 1 "credentials"
  if exists gcloud container clusters describe "$CLUSTER" --location "$LOCATION" --project "$PROJECT_ID"; then
    CLUSTER_FOUND=true
    status "fetching for kubectl and helm"
    run gcloud container clusters get-credentials "$CLUSTER" --location "$LOCATION" --project "$PROJECT_ID"
  else
    status "cluster $CLUSTER not found, skipped (so are the steps inside it)"
  fi
}

down_manifests() {
  begin_step 2 "manifests"
  skip_without_cluster && return
  status "deleting $DIST_DIR (recursively)"
  run kubectl delete -R -f "$DIST_DIR" --ignore-not-found
}

down_router() {
  begin_step 3 "router $ROUTER_RELEASE"
  skip_without_cluster && return
  if ! exists helm status "$ROUTER_RELEASE" --namespace "$NAMESPACE"; then
    status "not installed, skipped"
    return
  fi
  status "uninstalling"
  run helm uninstall "$ROUTER_RELEASE" --namespace "$NAMESPACE"
}

# In reverse plan order.
down_secrets() {
  local i namespace
  for ((i = ${#MODEL_NAMESPACES[@]} - 1; i >= 0; i--)); do
    namespace=${MODEL_NAMESPACES[$i]}
    begin_step 4 "secret $namespace/$SECRET_NAME"
    skip_without_cluster && continue
    status "deleting"
    run kubectl delete secret "$SECRET_NAME" --namespace "$namespace" --ignore-not-found
  done
}

# In reverse of the order up creates them in.
down_namespaces() {
  local i namespace
  for ((i = ${#ALL_NAMESPACES[@]} - 1; i >= 0; i--)); do
    namespace=${ALL_NAMESPACES[$i]}
    begin_step 5 "namespace $namespace"
    if [[ $namespace == default ]]; then
      status "default namespace, skipped"
      continue
    fi
    skip_without_cluster && continue
    if ! exists kubectl get namespace "$namespace"; then
      status "not found, skipped"
      continue
    fi
    status "deleting"
    run kubectl delete namespace "$namespace"
  done
}

# Only the subnet named PROXY_SUBNET_NAME, never another active proxy-only subnet.
down_proxy_subnet() {
  begin_step 6 "proxy-only subnet $PROXY_SUBNET_NAME"
  if ! exists gcloud compute networks subnets describe "$PROXY_SUBNET_NAME" --project "$PROJECT_ID" --region "$REGION"; then
    status "not found, skipped"
    return
  fi
  status "deleting"
  echo "note: every regional Envoy-based load balancer of network $NETWORK in $REGION uses this subnet; if another one still does, the deletion fails and you can keep the subnet."
  run gcloud compute networks subnets delete "$PROXY_SUBNET_NAME" --project "$PROJECT_ID" --region "$REGION" --quiet
}

# In reverse plan order.
down_node_pools() {
  local i name
  if ((${#POOL_NAMES[@]} == 0)); then
    begin_step 7 "node pools"
    status "none in the plan, skipped"
    return
  fi
  for ((i = ${#POOL_NAMES[@]} - 1; i >= 0; i--)); do
    name=${POOL_NAMES[$i]}
    begin_step 7 "node pool $name"
    skip_without_cluster && continue
    if ! exists gcloud container node-pools describe "$name" --cluster "$CLUSTER" --location "$LOCATION" --project "$PROJECT_ID"; then
      status "not found, skipped"
      continue
    fi
    status "deleting"
    run gcloud container node-pools delete "$name" --cluster "$CLUSTER" --location "$LOCATION" --project "$PROJECT_ID" --quiet
  done
}

down_cluster() {
  begin_step 8 "cluster $CLUSTER"
  skip_without_cluster && return
  status "deleting (this takes several minutes)"
  run gcloud container clusters delete "$CLUSTER" --location "$LOCATION" --project "$PROJECT_ID" --quiet
}

cmd_down() {
  STEP_TOTAL=8
  DRY_RUN_ASSUMES=present
  confirm_down
  if $DRY_RUN; then
    dry_run_banner
  fi
  down_credentials
  down_manifests
  down_router
  down_secrets
  down_namespaces
  down_proxy_subnet
  down_node_pools
  down_cluster
  if $DRY_RUN; then
    echo "dry run: nothing was changed."
  else
    echo "done: cluster $CLUSTER and its resources are removed (the networkservices API stays enabled)."
  fi
}

main() {
  parse_args "$@"
  if ! $DRY_RUN; then
    require_tools
  fi
  load_plan
  if [[ $COMMAND == up ]]; then
    check_proxy_subnet_range
  fi
  require_manifests
  if [[ $COMMAND == up ]]; then
    require_router_values
    load_token
    if ! $DRY_RUN; then
      require_token
    fi
  fi
  resolve_cluster
  resolve_region
  resolve_project

  case $COMMAND in
    up) cmd_up ;;
    down) cmd_down ;;
  esac
}

main "$@"
