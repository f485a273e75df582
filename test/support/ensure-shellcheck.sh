#!/usr/bin/env bash
# Usage: ensure-shellcheck.sh
# Makes sure shellcheck is on PATH: uses the one there, or installs Debian's package with apt
# (through sudo when not root). Fails with what to do when neither works.
set -euo pipefail
shopt -s inherit_errexit

if command -v shellcheck >/dev/null; then
	exit 0
fi

if ! command -v apt-get >/dev/null; then
	echo "Error: shellcheck is not installed and this machine has no apt-get to install it." >&2
	echo "Install shellcheck 0.9 or later (https://github.com/koalaman/shellcheck#installing), then run 'make lint' again." >&2
	exit 1
fi

sudo=()
if ((EUID != 0)); then
	if ! command -v sudo >/dev/null; then
		echo "Error: shellcheck is not installed, and installing it needs root (no sudo here)." >&2
		echo "As root run 'apt-get update && apt-get install -y shellcheck', then run 'make lint' again." >&2
		exit 1
	fi
	sudo=(sudo)
fi

echo "shellcheck is not installed; installing it with apt-get"
if ! "${sudo[@]}" apt-get update -qq || ! "${sudo[@]}" apt-get install -y -qq shellcheck; then
	echo "Error: 'apt-get install shellcheck' failed (see above)." >&2
	echo "Install shellcheck 0.9 or later by hand, then run 'make lint' again." >&2
	exit 1
fi
shellcheck --version | sed -n 2p
