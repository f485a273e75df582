#!/usr/bin/env bats
# lib/exec.d/jvm-metrics-agent, the Cloud Native Buildpacks twin of the profile script: run as the
# launcher runs it (empty environment, fd 3 open), it writes TOML that sets JAVA_TOOL_OPTIONS,
# under the profile script's conditions, or writes nothing. Its output is parsed with a TOML
# parser and compared byte for byte.
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

# At file scope, unlike common-setup: parametrise_tests registers tests as bats reads the file.
load test_helper/parametrise

setup() {
	load test_helper/common-setup
	_common_setup
	load test_helper/start-rules
	make_layer "${BATS_TEST_TMPDIR}/layers/jvm-metrics_agent/jvm-metrics-agent"
	OUT="${BATS_TEST_TMPDIR}/fd3.toml"
}

# Every test runs twice: as is, with a layer that holds only the jar (bin/build installs no
# bootstrap that does not fit the machine or match its checksum), and as "[bootstrap]", with the
# native bootstrap beside the jar (see parametrise_tests at the end).
form_setup() {
	make_layer "${LAYER}"
}

# Lays out a launch layer at DIR the way bin/build does for FORM (javaagent unless set), and sets
# LAYER and AGENT, the option the program adds there.
# Usage: make_layer DIR
make_layer() {
	LAYER=$1
	mkdir -p "${LAYER}/exec.d"
	cp "${PROJECT_ROOT}/lib/jvm-metrics-agent.jar" "${PROJECT_ROOT}/lib/start-rules.sh" "${LAYER}/"
	cp "${PROJECT_ROOT}/lib/exec.d/jvm-metrics-agent" "${LAYER}/exec.d/"
	if [[ "${FORM:-javaagent}" == bootstrap ]]; then
		cp "${PROJECT_ROOT}/lib/libjvmmetrics-x86_64.so" "${LAYER}/"
	else
		rm -f "${LAYER}/libjvmmetrics-x86_64.so"
	fi
	AGENT=$(agent_option)
}

# Prints the option the program adds for the layer at LAYER in FORM, wrapped in QUOTE (none by
# default), or in FORM_OVERRIDE when given.
# Usage: agent_option [QUOTE [FORM_OVERRIDE]]
agent_option() {
	local quote=${1:-} form=${2:-${FORM:-javaagent}}
	if [[ "${form}" == bootstrap ]]; then
		echo "-agentpath:${quote}${LAYER}/libjvmmetrics-x86_64.so=${LAYER}/jvm-metrics-agent.jar${quote}"
	else
		echo "-javaagent:${quote}${LAYER}/jvm-metrics-agent.jar${quote}"
	fi
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

# Asserts one row of the dyno-start rules (see test_helper/start-rules.bash): with its
# environment, the program sets JAVA_TOOL_OPTIONS to the user's options and the agent ("add") or
# writes nothing ("skip").
# Usage: assert_start_rule SCRIPTS AGENT [VAR=value ...]
assert_start_rule() {
	local scripts=$1 options
	shift 2
	echo "case: ${scripts} $*"
	run_exec_d "$@"
	if [[ "${scripts}" == add ]]; then
		options=$(start_rules_value JAVA_TOOL_OPTIONS "$@") || options=""
		assert_sets "${options:+${options} }${AGENT}"
	else
		assert_sets_nothing
	fi
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

@test "follows every case of the dyno-start rules (test/fixtures/start-rules.tsv)" {
	start_rules_each assert_start_rule
}

@test "writes nothing without the jar" {
	rm "${LAYER}/jvm-metrics-agent.jar"
	run_exec_d HEROKU_METRICS_URL=http://x DYNO=web.1
	assert_sets_nothing
}

@test "writes nothing when the agent is already on the options, in either form, or a bootstrap by hand" {
	run_exec_d HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=-Xmx1g ${AGENT}"
	assert_sets_nothing
	local javaagent
	javaagent=$(agent_option "" javaagent)
	run_exec_d HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=-Xmx1g ${javaagent}"
	assert_sets_nothing
	run_exec_d HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=-agentpath:/opt/libjvmmetrics-x86_64.so=/opt/a.jar"
	assert_sets_nothing
}

@test "a layers path with spaces or quotes is quoted for the JVM and escaped for TOML" {
	local expected
	make_layer "${BATS_TEST_TMPDIR}/my layers/it's here"
	expected=$(agent_option '"')
	run_exec_d HEROKU_METRICS_URL=http://x
	assert_sets "${expected}"
	make_layer "${BATS_TEST_TMPDIR}/say \"hi\""
	expected=$(agent_option "'")
	run_exec_d HEROKU_METRICS_URL=http://x
	assert_sets "${expected}"
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
	local longest="-D" javaagent
	while ((${#longest} + 1 + ${#AGENT} < 1023)); do longest+=x; done
	run_exec_d HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=${longest}"
	assert_sets "${longest} ${AGENT}"
	run_exec_d HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=${longest}x"
	if [[ "${FORM:-}" == bootstrap ]]; then
		# The bootstrap's option no longer fits, the shorter javaagent's does.
		javaagent=$(agent_option "" javaagent)
		assert_sets "${longest}x ${javaagent}"
		longest="-D"
		while ((${#longest} + 1 + ${#javaagent} < 1024)); do longest+=x; done
		run_exec_d HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=${longest}"
	fi
	assert_sets_nothing
}

@test "HEROKU_METRICS_BOOTSTRAP=javaagent (any case) or a machine that is not x86_64 uses the javaagent" {
	local javaagent value
	javaagent=$(agent_option "" javaagent)
	for value in javaagent JAVAAGENT; do
		run_exec_d HEROKU_METRICS_URL=http://x "HEROKU_METRICS_BOOTSTRAP=${value}"
		assert_sets "${javaagent}"
	done
	run_exec_d HEROKU_METRICS_URL=http://x HEROKU_METRICS_BOOTSTRAP=native
	assert_sets "${AGENT}"
	mkdir -p "${BATS_TEST_TMPDIR}/bin"
	printf '#!/bin/sh\necho aarch64\n' >"${BATS_TEST_TMPDIR}/bin/uname"
	chmod +x "${BATS_TEST_TMPDIR}/bin/uname"
	run_exec_d HEROKU_METRICS_URL=http://x "PATH=${BATS_TEST_TMPDIR}/bin:/usr/bin:/bin"
	assert_sets "${javaagent}"
}

@test "a layer path holding '=' uses the javaagent: -agentpath: would cut the library's path there" {
	make_layer "${BATS_TEST_TMPDIR}/a=b"
	local javaagent
	javaagent=$(agent_option "" javaagent)
	# Through bash: env would take the program's path, holding '=', for a variable.
	: >"${OUT}"
	run env -i PATH=/usr/bin:/bin HEROKU_METRICS_URL=http://x bash "${LAYER}/exec.d/jvm-metrics-agent" 3>"${OUT}"
	assert_sets "${javaagent}"
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

parametrise_tests bootstrap
