#!/usr/bin/env bash
# Usage: run-as-dyno.sh SLUG_DIR [VAR=value ...] -- COMMAND [ARG ...]
# Starts COMMAND the way a Heroku dyno starts a process, as far as this machine can:
#   - an empty environment (env -i) holding only HOME=SLUG_DIR, DYNO=web.1 and a small PATH that
#     finds java, plus the VAR=value pairs given (which add to or override those);
#   - bash sources every SLUG_DIR/.profile.d/*.sh, in name order;
#   - then cd "$HOME" and exec COMMAND, so its exit status is the dyno's.
# The end-to-end suite and `make demo` both start their dyno through this script.
set -euo pipefail
shopt -s inherit_errexit

usage() {
	echo "Error: $1" >&2
	echo "Usage: run-as-dyno.sh SLUG_DIR [VAR=value ...] -- COMMAND [ARG ...]" >&2
	exit 2
}

(($# >= 1)) || usage "no slug directory given"
[[ -d "$1" ]] || usage "slug directory '$1' does not exist"
slug=$(cd "$1" && pwd)
shift

assignments=()
while (($# > 0)) && [[ "$1" != -- ]]; do
	[[ "$1" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || usage "'$1' is neither VAR=value nor --"
	assignments+=("$1")
	shift
done
(($# > 0)) || usage "missing -- before the command"
shift
(($# > 0)) || usage "no command given after --"

# A dyno's PATH finds the app's JDK; here that is the JDK whose java is first on our own PATH.
path=/usr/local/bin:/usr/bin:/bin
if java=$(command -v java); then
	java=$(readlink -f "${java}")
	path="${java%/*}:${path}"
fi

# shellcheck disable=SC2016 # expanded by the dyno's shell, not this one
exec env -i "HOME=${slug}" "PATH=${path}" DYNO=web.1 "${assignments[@]}" bash -c '
	for profile_script in "${HOME}"/.profile.d/*.sh; do
		if [ -f "${profile_script}" ]; then . "${profile_script}"; fi
	done
	unset profile_script
	cd "${HOME}"
	exec "$@"
' dyno "$@"
