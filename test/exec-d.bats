#!/usr/bin/env bats
# lib/exec.d/jvm-metrics-agent, the Cloud Native Buildpacks twin of the profile script: run as the
# launcher runs it (empty environment, fd 3 open), it writes TOML that sets JAVA_TOOL_OPTIONS,
# under the profile script's conditions, or writes nothing. Its output is parsed with a TOML
# parser and compared byte for byte.
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

setup() {
	load test_helper/common-setup
	_common_setup
	make_layer "${BATS_TEST_TMPDIR}/layers/jvm-metrics_agent/jvm-metrics-agent"
	OUT="${BATS_TEST_TMPDIR}/fd3.toml"
}

# Lays out a launch layer at DIR the way bin/build does, and sets LAYER and AGENT.
# Usage: make_layer DIR
make_layer() {
	LAYER=$1
	mkdir -p "${LAYER}/exec.d"
	cp "${PROJECT_ROOT}/lib/jvm-metrics-agent.jar" "${LAYER}/"
	cp "${PROJECT_ROOT}/lib/exec.d/jvm-metrics-agent" "${LAYER}/exec.d/"
	AGENT="-javaagent:${LAYER}/jvm-metrics-agent.jar"
}

# Runs the exec.d program in an empty environment with the VAR=value pairs given, fd 3 going to
# $OUT; what it prints on stdout and stderr becomes $output.
# Usage: run_exec_d [VAR=value ...]
run_exec_d() {
	: >"${OUT}"
	run env -i PATH=/usr/bin:/bin "$@" "${LAYER}/exec.d/jvm-metrics-agent" 3>"${OUT}"
}

# Asserts the exec.d program succeeded silently and its TOML sets exactly JAVA_TOOL_OPTIONS=VALUE.
# Usage: assert_sets VALUE
assert_sets() {
	local expected=$1 json
	assert_success
	assert_output ""
	json=$(json_string "${expected}")
	run toml_get "${OUT}"
	assert_success
	assert_output "{\"JAVA_TOOL_OPTIONS\":${json}}"
}

# Asserts the exec.d program succeeded silently and wrote nothing, leaving the environment as is.
assert_sets_nothing() {
	assert_success
	assert_output ""
	[[ ! -s "${OUT}" ]] || fail "wrote: $(<"${OUT}")"
}

@test "sets JAVA_TOOL_OPTIONS to the agent when the metrics URL is set" {
	run_exec_d HEROKU_METRICS_URL=https://metrics.example/x DYNO=web.1
	assert_sets "${AGENT}"
	run cat "${OUT}"
	assert_output "JAVA_TOOL_OPTIONS = \"${AGENT}\""
}

@test "keeps the user's options byte for byte through TOML escaping: quotes, backslashes, control characters, Unicode" {
	local options=$'-Dq="a b" -Ds=\'c\' -Dw=C:\\\\dir\\n -D$HOME=`x` \t-Dnl=\n -Dctl=\x01\x1f\x7f -Du=héllo😀 -javaagent:/opt/other.jar'
	run_exec_d HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=${options}"
	assert_sets "${options} ${AGENT}"
}

@test "writes nothing without a metrics URL, in one-off dynos, or without the jar" {
	run_exec_d DYNO=web.1
	assert_sets_nothing
	run_exec_d HEROKU_METRICS_URL= DYNO=web.1
	assert_sets_nothing
	run_exec_d HEROKU_METRICS_URL=http://x DYNO=run.1
	assert_sets_nothing
	rm "${LAYER}/jvm-metrics-agent.jar"
	run_exec_d HEROKU_METRICS_URL=http://x DYNO=web.1
	assert_sets_nothing
}

@test "DISABLE_HEROKU_METRICS_AGENT true, 1, yes or on (any case) writes nothing; false, 0, no, off, empty or other values add the agent" {
	local value
	for value in true TRUE 1 yes Yes on ON; do
		run_exec_d HEROKU_METRICS_URL=http://x "DISABLE_HEROKU_METRICS_AGENT=${value}"
		assert_sets_nothing
	done
	for value in false 0 no OFF "" maybe; do
		run_exec_d HEROKU_METRICS_URL=http://x "DISABLE_HEROKU_METRICS_AGENT=${value}"
		assert_sets "${AGENT}"
	done
}

@test "writes nothing when the agent or Heroku's agent is already on the options" {
	run_exec_d HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=-Xmx1g ${AGENT}"
	assert_sets_nothing
	run_exec_d HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=-javaagent:/layers/heroku_jvm/m/heroku-metrics-agent.jar"
	assert_sets_nothing
	run_exec_d HEROKU_METRICS_URL=http://x "JAVA_OPTS=-javaagent:/x/heroku-metrics-agent.jar"
	assert_sets_nothing
}

@test "steps aside for heroku/jvm's agent, unless DISABLE_HEROKU_METRICS_AGENT turns that one off" {
	run_exec_d HEROKU_METRICS_URL=http://x HEROKU_METRICS_AGENT_PATH=/layers/heroku_jvm/a/heroku-metrics-agent.jar
	assert_sets_nothing
	run_exec_d HEROKU_METRICS_URL=http://x HEROKU_METRICS_AGENT_PATH=/layers/heroku_jvm/a/heroku-metrics-agent.jar \
		DISABLE_HEROKU_METRICS_AGENT=false
	assert_sets "${AGENT}"
}

@test "a layers path with spaces or quotes is quoted for the JVM and escaped for TOML" {
	make_layer "${BATS_TEST_TMPDIR}/my layers/it's here"
	run_exec_d HEROKU_METRICS_URL=http://x
	assert_sets "-javaagent:\"${LAYER}/jvm-metrics-agent.jar\""
	make_layer "${BATS_TEST_TMPDIR}/say \"hi\""
	run_exec_d HEROKU_METRICS_URL=http://x
	assert_sets "-javaagent:'${LAYER}/jvm-metrics-agent.jar'"
	make_layer "${BATS_TEST_TMPDIR}/it's \"both\""
	run_exec_d HEROKU_METRICS_URL=http://x
	assert_sets_nothing
}

@test "writes nothing rather than invalid TOML when the options are not UTF-8" {
	run_exec_d HEROKU_METRICS_URL=http://x $'JAVA_TOOL_OPTIONS=-Dname=caf\xe9'
	assert_sets_nothing
	run_exec_d HEROKU_METRICS_URL=http://x $'JAVA_TOOL_OPTIONS=-Dsurrogate=\xed\xa0\x80'
	assert_sets_nothing
}

@test "stays within JDK 8's 1023-byte JAVA_TOOL_OPTIONS limit, or writes nothing" {
	local longest="-D"
	while ((${#longest} + 1 + ${#AGENT} < 1023)); do longest+=x; done
	run_exec_d HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=${longest}"
	assert_sets "${longest} ${AGENT}"
	run_exec_d HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=${longest}x"
	assert_sets_nothing
}

@test "run without fd 3 (by hand, not by the launcher), it says so and fails" {
	# bats itself keeps fd 3 open for its own output, so close it explicitly.
	# shellcheck disable=SC2016 # expanded by the inner bash
	run bash -c 'exec 3>&-; exec "$@"' closer env -i PATH=/usr/bin:/bin HEROKU_METRICS_URL=http://x "${LAYER}/exec.d/jvm-metrics-agent"
	assert_failure 1
	assert_output "jvm-metrics-agent exec.d: file descriptor 3 is not open; the CNB launcher runs this program, not people."
}

@test "an unplanned failure inside it writes nothing, says so once, and still lets the app launch" {
	# A copy with a failing command injected at the start of toml_escape.
	sed 's/^toml_escape() {$/&\n\tfalse/' "${PROJECT_ROOT}/lib/exec.d/jvm-metrics-agent" >"${LAYER}/exec.d/jvm-metrics-agent"
	grep -q -x $'\tfalse' "${LAYER}/exec.d/jvm-metrics-agent"
	run_exec_d HEROKU_METRICS_URL=http://x
	assert_success
	assert_output --regexp '^jvm-metrics-agent exec.d: skipped adding the agent \(line [0-9]+: escaped=\$\(toml_escape "\$\{value\}"\)\)$'
	[[ ! -s "${OUT}" ]]
}
