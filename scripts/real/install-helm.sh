#!/usr/bin/env bash
# Builds the real helm at the pinned version (HELM_MODULE/HELM_VERSION of scripts/real/versions.env)
# from the Go module proxy into $RLG_REAL_TOOLS/helm-<version>/helm (default ~/.cache/rlg-real).
# Idempotent: an existing binary is kept. Used by test/helm-router.test.ts.
# Measured on 2 cores (shared, so an upper bound): cold (empty Go caches) 460 s, warm 0 s.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(sed -n 's/^HELM_MODULE=//p' "$here/versions.env")"
version="$(sed -n 's/^HELM_VERSION=//p' "$here/versions.env")"
tools="${RLG_REAL_TOOLS:-$HOME/.cache/rlg-real}"
dest="$tools/helm-$version"
# Kept when it says it is the pinned version (a build without the version flag says only v3.21).
if [ -x "$dest/helm" ] && [ "$("$dest/helm" version --short 2>/dev/null | cut -d+ -f1)" = "$version" ]; then
  echo "install-helm.sh: $dest/helm already built"
  exit 0
fi
command -v go >/dev/null || { echo "install-helm.sh: no Go toolchain on PATH" >&2; exit 3; }
start=$(date +%s)
rm -rf "$dest.partial"
# The version helm prints (helm's Makefile sets it the same way; without it `helm version` says v3.21).
GOFLAGS=-mod=mod GOBIN="$dest.partial" go install -ldflags "-X $module/internal/version.version=$version" "$module/cmd/helm@$version"
mkdir -p "$dest"
mv "$dest.partial/helm" "$dest/helm"
rmdir "$dest.partial"
echo "install-helm.sh: built $module@$version into $dest/helm in $(( $(date +%s) - start ))s"
