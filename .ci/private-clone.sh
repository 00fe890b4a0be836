#!/usr/bin/env bash
# The README's two commands, run from where a newcomer often clones: a copy of this checkout under a
# private (0700) folder whose path holds a space, as whoever runs this (CI: root), with ../shared
# reachable beside the copy when it exists beside the checkout. Exits with npm test's status.
#   .ci/private-clone.sh            # npm ci && npx cdk8s synth (must leave the copy unchanged), then npm test
#   .ci/private-clone.sh test/x.ts  # the same, but only `npx jest test/x.ts` in place of npm test
# The jsii build's output (.rlg-jsii/dist: the Python wheel the Python example test installs) is
# copied too when it is there: .ci/run builds it once, before this.
# RLG_KEEP_PRIVATE_CLONE=1 keeps the copy (its path is printed) instead of removing it.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

base=$(mktemp -d)
chmod 700 "$base"
if [ "${RLG_KEEP_PRIVATE_CLONE:-}" != 1 ]; then trap 'rm -rf "$base"' EXIT; fi
parent="$base/a private folder"
copy="$parent/ray-llm-gateway"
mkdir -p "$parent"
chmod 700 "$parent"
echo "private copy: $copy (parents mode 0700, user $(id -un))"

# The committed history, and the checkout's files as they are (changed, new or deleted) on top.
git clone --quiet --no-hardlinks --no-checkout "$repo" "$copy"
git -C "$copy" reset --quiet "$(git -C "$repo" rev-parse HEAD)"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
  if [ -e "$file" ] || [ -L "$file" ]; then printf '%s\0' "$file"; fi
done) | (cd "$repo" && tar --null --no-recursion --files-from=- -cf -) | (cd "$copy" && tar -xf -)
if [ -d "$repo/.rlg-jsii/dist" ]; then mkdir -p "$copy/.rlg-jsii" && cp -R "$repo/.rlg-jsii/dist" "$copy/.rlg-jsii/"; fi
git -C "$copy" add --all && git -C "$copy" -c user.name=ci -c user.email=ci@localhost commit --quiet --allow-empty -m 'the checkout as it is'

if [ -d "$repo/../shared" ]; then
  ln -s "$(cd "$repo/../shared" && pwd -P)" "$parent/shared"
else
  echo "(no ../shared beside the checkout: the copy has none either)"
fi

cd "$copy"
npm ci --no-audit --no-fund --prefer-offline
npx cdk8s synth
changed=$(git status --porcelain)
if [ -n "$changed" ]; then
  echo "npx cdk8s synth in the private copy changed files:" >&2
  echo "$changed" >&2
  exit 1
fi
if [ "$#" -gt 0 ]; then npx jest "$@"; else npm test; fi
