#!/usr/bin/env bash
# Builds the real helm at the pinned version (scripts/real/versions.env HELM_MODULE, HELM_VERSION)
# from the Go module proxy into $RLG_REAL_TOOLS/helm-<version>/helm. Idempotent: an existing binary
# is kept. Used by test/router-charts.test.ts (helm template of the router chart with our values).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(sed -n 's/^HELM_MODULE=//p' "$here/versions.env")"
version="$(sed -n 's/^HELM_VERSION=//p' "$here/versions.env")"
tools="${RLG_REAL_TOOLS:-$HOME/.cache/rlg-real}"
dest="$tools/helm-$version"
if [ -x "$dest/helm" ]; then
  echo "helm.sh: $dest/helm already built"
  exit 0
fi
command -v go >/dev/null || { echo "helm.sh: no Go toolchain on PATH" >&2; exit 3; }
mkdir -p "$dest"
partial="$(mktemp -d "$tools/helm-partial.XXXXXX")"
start=$(date +%s)
GOFLAGS=-mod=mod GOBIN="$partial" go install "$module/cmd/helm@$version"
mv "$partial/helm" "$dest/helm"
rmdir "$partial"
echo "helm.sh: built $module@$version into $dest/helm in $(( $(date +%s) - start ))s"
