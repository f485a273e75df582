#!/usr/bin/env bats
# This buildpack beside heroku/java, which installs Heroku's own JVM metrics agent with a
# .profile.d/heroku-jvm-metrics.sh of the same name: in either order exactly one agent is set up
# at dyno start, and bin/compile says which one and why. heroku/java is played by
# test/fixtures/fake-heroku-java, which writes the same files.
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

# At file scope, unlike common-setup: parametrise_tests registers tests as bats reads the file.
load test_helper/parametrise

setup() {
	load test_helper/common-setup
	_common_setup
	HEROKU_JAVA="${PROJECT_ROOT}/test/fixtures/fake-heroku-java/bin/compile"
	form_setup
	HEROKUS="-javaagent:${BUILD_DIR}/.heroku/bin/heroku-metrics-agent.jar"
}

# Each test runs with the native bootstrap (the default), and again as "[javaagent]" with
# HEROKU_METRICS_BOOTSTRAP=javaagent; OURS is this agent's option in that form.
form_setup() {
	local dir="${BUILD_DIR}/.heroku/jvm-metrics"
	if [[ "${FORM:-bootstrap}" == javaagent ]]; then
		FORM_ENV=HEROKU_METRICS_BOOTSTRAP=javaagent
		OURS="-javaagent:${dir}/jvm-metrics-agent.jar"
	else
		FORM_ENV=HEROKU_METRICS_BOOTSTRAP=
		OURS="-agentpath:${dir}/libjvmmetrics-x86_64.so=${dir}/jvm-metrics-agent.jar"
	fi
}

# Sources every .profile.d script of the build, in order, as a dyno with a metrics URL would, and
# prints the JAVA_TOOL_OPTIONS that result.
# Usage: dyno_java_tool_options [VAR=value ...]
dyno_java_tool_options() {
	# shellcheck disable=SC2016 # expanded in the dyno
	env -i PATH=/usr/bin:/bin "HOME=${BUILD_DIR}" DYNO=web.1 HEROKU_METRICS_URL=http://127.0.0.1:1/m "${FORM_ENV}" "$@" bash -c '
		set -euo pipefail
		for script in "${HOME}"/.profile.d/*.sh; do . "${script}"; done
		printf "%s\n" "${JAVA_TOOL_OPTIONS-}"'
}

# Counts the agents in OPTIONS: -javaagent: options and the native bootstrap's -agentpath:.
# Usage: count_agents OPTIONS
count_agents() {
	local options=$1 count=0 word
	for word in ${options}; do
		[[ "${word}" == -javaagent:* || "${word}" == -agentpath:*libjvmmetrics-* ]] && count=$((count + 1))
	done
	echo "${count}"
}

@test "heroku/java first, then this buildpack: only this agent is set up, and compile says so" {
	"${HEROKU_JAVA}" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}" >/dev/null
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_output --partial "heroku/java set up Heroku's JVM metrics agent (.heroku/bin/heroku-metrics-agent.jar) before this buildpack."
	assert_output --partial "its .profile.d/heroku-jvm-metrics.sh replaced heroku/java's:"
	assert_output --partial "only this agent will report, never both."
	run dyno_java_tool_options
	assert_success
	assert_output "${OURS}"
}

@test "this buildpack first, then heroku/java: only Heroku's agent is set up, and compile warned" {
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_output --partial "If heroku/java runs after this buildpack, its Heroku agent takes over instead"
	assert_output --partial "list this buildpack after heroku/java."
	"${HEROKU_JAVA}" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}" >/dev/null
	run dyno_java_tool_options
	assert_success
	assert_output "${HEROKUS} "
}

@test "in both orders, the user's options survive and exactly one agent is present" {
	local order options
	for order in heroku-java-first ours-first; do
		rm -rf "${BUILD_DIR}" && mkdir -p "${BUILD_DIR}"
		if [[ "${order}" == heroku-java-first ]]; then
			"${HEROKU_JAVA}" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}" >/dev/null
			"${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}" >/dev/null
		else
			"${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}" >/dev/null
			"${HEROKU_JAVA}" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}" >/dev/null
		fi
		options=$(dyno_java_tool_options "JAVA_TOOL_OPTIONS=-Xss512k -Dx='a b'")
		run count_agents "${options}"
		assert_output 1
		[[ "${options}" == *"-Xss512k -Dx='a b'"* ]] || fail "${order}: user's options lost: ${options}"
	done
}

@test "compiling again after heroku/java keeps this agent the only one" {
	"${HEROKU_JAVA}" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}" >/dev/null
	"${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}" >/dev/null
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_output --partial "This buildpack already ran in this build"
	run dyno_java_tool_options
	assert_output "${OURS}"
}

@test "replaces another buildpack's script of the same name and says so" {
	mkdir -p "${BUILD_DIR}/.profile.d"
	echo 'export JAVA_TOOL_OPTIONS="-javaagent:/somewhere/else.jar"' >"${BUILD_DIR}/.profile.d/heroku-jvm-metrics.sh"
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_output --partial "Replaced the .profile.d/heroku-jvm-metrics.sh an earlier buildpack wrote"
	run dyno_java_tool_options
	assert_output "${OURS}"
}

parametrise_tests javaagent
