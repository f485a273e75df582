#!/usr/bin/env bash
# Parametrised suites: the same tests once per form the agent can be loaded in. A suite loads
# this at file scope, ahead of its tests (`load test_helper/parametrise`), because bats registers
# tests while it reads the file, before any setup runs; it defines functions only.
# Runs every test defined so far in this suite (in name order) once more for each FORM given, named
# "<description> [FORM]": bats calls `with_form FORM <test>`, which sets FORM, calls the suite's
# own form_setup (to lay out what that form needs, after setup ran), then the test. The plain run
# of each test sees FORM unset (form_setup's default). Call it at the end of a suite, outside
# any test.
# Usage: parametrise_tests FORM...
parametrise_tests() {
	# The test functions defined so far (bats's BATS_TEST_NAMES is not filled while it gathers).
	local functions
	functions=$(compgen -A function test_)
	local -a names
	mapfile -t names <<<"${functions}"
	local form name description
	for form in "$@"; do
		for name in "${names[@]}"; do
			description=$(_decode_test_name "${name}")
			# bats expands the description inside double quotes, so its own specials are escaped.
			description=${description//\\/\\\\}
			description=${description//\"/\\\"}
			description=${description//\$/\\\$}
			description=${description//\`/\\\`}
			bats_test_function --description "${description} [${form}]" -- with_form "${form}" "${name}"
		done
	done
}

# Usage: with_form FORM TEST_FUNCTION (registered by parametrise_tests)
with_form() {
	# shellcheck disable=SC2034 # read by the suite's form_setup and tests
	FORM=$1
	form_setup
	"$2"
}

# Turns a bats test function's name back into its description (bats encodes a space as _ and
# any other character that is not a letter or digit as -XX, its hex code).
# Usage: _decode_test_name NAME
_decode_test_name() {
	local name=${1#test_} decoded="" code
	while [[ -n "${name}" ]]; do
		if [[ "${name}" == -2d5f* ]]; then
			# bats 1.13 encodes _ in a name of letters, digits, spaces, _ and - as -5f, then its -
			# again as -2d.
			decoded+="_"
			name=${name:5}
		elif [[ "${name}" == _* ]]; then
			decoded+=" "
			name=${name:1}
		elif [[ "${name}" =~ ^-([0-9a-f]{2}) ]]; then
			printf -v code '%b' "\\x${BASH_REMATCH[1]}"
			decoded+=${code}
			name=${name:3}
		else
			decoded+=${name:0:1}
			name=${name:1}
		fi
	done
	printf '%s' "${decoded}"
}
