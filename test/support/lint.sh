#!/usr/bin/env bash
# Usage: lint.sh
# Runs shellcheck, with the repository's .shellcheckrc (every optional check on), over every shell
# file: the buildpack's entry points, its sourced helpers and exec.d program, the test scripts,
# the bats helpers, the fixture buildpacks and the bats suites. Sourced files are checked in the context of their callers
# too (--check-sourced), and all in one run so every problem is listed at once.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname -- "${BASH_SOURCE[0]}")/../.."

shopt -s nullglob
files=(bin/* lib/*.sh lib/exec.d/* test/support/*.sh test/bench/*.sh test/test_helper/*.bash test/fixtures/*/bin/* test/fixtures/*/exec.d/* test/*.bats)
shopt -u nullglob

if ((${#files[@]} == 0)); then
	echo "Error: lint found no shell files; is this the repository root?" >&2
	exit 1
fi
shellcheck --version | sed -n 2p
shellcheck --check-sourced --external-sources "${files[@]}"
echo "shellcheck: ${#files[@]} files clean"
