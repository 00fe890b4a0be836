#!/usr/bin/env bash
# Creates (up) or removes (down) the GKE cluster, GPU node pools, proxy-only subnet,
# namespaces, Hugging Face secrets and body-based router that the manifests in dist/
# need, then applies (or deletes) those manifests.
# Multi-cluster mode (the plan has PLAN_CLUSTER_COUNT): several clusters in a fleet behind
# a multi-cluster Gateway, each with its own node pools, namespaces, secrets and manifests.
#
# Inputs, written by `npx cdk8s synth`: deploy/cluster-plan.env, deploy/router-values.yaml,
# dist/ (one folder per namespace, applied recursively; in multi-cluster mode one folder
# per cluster, dist/<cluster>/<namespace>/).
# Usage: scripts/cluster.sh up|down [--dry-run] [--yes] [--help]
# Documentation: scripts/README.md

# The Hugging Face token first, before any other command: copied into a shell variable that is
# never exported and removed from the environment, so no process this script starts (not even
# the dirname below) inherits it. load_token falls back to HUGGING_FACE_TOKEN_FILE.
HF_TOKEN_VALUE="${HUGGING_FACE_TOKEN:-}"
export -n HF_TOKEN_VALUE
unset HUGGING_FACE_TOKEN
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
# Multi-cluster mode: the APIs that multi-cluster Services and Gateways need, enabled in this order.
readonly MULTI_CLUSTER_APIS=(
  networkservices.googleapis.com
  multiclusterservicediscovery.googleapis.com
  multiclusteringress.googleapis.com
  trafficdirector.googleapis.com
  gkehub.googleapis.com
)

# The single-cluster settings given in the environment: multi-cluster mode ignores them
# and says so (warn_ignored_settings).
SINGLE_CLUSTER_SETTINGS_SET=()
for setting in CLUSTER LOCATION REGION DIST_DIR; do
  [[ -z ${!setting:-} ]] || SINGLE_CLUSTER_SETTINGS_SET+=("$setting")
done
unset setting

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
MULTI=false         # multi-cluster mode: the plan has PLAN_CLUSTER_COUNT

# The Hugging Face token (HF_TOKEN_VALUE, read at the top). Never exported, never passed as an
# argument, never printed.

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
POOL_MAX_NODES=()    # autoscaling maximum: POOL_NODES plus room for upgrades (PLAN_..._MAX_NODES)
POOL_CLUSTERS=()     # multi-cluster mode: the index (in CLUSTER_NAMES) of each pool's cluster
CLUSTER_POOLS=()     # multi-cluster mode: the pools of one cluster (cluster_pools)
PARSED_NAMESPACES=() # the result of parse_namespaces

# Multi-cluster mode: one entry per cluster, in plan order (index 0 is PLAN_CLUSTER_1).
CLUSTER_NAMES=()                # GKE cluster name and fleet membership name
CLUSTER_REGIONS=()              # its region
CLUSTER_LOCATIONS=()            # its zone or region
CLUSTER_DISTS=()                # its manifests folder (absolute)
CLUSTER_NAMESPACE_SETS=()       # comma-separated: the namespaces up creates there, in order
CLUSTER_MODEL_NAMESPACE_SETS=() # comma-separated: the namespaces that get the secret
CLUSTER_CONTEXTS=()             # the kubectl context get-credentials makes (set_cluster_contexts)
CLUSTER_PRESENT=()              # down: whether the cluster exists (true/false)
CONFIG_INDEX=""                 # the config cluster: the Gateway, the routes and the router
APPLY_ORDER=()                  # up step 8: the other clusters first, the config cluster last
PROXY_SUBNET_PURPOSE=""         # GLOBAL_MANAGED_PROXY or REGIONAL_MANAGED_PROXY
SUBNET_REGIONS=()               # the distinct regions of the clusters, in plan order
SUBNET_RANGES=()                # the range of the first cluster of each region
SUBNET_RANGE_KEYS=()            # the plan key each range comes from (for messages)

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
sources it. Two modes, chosen by the plan: one cluster (below), or several
clusters behind a multi-cluster Gateway when the plan has PLAN_CLUSTER_COUNT
(see "Multi-cluster mode" further down).

up (one cluster), in this order (each step first checks whether its resource
exists and skips it if so, so running up again creates nothing twice):
  1. GKE cluster (Gateway API, Ray operator, Ray logging and monitoring,
     Workload Identity: --workload-pool PROJECT_ID.svc.id.goog)
  2. cluster credentials for kubectl and helm (gcloud ... get-credentials)
  3. one GPU node pool per accelerator in the plan (GKE metadata server)
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

Multi-cluster mode (the plan has PLAN_CLUSTER_COUNT and PLAN_CLUSTER_<n>_* keys;
the clusters, their locations and manifest folders come from the plan, so
CLUSTER, LOCATION, REGION and DIST_DIR are ignored, with a warning). up:
  1. each GKE cluster, as above plus --enable-fleet (registered in the
     project's fleet when created)
  2. each cluster: credentials (context gke_PROJECT_LOCATION_NAME), then its
     GPU node pools (PLAN_CLUSTER_<n>_NODE_POOL_*)
  3. each cluster's fleet membership (registered unless it exists)
  4. the APIs networkservices, multiclusterservicediscovery, multiclusteringress,
     trafficdirector and gkehub (.googleapis.com)
  5. multi-cluster Services (fleet feature), and the role
     roles/compute.networkViewer for its importer (granted every time)
  6. multi-cluster Gateway (fleet ingress feature, config membership: the
     cluster with PLAN_CLUSTER_<n>_CONFIG=true), and roles/container.admin for
     its service agent (granted every time)
  7. one proxy-only subnet per region of the clusters, when the gateway class
     needs them: PROXY_SUBNET_NAME-REGION, purpose PLAN_PROXY_SUBNET_PURPOSE,
     range PLAN_CLUSTER_<n>_PROXY_SUBNET_RANGE of the region's first cluster
  8. each cluster, the config cluster last (its routes use the services the
     others export): namespaces (PLAN_CLUSTER_<n>_NAMESPACES), the secret in
     each of PLAN_CLUSTER_<n>_MODEL_NAMESPACES, the router (config cluster
     only), then kubectl apply -R -f PLAN_CLUSTER_<n>_DIST
down, in reverse: in each cluster (the config cluster first) manifests, router,
secrets and namespaces; the subnets PROXY_SUBNET_NAME-REGION (those exact
names); the fleet memberships (unregistered); node pools; clusters. The fleet
features, the IAM grants and the APIs stay.

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
  CLUSTER                 cluster name (default: \$(id -un)-ray-bbr); one
                          cluster only
  LOCATION                cluster zone or region (default: $DEFAULT_LOCATION);
                          one cluster only
  REGION                  region of the proxy-only subnet; must contain LOCATION
                          (default: the region of LOCATION, us-central1); one
                          cluster only
  NETWORK                 VPC network of the cluster(s) (default: $DEFAULT_NETWORK)
  PROXY_SUBNET_NAME       proxy-only subnet name (default: $DEFAULT_PROXY_SUBNET_NAME);
                          with several clusters, the prefix of one per region
  RELEASE_CHANNEL         GKE release channel (default: $DEFAULT_RELEASE_CHANNEL)
  CLUSTER_VERSION         GKE version (default: $DEFAULT_CLUSTER_VERSION)
  ROUTER_CHART            body-based router Helm chart
                          (default: $DEFAULT_ROUTER_CHART)
  ROUTER_CHART_VERSION    chart version (default: $DEFAULT_ROUTER_CHART_VERSION)
  HUGGING_FACE_TOKEN      Hugging Face token, required by up (no default)
  HUGGING_FACE_TOKEN_FILE file holding the token, used when HUGGING_FACE_TOKEN
                          is unset (no default)
  CLUSTER_PLAN            plan file (default: <repo>/deploy/cluster-plan.env)
  DIST_DIR                manifests folder, read recursively (default: <repo>/dist);
                          one cluster only (several: PLAN_CLUSTER_<n>_DIST)

PROXY_SUBNET_RANGE is no longer a setting: the proxy-only subnet's range comes
from the plan (PLAN_PROXY_SUBNET_RANGE; with several clusters, each region's
PLAN_CLUSTER_<n>_PROXY_SUBNET_RANGE), because the NetworkPolicies in dist/
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

# plan_get_list VARIABLE KEY: like plan_get, but an empty value is allowed (the key must be there).
plan_get_list() {
  local key=$2
  [[ -n ${PLAN[$key]+set} ]] ||
    die "the plan $CLUSTER_PLAN has no $key. Re-run \`npx cdk8s synth\` to regenerate it."
  printf -v "$1" '%s' "${PLAN[$key]}"
}

# parse_namespaces KEY LIST: the comma-separated namespaces LIST (the value of KEY) into
# PARSED_NAMESPACES, in order, without duplicates. An empty LIST is an empty list.
parse_namespaces() {
  local key=$1 list=$2 namespace valid=true
  local namespaces=()
  PARSED_NAMESPACES=()
  IFS=',' read -r -a namespaces <<<"$list"
  [[ $list != *, ]] || valid=false # read drops a trailing empty item
  for namespace in "${namespaces[@]}"; do
    is_namespace "$namespace" || valid=false
  done
  $valid ||
    die "the plan $CLUSTER_PLAN: $key must be a comma-separated list of namespace names (lowercase letters, digits and -, at most 63 characters each), not '$list'"
  for namespace in "${namespaces[@]}"; do
    contains "$namespace" "${PARSED_NAMESPACES[@]}" || PARSED_NAMESPACES+=("$namespace")
  done
}

# plan_get_namespaces KEY: the comma-separated namespaces of KEY into MODEL_NAMESPACES,
# in plan order, without duplicates.
plan_get_namespaces() {
  local list
  plan_get list "$1"
  parse_namespaces "$1" "$list"
  MODEL_NAMESPACES=("${PARSED_NAMESPACES[@]}")
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
# A plan with PLAN_CLUSTER_COUNT is a multi-cluster plan.
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
    # A value (or an item of a list) that starts with '-' would reach gcloud/kubectl as an option.
    if [[ $value == -* || $value == *,-* ]]; then
      die "$CLUSTER_PLAN:$line_no: the value of $key starts with '-' (a command would read it as an option); run \`npx cdk8s synth\` to rewrite the plan"
    fi
    PLAN[$key]=$value
  done <"$CLUSTER_PLAN"

  if [[ -n ${PLAN[PLAN_CLUSTER_COUNT]+set} ]]; then
    MULTI=true
    load_multi_cluster_plan
  else
    load_single_cluster_plan
  fi
}

load_single_cluster_plan() {
  plan_get_namespace NAMESPACE PLAN_NAMESPACE
  plan_get_namespaces PLAN_MODEL_NAMESPACES
  local namespace
  ALL_NAMESPACES=("$NAMESPACE")
  for namespace in "${MODEL_NAMESPACES[@]}"; do
    contains "$namespace" "${ALL_NAMESPACES[@]}" || ALL_NAMESPACES+=("$namespace")
  done
  load_shared_plan
  plan_get_cidr PROXY_SUBNET_RANGE PLAN_PROXY_SUBNET_RANGE
  if [[ $ROUTER_VALUES != /* ]]; then
    ROUTER_VALUES="$REPO_ROOT/$ROUTER_VALUES"
  fi
  load_node_pools PLAN_NODE_POOL 0
}

# The keys both modes have (PLAN_NAMESPACE aside, which each mode reads first).
load_shared_plan() {
  plan_get SECRET_NAME PLAN_HF_SECRET_NAME
  plan_get SECRET_KEY PLAN_HF_SECRET_KEY
  plan_get ROUTER_RELEASE PLAN_ROUTER_RELEASE
  plan_get ROUTER_VALUES PLAN_ROUTER_VALUES
  plan_get PROXY_SUBNET_REQUIRED PLAN_PROXY_SUBNET_REQUIRED
  [[ $PROXY_SUBNET_REQUIRED == true || $PROXY_SUBNET_REQUIRED == false ]] ||
    die "the plan $CLUSTER_PLAN: PLAN_PROXY_SUBNET_REQUIRED must be true or false, not '$PROXY_SUBNET_REQUIRED'"
}

# load_node_pools PREFIX CLUSTER_INDEX: the node pools PREFIX_COUNT, PREFIX_1_NAME, ...
# (PLAN_NODE_POOL, or PLAN_CLUSTER_2_NODE_POOL) into the POOL_* arrays.
load_node_pools() {
  local prefix=$1 count i name accelerator gpus machine_type nodes max_nodes
  plan_get_number count "${prefix}_COUNT"
  for ((i = 1; i <= count; i++)); do
    plan_get name "${prefix}_${i}_NAME"
    plan_get accelerator "${prefix}_${i}_ACCELERATOR"
    plan_get_number gpus "${prefix}_${i}_GPUS_PER_NODE"
    plan_get machine_type "${prefix}_${i}_MACHINE_TYPE"
    plan_get_number nodes "${prefix}_${i}_NODES"
    max_nodes=$nodes # plans written before MAX_NODES existed: a fixed-size pool
    if [[ -n ${PLAN[${prefix}_${i}_MAX_NODES]+set} ]]; then
      plan_get_number max_nodes "${prefix}_${i}_MAX_NODES"
      ((max_nodes >= nodes)) || die "the plan $CLUSTER_PLAN: ${prefix}_${i}_MAX_NODES ($max_nodes) is less than ${prefix}_${i}_NODES ($nodes)"
    fi
    POOL_NAMES+=("$name")
    POOL_ACCELERATORS+=("$accelerator")
    POOL_GPUS_PER_NODE+=("$gpus")
    POOL_MACHINE_TYPES+=("$machine_type")
    POOL_NODES+=("$nodes")
    POOL_MAX_NODES+=("$max_nodes")
    POOL_CLUSTERS+=("$2")
  done
}

# is_cluster_name NAME: whether NAME is a valid GKE cluster name.
is_cluster_name() {
  [[ $1 =~ ^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$ ]]
}

# join_by SEPARATOR WORD...: the words joined by SEPARATOR.
join_by() {
  local separator=$1 joined=""
  shift
  if (($# > 0)); then
    joined=$1
    shift
  fi
  local word
  for word in "$@"; do
    joined+="$separator$word"
  done
  printf '%s' "$joined"
}

load_multi_cluster_plan() {
  local key
  for key in PLAN_MODEL_NAMESPACES PLAN_PROXY_SUBNET_RANGE PLAN_NODE_POOL_COUNT; do
    [[ -z ${PLAN[$key]+set} ]] ||
      warn "$CLUSTER_PLAN: $key ignored: the plan has several clusters (PLAN_CLUSTER_COUNT), each with its own"
  done
  plan_get_namespace NAMESPACE PLAN_NAMESPACE
  load_shared_plan
  if [[ $PROXY_SUBNET_REQUIRED == true ]]; then
    plan_get PROXY_SUBNET_PURPOSE PLAN_PROXY_SUBNET_PURPOSE
    [[ $PROXY_SUBNET_PURPOSE == GLOBAL_MANAGED_PROXY || $PROXY_SUBNET_PURPOSE == REGIONAL_MANAGED_PROXY ]] ||
      die "the plan $CLUSTER_PLAN: PLAN_PROXY_SUBNET_PURPOSE must be GLOBAL_MANAGED_PROXY or REGIONAL_MANAGED_PROXY, not '$PROXY_SUBNET_PURPOSE'"
  fi
  if [[ $ROUTER_VALUES != /* ]]; then
    ROUTER_VALUES="$REPO_ROOT/$ROUTER_VALUES"
  fi

  local count i prefix configs=()
  plan_get_number count PLAN_CLUSTER_COUNT
  ((count >= 1)) || die "the plan $CLUSTER_PLAN: PLAN_CLUSTER_COUNT must be at least 1"
  for ((i = 1; i <= count; i++)); do
    prefix="PLAN_CLUSTER_$i"
    load_plan_cluster "$prefix" "$((i - 1))"
    [[ ${PLAN[${prefix}_CONFIG]} == false ]] || configs+=("${CLUSTER_NAMES[i - 1]}")
  done
  local found=none
  ((${#configs[@]} == 0)) || found=$(join_by ', ' "${configs[@]}")
  ((${#configs[@]} == 1)) ||
    die "the plan $CLUSTER_PLAN: exactly one cluster must have PLAN_CLUSTER_<n>_CONFIG=true (the one that holds the Gateway and the routes); found: $found"
  for ((i = 0; i < count; i++)); do
    [[ $i == "$CONFIG_INDEX" ]] || APPLY_ORDER+=("$i")
  done
  APPLY_ORDER+=("$CONFIG_INDEX")
}

# load_plan_cluster PREFIX INDEX: the cluster PREFIX_* (PLAN_CLUSTER_2_*) into the CLUSTER_* arrays.
load_plan_cluster() {
  local prefix=$1 index=$2 name region location config dist range list namespace namespaces=()
  plan_get name "${prefix}_NAME"
  is_cluster_name "$name" ||
    die "the plan $CLUSTER_PLAN: ${prefix}_NAME '$name' is not a valid GKE cluster name (lowercase letters, digits and -, at most 40 characters)"
  ! contains "$name" "${CLUSTER_NAMES[@]}" ||
    die "the plan $CLUSTER_PLAN: ${prefix}_NAME '$name' names another cluster of the plan too"
  plan_get region "${prefix}_REGION"
  [[ $region =~ ^[a-z]+-[a-z]+[0-9]+$ ]] ||
    die "the plan $CLUSTER_PLAN: ${prefix}_REGION must be a region such as us-central1, not '$region'"
  plan_get location "${prefix}_LOCATION"
  [[ $location == "$region" || $location =~ ^$region-[a-z]$ ]] ||
    die "the plan $CLUSTER_PLAN: ${prefix}_LOCATION '$location' is not the region $region or a zone of it"
  plan_get config "${prefix}_CONFIG"
  [[ $config == true || $config == false ]] ||
    die "the plan $CLUSTER_PLAN: ${prefix}_CONFIG must be true or false, not '$config'"
  [[ $config == false ]] || CONFIG_INDEX=$index
  plan_get dist "${prefix}_DIST"
  [[ $dist == /* ]] || dist="$REPO_ROOT/$dist"
  plan_get_cidr range "${prefix}_PROXY_SUBNET_RANGE"

  # Its namespaces: those of the plan, then (to be safe) the Gateway's for the config
  # cluster and the model namespaces, each once.
  plan_get_list list "${prefix}_NAMESPACES"
  parse_namespaces "${prefix}_NAMESPACES" "$list"
  namespaces=("${PARSED_NAMESPACES[@]}")
  if [[ $config == true ]] && ! contains "$NAMESPACE" "${namespaces[@]}"; then
    namespaces+=("$NAMESPACE")
  fi
  plan_get_list list "${prefix}_MODEL_NAMESPACES"
  parse_namespaces "${prefix}_MODEL_NAMESPACES" "$list"
  for namespace in "${PARSED_NAMESPACES[@]}"; do
    contains "$namespace" "${namespaces[@]}" || namespaces+=("$namespace")
  done

  CLUSTER_NAMES+=("$name")
  CLUSTER_REGIONS+=("$region")
  CLUSTER_LOCATIONS+=("$location")
  CLUSTER_DISTS+=("$dist")
  CLUSTER_NAMESPACE_SETS+=("$(join_by , "${namespaces[@]}")")
  CLUSTER_MODEL_NAMESPACE_SETS+=("$(join_by , "${PARSED_NAMESPACES[@]}")")
  load_node_pools "${prefix}_NODE_POOL" "$index"

  # One proxy-only subnet per region, with the range of the region's first cluster.
  local r
  for r in "${!SUBNET_REGIONS[@]}"; do
    if [[ ${SUBNET_REGIONS[r]} == "$region" ]]; then
      [[ $PROXY_SUBNET_REQUIRED != true || ${SUBNET_RANGES[r]} == "$range" ]] ||
        die "the plan $CLUSTER_PLAN: ${prefix}_PROXY_SUBNET_RANGE is $range but ${SUBNET_RANGE_KEYS[r]} of another cluster in $region is ${SUBNET_RANGES[r]}; a region has one proxy-only subnet. Re-run \`npx cdk8s synth\`."
      return 0
    fi
  done
  SUBNET_REGIONS+=("$region")
  SUBNET_RANGES+=("$range")
  SUBNET_RANGE_KEYS+=("${prefix}_PROXY_SUBNET_RANGE")
  is_resource_name "$PROXY_SUBNET_NAME-$region" ||
    die "PROXY_SUBNET_NAME '$PROXY_SUBNET_NAME' makes the subnet name '$PROXY_SUBNET_NAME-$region', which is not a valid name (lowercase letters, digits and -, at most 63 characters); set a shorter PROXY_SUBNET_NAME."
}

# is_resource_name NAME: whether NAME is a valid Compute Engine resource name.
is_resource_name() {
  [[ $1 =~ ^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$ ]]
}

# split_list VARIABLE LIST: the comma-separated LIST into the array VARIABLE ("" is no item).
split_list() {
  IFS=',' read -r -a "$1" <<<"$2"
}

# require_manifest_folder DIR HINT: DIR holds a manifest at some depth (one folder per
# namespace); HINT ends the error messages.
require_manifest_folder() {
  [[ -d $1 ]] ||
    die "manifests folder not found: $1. $2"
  local manifest
  manifest=$(find "$1" -name '*.yaml' ! -type d -print -quit) || manifest=""
  [[ -n $manifest ]] ||
    die "no manifests (*.yaml) in $1 or its subfolders. $2"
}

# dist/ holds one folder per namespace: a manifest at any depth will do. In multi-cluster
# mode each cluster has its own folder (PLAN_CLUSTER_<n>_DIST, dist/<cluster>).
require_manifests() {
  if ! $MULTI; then
    require_manifest_folder "$DIST_DIR" "Run \`npx cdk8s synth\` first, or set DIST_DIR."
    return
  fi
  local i
  for i in "${!CLUSTER_NAMES[@]}"; do
    require_manifest_folder "${CLUSTER_DISTS[i]}" \
      "(PLAN_CLUSTER_$((i + 1))_DIST of the cluster ${CLUSTER_NAMES[i]} in $CLUSTER_PLAN). Run \`npx cdk8s synth\` first."
  done
}

# Multi-cluster mode: the clusters, their locations and folders come from the plan.
warn_ignored_settings() {
  if $MULTI && ((${#SINGLE_CLUSTER_SETTINGS_SET[@]} > 0)); then
    warn "$(join_by ', ' "${SINGLE_CLUSTER_SETTINGS_SET[@]}") ignored: the plan has several clusters, each with its name, location, region and manifests folder (PLAN_CLUSTER_<n>_*)."
  fi
}

# up: PROXY_SUBNET_RANGE is not a setting any more. The NetworkPolicies in dist/ admit
# only the plan's range, so they would block the proxies of a subnet with another one.
check_proxy_subnet_range() {
  if $MULTI; then
    check_proxy_subnet_ranges
    return
  fi
  [[ -z $PROXY_SUBNET_RANGE_ENV || $PROXY_SUBNET_RANGE_ENV == "$PROXY_SUBNET_RANGE" ]] ||
    die "PROXY_SUBNET_RANGE is $PROXY_SUBNET_RANGE_ENV but the plan $CLUSTER_PLAN says $PROXY_SUBNET_RANGE. PROXY_SUBNET_RANGE is no longer a setting: the range comes from models.yaml, because the NetworkPolicies generated from it admit that range. Set network.proxySubnetRange in models.yaml, re-run \`npx cdk8s synth\`, and unset PROXY_SUBNET_RANGE. Nothing was changed."
}

# Multi-cluster mode: a PROXY_SUBNET_RANGE that is set must be the range of every subnet up creates.
check_proxy_subnet_ranges() {
  [[ -n $PROXY_SUBNET_RANGE_ENV && $PROXY_SUBNET_REQUIRED == true ]] || return 0
  local r
  for r in "${!SUBNET_REGIONS[@]}"; do
    [[ $PROXY_SUBNET_RANGE_ENV == "${SUBNET_RANGES[r]}" ]] ||
      die "PROXY_SUBNET_RANGE is $PROXY_SUBNET_RANGE_ENV but the plan $CLUSTER_PLAN says ${SUBNET_RANGES[r]} for ${SUBNET_REGIONS[r]} (${SUBNET_RANGE_KEYS[r]}). PROXY_SUBNET_RANGE is no longer a setting: the ranges come from models.yaml, because the NetworkPolicies generated from them admit those ranges. Set the clusters' proxySubnetRange (or network.proxySubnetRange) in models.yaml, re-run \`npx cdk8s synth\`, and unset PROXY_SUBNET_RANGE. Nothing was changed."
  done
}

require_router_values() {
  [[ -f $ROUTER_VALUES ]] ||
    die "router values not found: $ROUTER_VALUES (PLAN_ROUTER_VALUES in $CLUSTER_PLAN). Run \`npx cdk8s synth\` first."
}

# HF_TOKEN_VALUE holds HUGGING_FACE_TOKEN (taken, and unset, at the top of the script); without
# it, reads the token from the file HUGGING_FACE_TOKEN_FILE (its trailing newline removed).
load_token() {
  if [[ -z $HF_TOKEN_VALUE && -n ${HUGGING_FACE_TOKEN_FILE:-} ]]; then
    [[ -f $HUGGING_FACE_TOKEN_FILE && -r $HUGGING_FACE_TOKEN_FILE ]] ||
      die "HUGGING_FACE_TOKEN_FILE is not a readable file: $HUGGING_FACE_TOKEN_FILE"
    HF_TOKEN_VALUE=$(<"$HUGGING_FACE_TOKEN_FILE") # $(...) drops trailing newlines
    HF_TOKEN_VALUE=${HF_TOKEN_VALUE%$'\r'}
  fi
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
  read_confirmation
}

# Multi-cluster mode: the same question, listing every cluster.
confirm_down_multi() {
  if $DRY_RUN || $ASSUME_YES; then
    return 0
  fi
  local i clusters=() subnets=() r
  for i in "${!CLUSTER_NAMES[@]}"; do
    clusters+=("${CLUSTER_NAMES[i]} (location ${CLUSTER_LOCATIONS[i]})")
  done
  printf 'This deletes the clusters %s of project %s with all their workloads and node pools,\n' \
    "$(join_by ', ' "${clusters[@]}")" "$PROJECT_ID" >&2
  printf 'unregisters them from the fleet, and deletes\n' >&2
  printf '  the router %s in the cluster %s (namespace %s),\n' "$ROUTER_RELEASE" "${CLUSTER_NAMES[CONFIG_INDEX]}" "$NAMESPACE" >&2
  local namespaces=() models=() namespace deleted
  for i in "${!CLUSTER_NAMES[@]}"; do
    split_list namespaces "${CLUSTER_NAMESPACE_SETS[i]}"
    split_list models "${CLUSTER_MODEL_NAMESPACE_SETS[i]}"
    if ((${#models[@]} > 0)); then
      printf '  in %s: the secret %s in the namespace(s) %s,\n' "${CLUSTER_NAMES[i]}" "$SECRET_NAME" "$(join_comma "${models[@]}")" >&2
    fi
    deleted=()
    for namespace in "${namespaces[@]}"; do
      [[ $namespace == default ]] || deleted+=("$namespace")
    done
    if ((${#deleted[@]} > 0)); then
      printf '  in %s: the namespace(s) %s with everything in them,\n' "${CLUSTER_NAMES[i]}" "$(join_comma "${deleted[@]}")" >&2
    fi
  done
  for r in "${!SUBNET_REGIONS[@]}"; do
    subnets+=("$PROXY_SUBNET_NAME-${SUBNET_REGIONS[r]}")
  done
  printf 'and the proxy-only subnet(s) %s if they exist.\n' "$(join_comma "${subnets[@]}")" >&2
  printf 'The fleet features (multi-cluster Services and Gateway), the IAM grants and the APIs stay.\n' >&2
  read_confirmation
}

read_confirmation() {
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

# Helpers both modes use. KUBECTL_FLAG / HELM_FLAG: --context CONTEXT / --kube-context
# CONTEXT in multi-cluster mode, nothing (kubectl's current context) with one cluster.

# create_cluster NAME LOCATION [FLAG...]: creates the GKE cluster, with FLAGs added. Always
# with Workload Identity (--workload-pool): pods then get their own identity from the GKE
# metadata server instead of the node's service account.
create_cluster() {
  local name=$1 location=$2
  shift 2
  run gcloud container clusters create "$name" --project "$PROJECT_ID" --location "$location" \
    --release-channel "$RELEASE_CHANNEL" --cluster-version "$CLUSTER_VERSION" \
    --gateway-api standard --addons HttpLoadBalancing,RayOperator \
    --enable-ray-cluster-logging --enable-ray-cluster-monitoring \
    --workload-pool "$PROJECT_ID.svc.id.goog" "$@"
}

# create_node_pool POOL_INDEX CLUSTER LOCATION: the node pool POOL_NAMES[POOL_INDEX], unless it
# exists. Its nodes run the GKE metadata server (GKE_METADATA): pods cannot reach the node's
# service account through the metadata server.
create_node_pool() {
  local pool=$1 cluster=$2 location=$3
  local name=${POOL_NAMES[pool]}
  if exists gcloud container node-pools describe "$name" --cluster "$cluster" --location "$location" --project "$PROJECT_ID"; then
    status "exists, skipped"
    return
  fi
  status "creating"
  # Room for upgrades: the pool grows up to MAX_NODES while KubeRay runs a second Ray cluster.
  local autoscaling=()
  if ((POOL_MAX_NODES[pool] > POOL_NODES[pool])); then
    autoscaling=(--enable-autoscaling --min-nodes "${POOL_NODES[pool]}" --max-nodes "${POOL_MAX_NODES[pool]}")
  fi
  run gcloud container node-pools create "$name" --cluster "$cluster" --location "$location" --project "$PROJECT_ID" \
    --accelerator "type=${POOL_ACCELERATORS[pool]},count=${POOL_GPUS_PER_NODE[pool]},gpu-driver-version=latest" \
    --machine-type "${POOL_MACHINE_TYPES[pool]}" --num-nodes "${POOL_NODES[pool]}" "${autoscaling[@]}" --workload-metadata=GKE_METADATA
}

# enable_api API: enables the API unless `gcloud services list --enabled` lists it.
enable_api() {
  local api=$1 enabled
  query enabled gcloud services list --enabled --project "$PROJECT_ID" \
    "--filter=config.name=$api" '--format=value(config.name)'
  if [[ -n $enabled ]]; then
    status "enabled, skipped"
    return
  fi
  status "enabling"
  run gcloud services enable "$api" --project "$PROJECT_ID"
}

# create_proxy_subnet NAME REGION PURPOSE RANGE: creates the subnet unless the region and
# network already have an ACTIVE proxy-only subnet of that purpose, whatever its name
# (there can be only one).
create_proxy_subnet() {
  local name=$1 region=$2 purpose=$3 range=$4 active
  query active gcloud compute networks subnets list --project "$PROJECT_ID" --network "$NETWORK" --regions "$region" \
    "--filter=purpose=$purpose AND role=ACTIVE" '--format=value(name)'
  if [[ -n $active ]]; then
    status "exists (${active%%$'\n'*}), skipped"
    return
  fi
  status "creating $name"
  run gcloud compute networks subnets create "$name" --project "$PROJECT_ID" \
    --purpose "$purpose" --role ACTIVE --region "$region" --network "$NETWORK" --range "$range"
}

# create_namespace NAMESPACE [KUBECTL_FLAG...]: creates NAMESPACE unless it is default or exists.
create_namespace() {
  local namespace=$1
  shift
  if [[ $namespace == default ]]; then
    status "default namespace, skipped"
    return
  fi
  if exists kubectl "$@" get namespace "$namespace"; then
    status "exists, skipped"
    return
  fi
  status "creating"
  run kubectl "$@" create namespace "$namespace"
}

# write_secret NAMESPACE [KUBECTL_FLAG...]: creates or updates the token secret in NAMESPACE.
# The token goes through a pipe only: printf is a shell builtin, so it is in no
# process's arguments, and the Secret manifest reaches kubectl apply on stdin.
write_secret() {
  local namespace=$1
  shift
  status "creating or updating"
  local create=(kubectl "$@" create secret generic "$SECRET_NAME" --namespace "$namespace"
    "--from-file=$SECRET_KEY=/dev/stdin" --dry-run=client -o yaml)
  local apply=(kubectl "$@" apply -f -)
  printf "+ printf '%%s' '***' | %s | %s\n" "$(quote_command "${create[@]}")" "$(quote_command "${apply[@]}")"
  if $DRY_RUN; then
    return 0
  fi
  printf '%s' "$HF_TOKEN_VALUE" | "${create[@]}" | "${apply[@]}" || fail_step "$?"
}

# install_router [HELM_FLAG...]: installs or upgrades the body-based router in NAMESPACE.
# In a fleet the chart's own GCPRoutingExtension (backend: a Service) is turned off
# (provider.name=none, as deploy/router-values.yaml says too): a multi-cluster Gateway needs an
# extension to a ServiceImport, which synth writes into the config cluster's manifests.
install_router() {
  local provider=()
  [[ -z $CONFIG_INDEX ]] || provider=(--set provider.name=none)
  status "installing or upgrading"
  run helm "$@" upgrade --install "$ROUTER_RELEASE" "$ROUTER_CHART" --version "$ROUTER_CHART_VERSION" \
    --namespace "$NAMESPACE" --values "$ROUTER_VALUES" "${provider[@]}"
}

# delete_manifests DIR [KUBECTL_FLAG...]
delete_manifests() {
  local dir=$1
  shift
  status "deleting $dir (recursively)"
  run kubectl "$@" delete -R -f "$dir" --ignore-not-found
}

# uninstall_router [HELM_FLAG...]: uninstalls the router if helm finds the release.
uninstall_router() {
  if ! exists helm "$@" status "$ROUTER_RELEASE" --namespace "$NAMESPACE"; then
    status "not installed, skipped"
    return
  fi
  status "uninstalling"
  run helm "$@" uninstall "$ROUTER_RELEASE" --namespace "$NAMESPACE"
}

# delete_secret NAMESPACE [KUBECTL_FLAG...]
delete_secret() {
  local namespace=$1
  shift
  status "deleting"
  run kubectl "$@" delete secret "$SECRET_NAME" --namespace "$namespace" --ignore-not-found
}

# delete_namespace NAMESPACE [KUBECTL_FLAG...]: deletes NAMESPACE (never default) if it exists.
# The caller skips default first.
delete_namespace() {
  local namespace=$1
  shift
  if ! exists kubectl "$@" get namespace "$namespace"; then
    status "not found, skipped"
    return
  fi
  status "deleting"
  run kubectl "$@" delete namespace "$namespace"
}

# delete_proxy_subnet NAME REGION KIND: deletes the subnet with exactly that name, if it exists.
# KIND (regional, cross-region) names the load balancers that share it.
delete_proxy_subnet() {
  local name=$1 region=$2 kind=$3
  if ! exists gcloud compute networks subnets describe "$name" --project "$PROJECT_ID" --region "$region"; then
    status "not found, skipped"
    return
  fi
  status "deleting"
  echo "note: every $kind Envoy-based load balancer of network $NETWORK in $region uses this subnet; if another one still does, the deletion fails and you can keep the subnet."
  run gcloud compute networks subnets delete "$name" --project "$PROJECT_ID" --region "$region" --quiet
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
  create_cluster "$CLUSTER" "$LOCATION"
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
  local i
  for i in "${!POOL_NAMES[@]}"; do
    begin_step 3 "node pool ${POOL_NAMES[i]}"
    create_node_pool "$i" "$CLUSTER" "$LOCATION"
  done
}

up_network_services_api() {
  begin_step 4 "network services API"
  enable_api networkservices.googleapis.com
}

# A region and network can have only one ACTIVE proxy-only subnet, whatever its name.
up_proxy_subnet() {
  begin_step 5 "proxy-only subnet"
  if [[ $PROXY_SUBNET_REQUIRED != true ]]; then
    status "not needed by this gateway class, skipped"
    return
  fi
  create_proxy_subnet "$PROXY_SUBNET_NAME" "$REGION" REGIONAL_MANAGED_PROXY "$PROXY_SUBNET_RANGE"
}

# The Gateway's namespace, then the models' ones, in plan order.
up_namespaces() {
  local namespace
  for namespace in "${ALL_NAMESPACES[@]}"; do
    begin_step 6 "namespace $namespace"
    create_namespace "$namespace"
  done
}

# One secret per model namespace: a RayService reads it from its own namespace.
up_secrets() {
  local namespace
  for namespace in "${MODEL_NAMESPACES[@]}"; do
    begin_step 7 "secret $namespace/$SECRET_NAME"
    write_secret "$namespace"
  done
}

up_router() {
  begin_step 8 "router $ROUTER_RELEASE"
  install_router
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
  delete_manifests "$DIST_DIR"
}

down_router() {
  begin_step 3 "router $ROUTER_RELEASE"
  skip_without_cluster && return
  uninstall_router
}

# In reverse plan order.
down_secrets() {
  local i
  for ((i = ${#MODEL_NAMESPACES[@]} - 1; i >= 0; i--)); do
    begin_step 4 "secret ${MODEL_NAMESPACES[i]}/$SECRET_NAME"
    skip_without_cluster && continue
    delete_secret "${MODEL_NAMESPACES[i]}"
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
    delete_namespace "$namespace"
  done
}

# Only the subnet named PROXY_SUBNET_NAME, never another active proxy-only subnet.
down_proxy_subnet() {
  begin_step 6 "proxy-only subnet $PROXY_SUBNET_NAME"
  delete_proxy_subnet "$PROXY_SUBNET_NAME" "$REGION" regional
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

# ---------------------------------------------------------------------------
# Multi-cluster mode (the plan has PLAN_CLUSTER_COUNT): several clusters in the
# project's fleet behind a multi-cluster Gateway. kubectl and helm always get the
# cluster's context (--context, --kube-context).
# ---------------------------------------------------------------------------

# The kubectl context that get-credentials makes for each cluster.
set_cluster_contexts() {
  local i
  for i in "${!CLUSTER_NAMES[@]}"; do
    CLUSTER_CONTEXTS+=("gke_${PROJECT_ID}_${CLUSTER_LOCATIONS[i]}_${CLUSTER_NAMES[i]}")
  done
}

# cluster_pools INDEX: the indexes (in POOL_NAMES) of the cluster's node pools, in plan
# order, into CLUSTER_POOLS.
cluster_pools() {
  local p
  CLUSTER_POOLS=()
  for p in "${!POOL_NAMES[@]}"; do
    [[ ${POOL_CLUSTERS[p]} != "$1" ]] || CLUSTER_POOLS+=("$p")
  done
}

# 2. Each cluster, registered in the fleet when it is created.
multi_up_clusters() {
  local i name location
  for i in "${!CLUSTER_NAMES[@]}"; do
    name=${CLUSTER_NAMES[i]}
    location=${CLUSTER_LOCATIONS[i]}
    begin_step 2 "cluster $name"
    if exists gcloud container clusters describe "$name" --location "$location" --project "$PROJECT_ID"; then
      status "exists, skipped"
      continue
    fi
    status "creating in $location (this takes several minutes)"
    create_cluster "$name" "$location" --enable-fleet
  done
}

# 3. Each cluster: its credentials (a kubectl context of its own), then its node pools.
multi_up_credentials_and_node_pools() {
  local i p name location
  for i in "${!CLUSTER_NAMES[@]}"; do
    name=${CLUSTER_NAMES[i]}
    location=${CLUSTER_LOCATIONS[i]}
    begin_step 3 "credentials $name"
    status "fetching for kubectl and helm (context ${CLUSTER_CONTEXTS[i]})"
    run gcloud container clusters get-credentials "$name" --location "$location" --project "$PROJECT_ID"
    cluster_pools "$i"
    if ((${#CLUSTER_POOLS[@]} == 0)); then
      begin_step 3 "node pools $name"
      status "none in the plan, skipped"
    fi
    for p in "${CLUSTER_POOLS[@]}"; do
      begin_step 3 "node pool $name/${POOL_NAMES[p]}"
      create_node_pool "$p" "$name" "$location"
    done
  done
}

# 4. Each cluster's fleet membership (normally made by --enable-fleet already).
multi_up_memberships() {
  local i name
  for i in "${!CLUSTER_NAMES[@]}"; do
    name=${CLUSTER_NAMES[i]}
    begin_step 4 "fleet membership $name"
    if exists gcloud container fleet memberships describe "$name" --project "$PROJECT_ID"; then
      status "exists, skipped"
      continue
    fi
    status "registering"
    run gcloud container fleet memberships register "$name" --gke-cluster "${CLUSTER_LOCATIONS[i]}/$name" \
      --enable-workload-identity --project "$PROJECT_ID"
  done
}

# 1. The APIs (first: --enable-fleet needs the GKE Hub API), each checked with its own `services list` query (as in single-cluster mode).
multi_up_apis() {
  local api
  for api in "${MULTI_CLUSTER_APIS[@]}"; do
    begin_step 1 "API $api"
    enable_api "$api"
  done
}

# 5. Multi-cluster Services: the fleet feature, and the role its importer needs (granting
# it again changes nothing).
multi_up_services() {
  begin_step 5 "multi-cluster Services"
  if exists gcloud container fleet multi-cluster-services describe --project "$PROJECT_ID"; then
    status "enabled, skipped"
  else
    status "enabling"
    run gcloud container fleet multi-cluster-services enable --project "$PROJECT_ID"
  fi
  begin_step 5 "multi-cluster Services importer role"
  status "granting roles/compute.networkViewer (no change if granted)"
  run gcloud projects add-iam-policy-binding "$PROJECT_ID" \
    --member "serviceAccount:$PROJECT_ID.svc.id.goog[gke-mcs/gke-mcs-importer]" \
    --role roles/compute.networkViewer --condition=None --quiet
}

# 6. Multi-cluster Gateway: the fleet ingress feature with the config cluster's membership,
# and the role its service agent needs (granting it again changes nothing).
multi_up_gateway() {
  local config=${CLUSTER_NAMES[CONFIG_INDEX]} number
  begin_step 6 "multi-cluster Gateway"
  if exists gcloud container fleet ingress describe --project "$PROJECT_ID"; then
    status "enabled, skipped (its config membership is kept as it is)"
  else
    status "enabling, config membership $config"
    run gcloud container fleet ingress enable "--config-membership=$config" --location=global --project "$PROJECT_ID"
  fi
  begin_step 6 "multi-cluster Gateway service agent role"
  query number gcloud projects describe "$PROJECT_ID" '--format=value(projectNumber)'
  if $DRY_RUN; then
    number='<PROJECT_NUMBER>'
  elif [[ ! $number =~ ^[0-9]+$ ]]; then
    printf 'error: gcloud projects describe %s printed no project number\n' "$PROJECT_ID" >&2
    fail_step 1
  fi
  status "granting roles/container.admin (no change if granted)"
  run gcloud projects add-iam-policy-binding "$PROJECT_ID" \
    --member "serviceAccount:service-$number@gcp-sa-multiclusteringress.iam.gserviceaccount.com" \
    --role roles/container.admin --condition=None --quiet
}

# 7. One proxy-only subnet per region, of the plan's purpose.
multi_up_proxy_subnets() {
  if [[ $PROXY_SUBNET_REQUIRED != true ]]; then
    begin_step 7 "proxy-only subnets"
    status "not needed by this gateway class, skipped"
    return
  fi
  local r region
  for r in "${!SUBNET_REGIONS[@]}"; do
    region=${SUBNET_REGIONS[r]}
    begin_step 7 "proxy-only subnet $region"
    create_proxy_subnet "$PROXY_SUBNET_NAME-$region" "$region" "$PROXY_SUBNET_PURPOSE" "${SUBNET_RANGES[r]}"
  done
}

# 8. Inside each cluster, in APPLY_ORDER (the config cluster last: its routes refer to the
# ServiceImports of the Services the others export).
multi_up_workloads() {
  local i
  for i in "${APPLY_ORDER[@]}"; do
    multi_up_cluster_workloads "$i"
  done
}

# multi_up_cluster_workloads INDEX: namespaces, secrets, router (config cluster), manifests.
multi_up_cluster_workloads() {
  local i=$1 namespace namespaces=() models=()
  local name=${CLUSTER_NAMES[i]} context=${CLUSTER_CONTEXTS[i]}
  split_list namespaces "${CLUSTER_NAMESPACE_SETS[i]}"
  split_list models "${CLUSTER_MODEL_NAMESPACE_SETS[i]}"
  for namespace in "${namespaces[@]}"; do
    begin_step 8 "namespace $name/$namespace"
    create_namespace "$namespace" --context "$context"
  done
  for namespace in "${models[@]}"; do
    begin_step 8 "secret $name/$namespace/$SECRET_NAME"
    write_secret "$namespace" --context "$context"
  done
  if [[ $i == "$CONFIG_INDEX" ]]; then
    begin_step 8 "router $name/$ROUTER_RELEASE"
    install_router --kube-context "$context"
  fi
  begin_step 8 "manifests $name"
  status "applying ${CLUSTER_DISTS[i]} (recursively)"
  run kubectl --context "$context" apply -R -f "${CLUSTER_DISTS[i]}"
}

cmd_up_multi() {
  STEP_TOTAL=8
  DRY_RUN_ASSUMES=absent
  if $DRY_RUN; then
    dry_run_banner
  fi
  # The APIs first: fleet registration at cluster creation needs the GKE Hub API.
  multi_up_apis
  multi_up_clusters
  multi_up_credentials_and_node_pools
  multi_up_memberships
  multi_up_services
  multi_up_gateway
  multi_up_proxy_subnets
  multi_up_workloads
  if $DRY_RUN; then
    echo "dry run: nothing was changed."
  else
    echo "done: clusters $(join_comma "${CLUSTER_NAMES[@]}") are set up; the Gateway is in ${CLUSTER_NAMES[CONFIG_INDEX]}. Models take several minutes to load; watch them per cluster with: kubectl --context ${CLUSTER_CONTEXTS[CONFIG_INDEX]} get rayservices --all-namespaces"
  fi
}

# down 1. Each cluster's credentials, if the cluster exists.
multi_down_credentials() {
  local i name location
  for i in "${!CLUSTER_NAMES[@]}"; do
    name=${CLUSTER_NAMES[i]}
    location=${CLUSTER_LOCATIONS[i]}
    begin_step 1 "credentials $name"
    CLUSTER_PRESENT[i]=false
    if exists gcloud container clusters describe "$name" --location "$location" --project "$PROJECT_ID"; then
      CLUSTER_PRESENT[i]=true
      status "fetching for kubectl and helm (context ${CLUSTER_CONTEXTS[i]})"
      run gcloud container clusters get-credentials "$name" --location "$location" --project "$PROJECT_ID"
    else
      status "cluster $name not found, skipped (so are the steps inside it)"
    fi
  done
}

# down 2. Inside each cluster, the reverse of up: the config cluster first, so that its
# Gateway and load balancer go while the backends still exist.
multi_down_workloads() {
  local k
  for ((k = ${#APPLY_ORDER[@]} - 1; k >= 0; k--)); do
    multi_down_cluster_workloads "${APPLY_ORDER[k]}"
  done
}

# multi_down_cluster_workloads INDEX: manifests, router (config cluster), secrets, namespaces.
multi_down_cluster_workloads() {
  local i=$1 k namespace namespaces=() models=()
  local name=${CLUSTER_NAMES[i]} context=${CLUSTER_CONTEXTS[i]}
  CLUSTER_FOUND=${CLUSTER_PRESENT[i]} # for skip_without_cluster
  split_list namespaces "${CLUSTER_NAMESPACE_SETS[i]}"
  split_list models "${CLUSTER_MODEL_NAMESPACE_SETS[i]}"
  begin_step 2 "manifests $name"
  skip_without_cluster || delete_manifests "${CLUSTER_DISTS[i]}" --context "$context"
  if [[ $i == "$CONFIG_INDEX" ]]; then
    begin_step 2 "router $name/$ROUTER_RELEASE"
    skip_without_cluster || uninstall_router --kube-context "$context"
  fi
  for ((k = ${#models[@]} - 1; k >= 0; k--)); do
    begin_step 2 "secret $name/${models[k]}/$SECRET_NAME"
    skip_without_cluster || delete_secret "${models[k]}" --context "$context"
  done
  for ((k = ${#namespaces[@]} - 1; k >= 0; k--)); do
    namespace=${namespaces[k]}
    begin_step 2 "namespace $name/$namespace"
    if [[ $namespace == default ]]; then
      status "default namespace, skipped"
      continue
    fi
    skip_without_cluster || delete_namespace "$namespace" --context "$context"
  done
}

# down 3. The subnets PROXY_SUBNET_NAME-REGION, by exact name, in reverse region order.
multi_down_proxy_subnets() {
  local r kind=regional
  [[ $PROXY_SUBNET_PURPOSE != GLOBAL_MANAGED_PROXY ]] || kind=cross-region
  for ((r = ${#SUBNET_REGIONS[@]} - 1; r >= 0; r--)); do
    begin_step 3 "proxy-only subnet $PROXY_SUBNET_NAME-${SUBNET_REGIONS[r]}"
    delete_proxy_subnet "$PROXY_SUBNET_NAME-${SUBNET_REGIONS[r]}" "${SUBNET_REGIONS[r]}" "$kind"
  done
}

# down 4. The fleet memberships, in reverse plan order. A membership whose cluster is gone
# is kept (it may be another one's): the step says how to delete it.
multi_down_memberships() {
  local i name
  for ((i = ${#CLUSTER_NAMES[@]} - 1; i >= 0; i--)); do
    name=${CLUSTER_NAMES[i]}
    begin_step 4 "fleet membership $name"
    if ! exists gcloud container fleet memberships describe "$name" --project "$PROJECT_ID"; then
      status "not found, skipped"
      continue
    fi
    if ! ${CLUSTER_PRESENT[i]}; then
      status "cluster $name not found, so the membership is kept; delete it with: gcloud container fleet memberships delete $name --project $PROJECT_ID"
      continue
    fi
    status "unregistering"
    run gcloud container fleet memberships unregister "$name" --gke-cluster "${CLUSTER_LOCATIONS[i]}/$name" \
      --project "$PROJECT_ID" --quiet
  done
}

# down 5. The node pools, clusters and pools in reverse plan order.
multi_down_node_pools() {
  local i k name location pool
  for ((i = ${#CLUSTER_NAMES[@]} - 1; i >= 0; i--)); do
    name=${CLUSTER_NAMES[i]}
    location=${CLUSTER_LOCATIONS[i]}
    CLUSTER_FOUND=${CLUSTER_PRESENT[i]}
    cluster_pools "$i"
    if ((${#CLUSTER_POOLS[@]} == 0)); then
      begin_step 5 "node pools $name"
      status "none in the plan, skipped"
      continue
    fi
    for ((k = ${#CLUSTER_POOLS[@]} - 1; k >= 0; k--)); do
      pool=${POOL_NAMES[CLUSTER_POOLS[k]]}
      begin_step 5 "node pool $name/$pool"
      skip_without_cluster && continue
      if ! exists gcloud container node-pools describe "$pool" --cluster "$name" --location "$location" --project "$PROJECT_ID"; then
        status "not found, skipped"
        continue
      fi
      status "deleting"
      run gcloud container node-pools delete "$pool" --cluster "$name" --location "$location" --project "$PROJECT_ID" --quiet
    done
  done
}

# down 6. The clusters, in reverse plan order.
multi_down_clusters() {
  local i name
  for ((i = ${#CLUSTER_NAMES[@]} - 1; i >= 0; i--)); do
    name=${CLUSTER_NAMES[i]}
    CLUSTER_FOUND=${CLUSTER_PRESENT[i]}
    begin_step 6 "cluster $name"
    skip_without_cluster && continue
    status "deleting (this takes several minutes)"
    run gcloud container clusters delete "$name" --location "${CLUSTER_LOCATIONS[i]}" --project "$PROJECT_ID" --quiet
  done
}

cmd_down_multi() {
  STEP_TOTAL=6
  DRY_RUN_ASSUMES=present
  confirm_down_multi
  if $DRY_RUN; then
    dry_run_banner
  fi
  multi_down_credentials
  multi_down_workloads
  multi_down_proxy_subnets
  multi_down_memberships
  multi_down_node_pools
  multi_down_clusters
  if $DRY_RUN; then
    echo "dry run: nothing was changed."
  else
    echo "done: clusters $(join_comma "${CLUSTER_NAMES[@]}") and their resources are removed. The fleet features (multi-cluster Services and Gateway), their IAM grants and the APIs stay enabled."
  fi
}

main() {
  parse_args "$@"
  if ! $DRY_RUN; then
    require_tools
  fi
  load_plan
  warn_ignored_settings
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
  if $MULTI; then
    resolve_project
    set_cluster_contexts
  else
    resolve_cluster
    resolve_region
    resolve_project
  fi

  case $COMMAND in
    up) if $MULTI; then cmd_up_multi; else cmd_up; fi ;;
    down) if $MULTI; then cmd_down_multi; else cmd_down; fi ;;
  esac
}

main "$@"
