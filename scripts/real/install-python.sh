#!/usr/bin/env bash
# Installs Ray's own Serve schema, one venv per Ray version in RAY_VERSIONS (scripts/real/versions.env),
# from PyPI into $RLG_REAL_TOOLS/ray-<version>/ (default ~/.cache/rlg-real), for scripts/real/serve_check.py.
# Only what Ray's Serve LLM config classes need to import, without vLLM, torch or a GPU:
#   ray[serve]==<version>  ServeDeploySchema, LLMServingArgs, LLMConfig
#   pyarrow boto3          imported by ray.llm's cloud filesystem helpers (llm_config.py imports them)
#   httpx                  imported by ray.llm's serve utilities (server_utils.py, via the ingress)
# (vLLM itself is replaced by placeholders inside serve_check.py; see there.)
# Idempotent: a venv whose marker file .ready names its version and packages is kept.
# Measured on 2 cores (cold, no pip cache): 2.54.0 235 s, 592 MB; 2.60.0 156 s, 700 MB.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
versions="$(sed -n 's/^RAY_VERSIONS=//p' "$here/versions.env")"
tools="${RLG_REAL_TOOLS:-$HOME/.cache/rlg-real}"
python="${PYTHON:-python3}"
extras="pyarrow boto3 httpx"
mkdir -p "$tools"
for version in $versions; do
  dest="$tools/ray-$version"
  want="ray[serve]==$version $extras"
  if [ -f "$dest/.ready" ] && [ "$(cat "$dest/.ready")" = "$want" ]; then
    echo "install-python.sh: $dest ready (ray $version)"
    continue
  fi
  start=$(date +%s)
  rm -rf "$dest"
  "$python" -m venv "$dest"
  # shellcheck disable=SC2086 # $extras is a list of package names
  "$dest/bin/pip" install --quiet --disable-pip-version-check "ray[serve]==$version" $extras
  echo "$want" > "$dest/.ready"
  echo "install-python.sh: installed ray $version into $dest in $(( $(date +%s) - start ))s ($(du -sh "$dest" | cut -f1))"
done
