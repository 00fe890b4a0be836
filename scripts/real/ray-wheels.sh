#!/usr/bin/env bash
# Downloads the wheels of the pinned Ray versions (scripts/real/versions.env RAY_VERSIONS) from PyPI,
# without dependencies, into $RLG_REAL_TOOLS/ray-wheels/. Idempotent: a wheel already there is kept.
# Used by test/scale-to-zero.test.ts, which reads Ray Serve's sources in them (nothing is installed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
versions="$(sed -n 's/^RAY_VERSIONS=//p' "$here/versions.env")"
tools="${RLG_REAL_TOOLS:-$HOME/.cache/rlg-real}"
dest="$tools/ray-wheels"
mkdir -p "$dest"
for version in $versions; do
  if compgen -G "$dest/ray-$version-*.whl" >/dev/null; then
    echo "ray-wheels.sh: ray $version already in $dest"
    continue
  fi
  python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 --platform manylinux2014_x86_64 "ray==$version" -d "$dest"
  echo "ray-wheels.sh: downloaded ray $version into $dest"
done
