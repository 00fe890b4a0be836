#!/usr/bin/env bash
# Installs every real program the tests run against our output (`npm run real:install`; .ci/run calls
# it before `npm test`), each at its pin of scripts/real/versions.env, into $RLG_REAL_TOOLS
# (default ~/.cache/rlg-real). Each installer keeps what is already there (warm: about a second).
#   install-python.sh        Ray's Serve schema, one venv per RAY_VERSIONS   (test/ray-serve-schema.test.ts)
#   install-helm.sh          helm from the Go module proxy                   (test/helm-router.test.ts)
#   install-cdk8s-python.sh  cdk8s/constructs for Python from PyPI           (test/python-example.test.ts)
#   kuberay.sh               the KubeRay operator, when present              (test/kuberay-operator.test.ts)
# With --wheel (npm run test:real) also our Python wheel, when `npm run build:jsii` has not built it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
start=$(date +%s)
installers=(install-python.sh install-helm.sh install-cdk8s-python.sh)
if [ -f "$here/kuberay.sh" ]; then installers+=(kuberay.sh); fi
# At once: pip waits on the network while Go compiles (cold, the whole takes the longest one, not the sum).
pids=()
for installer in "${installers[@]}"; do
  bash "$here/$installer" &
  pids+=("$!")
done
failed=()
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed+=("${installers[$i]}")
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "real:install: failed: ${failed[*]}" >&2
  exit 1
fi
if [ "${1:-}" = "--wheel" ] && ! ls "$repo"/.rlg-jsii/dist/wheel/*.whl >/dev/null 2>&1; then
  (cd "$repo" && npm run --silent build:jsii)
fi
echo "real programs ready in $(( $(date +%s) - start ))s"
