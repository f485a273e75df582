#!/usr/bin/env bash
# Usage: ensure-apt.sh COMMAND[=PACKAGE] ...
# Makes sure each COMMAND is on PATH (or, for an absolute path, exists): keeps the one there, else
# installs Debian's PACKAGE (default: the command's name) with apt, through sudo when not root.
# apt-get update runs once, and only when something is missing. Fails with what to do when
# neither works.
set -euo pipefail
shopt -s inherit_errexit

main() {
	local -a missing=()
	local wanted command package
	for wanted in "$@"; do
		command=${wanted%%=*}
		package=${wanted#*=}
		[[ "${wanted}" == *=* ]] || package=$(basename -- "${command}")
		# shellcheck disable=SC2310 # a status to test, not a failure
		ensure_apt::_present "${command}" || missing+=("${package}")
	done
	((${#missing[@]} > 0)) || return 0
	ensure_apt::_install "${missing[@]}"
}

ensure_apt::_present() {
	local command=$1
	if [[ "${command}" == /* ]]; then
		[[ -x "${command}" ]]
	else
		command -v "${command}" >/dev/null
	fi
}

ensure_apt::_install() {
	local -a packages=("$@") sudo=()
	if ! command -v apt-get >/dev/null; then
		echo "Error: ${packages[*]} not installed and this machine has no apt-get to install them." >&2
		echo "Install Debian's ${packages[*]} (or your system's equivalent), then run make again." >&2
		exit 1
	fi
	if ((EUID != 0)); then
		if ! command -v sudo >/dev/null; then
			echo "Error: ${packages[*]} not installed, and installing needs root (no sudo here)." >&2
			echo "As root run 'apt-get update && apt-get install -y ${packages[*]}', then run make again." >&2
			exit 1
		fi
		sudo=(sudo)
	fi
	echo "Installing ${packages[*]} with apt-get (not on this machine yet)"
	if ! "${sudo[@]}" apt-get update -qq || ! "${sudo[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null; then
		echo "Error: 'apt-get install ${packages[*]}' failed (see above)." >&2
		echo "Install ${packages[*]} by hand, then run make again." >&2
		exit 1
	fi
}

main "$@"
