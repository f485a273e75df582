#!/usr/bin/env bash
# Usage: lint.sh [--fix]
# Lints every shell file of the repository, found by shfmt (extension or shebang) rather than
# listed by hand: the buildpack's entry points, sourced helpers and exec.d program, .ci/run, the
# test scripts, bats suites and helpers, and the fixture buildpacks.
#   - shellcheck, with the repository's .shellcheckrc (every optional check on), sourced files
#     checked in their callers' context too, all in one run so every problem is listed at once;
#   - shfmt, with the settings in .editorconfig: fails on any file it would change, and shows how.
# With --fix, shfmt rewrites the files instead (make format).
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname -- "${BASH_SOURCE[0]}")/../.."

main() {
	local fix=${1:-}
	local -a files
	local found version
	found=$(shfmt -f bin lib test .ci)
	mapfile -t files < <(grep -v -e '/node_modules/' -e '/target/' <<<"${found}" | sort || true)
	if ((${#files[@]} == 0)); then
		echo "Error: lint found no shell files; is this the repository root?" >&2
		exit 1
	fi
	if [[ "${fix}" == --fix ]]; then
		shfmt -w "${files[@]}"
		echo "shfmt: ${#files[@]} files formatted"
		return
	fi
	shellcheck --version | sed -n 2p
	shellcheck --check-sourced --external-sources "${files[@]}"
	echo "shellcheck: ${#files[@]} files clean"
	if ! shfmt -d "${files[@]}"; then
		echo "Error: the files above are not formatted as .editorconfig says; run 'make format'." >&2
		exit 1
	fi
	version=$(shfmt --version)
	echo "shfmt ${version}: ${#files[@]} files formatted"
}

main "$@"
