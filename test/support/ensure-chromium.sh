#!/usr/bin/env bash
# Usage: ensure-chromium.sh
# Makes sure Debian's Chromium is at /usr/bin/chromium for the preview's browser test: uses the one
# there, or installs the `chromium` package with apt (through sudo when not root). The test drives
# it with playwright-core and never downloads a browser of its own. Fails with what to do when
# neither works.
set -euo pipefail
shopt -s inherit_errexit

readonly chromium=/usr/bin/chromium

if [[ -x "${chromium}" ]]; then
	exit 0
fi

if ! command -v apt-get >/dev/null; then
	echo "Error: ${chromium} is missing and this machine has no apt-get to install it." >&2
	echo "Install Chromium so that ${chromium} exists, then run 'make browser' again." >&2
	exit 1
fi

sudo=()
if ((EUID != 0)); then
	if ! command -v sudo >/dev/null; then
		echo "Error: ${chromium} is missing, and installing it needs root (no sudo here)." >&2
		echo "As root run 'apt-get update && apt-get install -y chromium', then run 'make browser' again." >&2
		exit 1
	fi
	sudo=(sudo)
fi

echo "Chromium is not installed; installing Debian's chromium package with apt-get"
if ! "${sudo[@]}" apt-get update -qq || ! "${sudo[@]}" apt-get install -y -qq chromium >/dev/null; then
	echo "Error: 'apt-get install chromium' failed (see above)." >&2
	echo "Install Debian's chromium package by hand, then run 'make browser' again." >&2
	exit 1
fi
"${chromium}" --version
