#!/usr/bin/env bash
# Installs cdk8s and constructs for Python from PyPI at the pins of scripts/real/versions.env
# (CDK8S_PYTHON_VERSION/CONSTRUCTS_PYTHON_VERSION: the npm versions of package.json, so that the
# Python synth can equal the TypeScript one) into $RLG_REAL_TOOLS/cdk8s-python/, with jsii's Python
# runtime and cdk8s-plus-30 (the wheel's dependencies, pinned to package.json's npm versions too).
# Our own wheel (npm run build:jsii) is installed into it by test/python-example.test.ts, since it
# changes with the code. Idempotent: a venv whose .ready names the same packages is kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cdk8s="$(sed -n 's/^CDK8S_PYTHON_VERSION=//p' "$here/versions.env")"
constructs="$(sed -n 's/^CONSTRUCTS_PYTHON_VERSION=//p' "$here/versions.env")"
npm_version() { node -p "require('$repo/package.json').devDependencies['$1']"; }
plus="$(npm_version cdk8s-plus-30)"
jsii_runtime="$(sed -n 's/^JSII_PYTHON_VERSION=//p' "$here/versions.env")"
tools="${RLG_REAL_TOOLS:-$HOME/.cache/rlg-real}"
dest="$tools/cdk8s-python"
want="cdk8s==$cdk8s constructs==$constructs cdk8s-plus-30==$plus jsii==$jsii_runtime"
if [ -f "$dest/.ready" ] && [ "$(cat "$dest/.ready")" = "$want" ]; then
  echo "install-cdk8s-python.sh: $dest ready ($want)"
  exit 0
fi
start=$(date +%s)
rm -rf "$dest"
"${PYTHON:-python3}" -m venv "$dest"
# shellcheck disable=SC2086 # $want is a list of requirements
"$dest/bin/pip" install --quiet --disable-pip-version-check $want
echo "$want" > "$dest/.ready"
echo "install-cdk8s-python.sh: installed $want into $dest in $(( $(date +%s) - start ))s ($(du -sh "$dest" | cut -f1))"
