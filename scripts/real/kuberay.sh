#!/usr/bin/env bash
# Builds the real KubeRay operator at the pinned version (scripts/real/versions.env) from the Go
# module proxy into $RLG_REAL_TOOLS/kuberay-<version>/manager. Idempotent: an existing binary is kept.
# Used by test/support/kuberay-operator.ts (through the control-plane harness) and by .ci/run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(sed -n 's/^KUBERAY_OPERATOR_MODULE=//p' "$here/versions.env")"
version="$(sed -n 's/^KUBERAY_OPERATOR_VERSION=//p' "$here/versions.env")"
tools="${RLG_REAL_TOOLS:-$HOME/.cache/rlg-real}"
dest="$tools/kuberay-$version"
if [ -x "$dest/manager" ] && [ -f "$dest/crds/ray.io_rayjobs.yaml" ]; then
  echo "kuberay.sh: $dest/manager already built"
  exit 0
fi
command -v go >/dev/null || { echo "kuberay.sh: no Go toolchain on PATH" >&2; exit 3; }
mkdir -p "$dest/crds"
start=$(date +%s)
if [ ! -x "$dest/manager" ]; then
  GOFLAGS=-mod=mod GOBIN="$dest.partial" go install "$module@$version"
  mv "$dest.partial/ray-operator" "$dest/manager"
  rmdir "$dest.partial"
fi
# The operator always starts its RayJob controller (ray-operator/main.go), which waits for the RayJob
# CRD; ../shared/crds has RayService and RayCluster only. The CRD of the same module version:
GOFLAGS=-mod=mod go mod download "$module@$version"
cp "$(go env GOMODCACHE)/$module@$version/config/crd/bases/ray.io_rayjobs.yaml" "$dest/crds/"
echo "kuberay.sh: built $module@$version into $dest/manager in $(( $(date +%s) - start ))s"
