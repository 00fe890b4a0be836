#!/usr/bin/env bash
# Fetches Debian's nginx package at the pin (NGINX_DEBIAN_VERSION of scripts/real/versions.env) with
# `apt-get download` and unpacks it with `dpkg -x` into $RLG_REAL_TOOLS/nginx-<version>/ (default
# ~/.cache/rlg-real), never installing it. Idempotent. Used by test/model-list.test.ts, which serves
# the GET /v1/models responder's config with it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="$(sed -n 's/^NGINX_DEBIAN_VERSION=//p' "$here/versions.env")"
tools="${RLG_REAL_TOOLS:-$HOME/.cache/rlg-real}"
dest="$tools/nginx-$version"
if [ -x "$dest/usr/sbin/nginx" ]; then
  echo "install-nginx.sh: $dest/usr/sbin/nginx already there"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A new machine's package lists may be empty or old: refresh them once when the pin is not found.
(cd "$work" && apt-get download "nginx=$version" >/dev/null 2>&1) || { apt-get update -qq && (cd "$work" && apt-get download "nginx=$version" >/dev/null); }
rm -rf "$dest.partial"
mkdir -p "$dest.partial"
dpkg -x "$work"/nginx_*.deb "$dest.partial"
rm -rf "$dest"
mv "$dest.partial" "$dest"
echo "install-nginx.sh: nginx $version unpacked into $dest"
