#!/usr/bin/env bats
# The Cloud Native Buildpacks path end to end, emulated by the spec (no pack or Docker here):
# bin/detect and bin/build run as the lifecycle runs them, then test/test_helper/cnb-launcher.js
# runs the layer's exec.d program with fd 3 open, applies the TOML it writes, and starts the
# fixture app, which reports to the local endpoint. Beside heroku/jvm (played by a fixture exec.d
# that behaves like heroku/jvm's), exactly one agent is set up whichever runs first.
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

# At file scope, unlike common-setup: parametrise_tests registers tests as bats reads the file.
load test_helper/parametrise

setup_file() {
	command -v javac >/dev/null || {
		echo "javac is needed to compile the fixture app: install a JDK (apt-get install openjdk-17-jdk-headless)" >&2
		return 1
	}
	export APP="${BATS_FILE_TMPDIR}/workspace"
	export LAYERS="${BATS_FILE_TMPDIR}/layers/jvm-metrics_agent"
	mkdir -p "${APP}" "${LAYERS}" "${BATS_FILE_TMPDIR}/platform/env"
	javac -d "${APP}" "${BATS_TEST_DIRNAME}/fixtures/app/Main.java"
	local root="${BATS_TEST_DIRNAME}/.."
	cd "${APP}" || return 1
	CNB_PLATFORM_DIR="${BATS_FILE_TMPDIR}/platform" CNB_BUILD_PLAN_PATH="${BATS_FILE_TMPDIR}/plan.toml" \
		"${root}/bin/detect"
	CNB_LAYERS_DIR="${LAYERS}" CNB_PLATFORM_DIR="${BATS_FILE_TMPDIR}/platform" \
		CNB_BP_PLAN_PATH="${BATS_FILE_TMPDIR}/plan.toml" "${root}/bin/build" >/dev/null
	export EXEC_D="${LAYERS}/jvm-metrics-agent/exec.d/jvm-metrics-agent"
	export HEROKU_EXEC_D="${root}/test/fixtures/fake-heroku-jvm/exec.d/heroku_metrics_agent_setup"
}

setup() {
	load test_helper/common-setup
	_common_setup
	LAUNCHER="${PROJECT_ROOT}/test/test_helper/cnb-launcher.js"
	HEROKUS="-javaagent:/layers/heroku_jvm/heroku_metrics_agent/heroku-metrics-agent.jar"
	form_setup
}

# Each test runs with the native bootstrap (the default), and again as "[javaagent]" with
# HEROKU_METRICS_BOOTSTRAP=javaagent at launch; OURS is this agent's option in that form.
form_setup() {
	local layer="${LAYERS}/jvm-metrics-agent"
	if [[ "${FORM:-bootstrap}" == javaagent ]]; then
		FORM_ENV=HEROKU_METRICS_BOOTSTRAP=javaagent
		OURS="-javaagent:${layer}/jvm-metrics-agent.jar"
	else
		FORM_ENV=HEROKU_METRICS_BOOTSTRAP=
		OURS="-agentpath:${layer}/libjvmmetrics-x86_64.so=${layer}/jvm-metrics-agent.jar"
	fi
}

teardown() {
	stop_endpoint
}

# Launches COMMAND through the emulated launcher in the app directory, in an empty environment
# holding PATH and the VAR=value pairs given, running the exec.d PROGRAMS (comma-separated) first.
# Usage: launch PROGRAMS [VAR=value ...] -- COMMAND [ARG ...]
launch() {
	local programs=$1
	shift
	local assignments=()
	while [[ "$1" != -- ]]; do
		assignments+=("$1")
		shift
	done
	shift
	local java
	java=$(command -v java)
	java=$(readlink -f "${java}")
	cd "${APP}" || return 1
	local -a exec_d
	IFS=, read -r -a exec_d <<<"${programs}"
	run env -i "PATH=${java%/*}:/usr/bin:/bin" "${FORM_ENV}" "${assignments[@]}" node "${LAUNCHER}" "${exec_d[@]}" -- "$@"
}

@test "the launcher applies the exec.d output, and the app's JVM loads the agent and reports" {
	local record="${BATS_TEST_TMPDIR}/reports.jsonl"
	start_endpoint "${record}"
	launch "${EXEC_D}" DYNO=web.1 "HEROKU_METRICS_URL=http://127.0.0.1:${PORT}/cnb" HEROKU_METRICS_INTERVAL=1s \
		-- java -cp . Main 3
	assert_success
	assert_line "Picked up JAVA_TOOL_OPTIONS: ${OURS}"
	assert_line "app finished after 3s"
	stop_endpoint
	run node "${PROJECT_ROOT}/test/test_helper/check-reports.js" "${record}" 1
	assert_success
}

@test "without a metrics URL the process starts with its environment untouched" {
	launch "${EXEC_D}" DYNO=web.1 JAVA_TOOL_OPTIONS=-Xss1m -- printenv JAVA_TOOL_OPTIONS
	assert_success
	assert_output "-Xss1m"
}

@test "beside heroku/jvm, in either order, only Heroku's agent is set up by default" {
	launch "${HEROKU_EXEC_D},${EXEC_D}" HEROKU_METRICS_URL=http://x \
		"HEROKU_METRICS_AGENT_PATH=${HEROKUS#-javaagent:}" -- printenv JAVA_TOOL_OPTIONS
	assert_success
	assert_output "${HEROKUS}"
	launch "${EXEC_D},${HEROKU_EXEC_D}" HEROKU_METRICS_URL=http://x \
		"HEROKU_METRICS_AGENT_PATH=${HEROKUS#-javaagent:}" -- printenv JAVA_TOOL_OPTIONS
	assert_success
	assert_output "${HEROKUS}"
}

@test "beside heroku/jvm, DISABLE_HEROKU_METRICS_AGENT=false switches to this agent alone, in either order" {
	launch "${HEROKU_EXEC_D},${EXEC_D}" HEROKU_METRICS_URL=http://x DISABLE_HEROKU_METRICS_AGENT=false \
		"HEROKU_METRICS_AGENT_PATH=${HEROKUS#-javaagent:}" -- printenv JAVA_TOOL_OPTIONS
	assert_success
	assert_output "${OURS}"
	launch "${EXEC_D},${HEROKU_EXEC_D}" HEROKU_METRICS_URL=http://x DISABLE_HEROKU_METRICS_AGENT=false \
		"HEROKU_METRICS_AGENT_PATH=${HEROKUS#-javaagent:}" -- printenv JAVA_TOOL_OPTIONS
	assert_success
	assert_output "${OURS}"
}

@test "DISABLE_HEROKU_METRICS_AGENT=true turns both agents off" {
	launch "${HEROKU_EXEC_D},${EXEC_D}" HEROKU_METRICS_URL=http://x DISABLE_HEROKU_METRICS_AGENT=true \
		"HEROKU_METRICS_AGENT_PATH=${HEROKUS#-javaagent:}" JAVA_TOOL_OPTIONS=-Xss1m -- printenv JAVA_TOOL_OPTIONS
	assert_success
	assert_output "-Xss1m"
}

parametrise_tests javaagent
