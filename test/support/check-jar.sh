#!/usr/bin/env bash
# Usage: check-jar.sh COMMITTED BUILT [COMMITTED BUILT]...
# For each pair: fails when the freshly built artifact in lib/ (the agent jar, the native
# bootstrap) differs from the committed one (the buildpack ships the committed bytes, so they must
# be exactly what the sources build), or when the .sha256 beside it does not match it.
set -euo pipefail
shopt -s inherit_errexit

if (($# == 0 || $# % 2 != 0)); then
	echo "Usage: check-jar.sh COMMITTED BUILT [COMMITTED BUILT]..." >&2
	exit 2
fi

# Usage: check_artifact COMMITTED BUILT
check_artifact() {
	local committed=$1 built=$2
	local built_dir built_name
	built_dir=$(dirname "${built}")
	built_name=$(basename "${built}")
	if [[ ! -f "${committed}" ]]; then
		echo "Error: there was no committed lib/${built_name} before the build; commit the one it wrote, and its .sha256." >&2
		return 1
	fi
	if ! cmp -s "${committed}" "${built}"; then
		echo "Error: lib/${built_name} was not what java-agent/ builds." >&2
		echo "The build has now rewritten it: commit lib/${built_name} and its .sha256." >&2
		return 1
	fi
	(cd "${built_dir}" && sha256sum --check --quiet "${built_name}.sha256") || {
		echo "Error: ${built}.sha256 does not match it; rebuild with 'make java' and commit both." >&2
		return 1
	}
	local sum
	sum=$(sha256sum "${built}")
	echo "lib/${built_name} is reproducible: the rebuild is byte-identical (${sum:0:16}…)"
}

status=0
while (($# > 0)); do
	# shellcheck disable=SC2310 # every artifact is checked, and each failure explained, before exiting
	check_artifact "$1" "$2" || status=1
	shift 2
done
exit "${status}"
