#!/usr/bin/env bats
# The whole path on this machine: a fixture JVM app compiled into a slug by bin/compile, started
# the way a dyno starts it (test/support/run-as-dyno.sh), reporting to a local stand-in for
# Heroku's metrics endpoint (test/endpoint/metrics-endpoint.js), whose recorded reports are
# checked as whole payloads.
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

# At file scope, unlike common-setup: parametrise_tests registers tests as bats reads the file.
load test_helper/parametrise

setup_file() {
	command -v javac >/dev/null || {
		echo "javac is needed to compile the fixture app: install a JDK (apt-get install openjdk-17-jdk-headless)" >&2
		return 1
	}
	command -v node >/dev/null || {
		echo "node is needed for the local metrics endpoint: install Node.js" >&2
		return 1
	}
	export SLUG="${BATS_FILE_TMPDIR}/slug"
	mkdir -p "${SLUG}"
	javac -d "${SLUG}" "${BATS_TEST_DIRNAME}/fixtures/app/Main.java"
	"${BATS_TEST_DIRNAME}/../bin/compile" "${SLUG}" "${BATS_FILE_TMPDIR}/cache" "${BATS_FILE_TMPDIR}/env" >/dev/null
}

setup() {
	load test_helper/common-setup
	_common_setup
	RECORD="${BATS_TEST_TMPDIR}/reports.jsonl"
	start_endpoint "${RECORD}"
	form_setup
}

# Each test runs with the native bootstrap (the default), and again as "[javaagent]" with
# HEROKU_METRICS_BOOTSTRAP=javaagent in the dyno's environment.
form_setup() {
	if [[ "${FORM:-bootstrap}" == javaagent ]]; then
		FORM_ENV=HEROKU_METRICS_BOOTSTRAP=javaagent
	else
		FORM_ENV=HEROKU_METRICS_BOOTSTRAP=
	fi
}

# Prints the option the profile script adds for the slug at SLUG_DIR in this test's form, wrapped
# in QUOTE (none by default).
# Usage: agent_option SLUG_DIR [QUOTE]
agent_option() {
	local dir="$1/.heroku/jvm-metrics" quote=${2:-}
	if [[ "${FORM:-bootstrap}" == javaagent ]]; then
		echo "-javaagent:${quote}${dir}/jvm-metrics-agent.jar${quote}"
	else
		echo "-agentpath:${quote}${dir}/libjvmmetrics-x86_64.so=${dir}/jvm-metrics-agent.jar${quote}"
	fi
}

teardown() {
	stop_endpoint
}

# Runs the fixture app for SECONDS in SLUG as dyno web.1, with the VAR=value pairs given. The
# command first prints the JAVA_TOOL_OPTIONS the profile scripts left, then becomes java.
# Usage: run_dyno SLUG SECONDS [VAR=value ...]
run_dyno() {
	local slug=$1 seconds=$2
	shift 2
	# shellcheck disable=SC2016 # expanded in the dyno
	run "${PROJECT_ROOT}/test/support/run-as-dyno.sh" "${slug}" DYNO=web.1 "${FORM_ENV}" "$@" -- \
		sh -c 'echo "JAVA_TOOL_OPTIONS=[${JAVA_TOOL_OPTIONS-unset}]"; exec java -cp . Main "$1"' dyno "${seconds}"
}

@test "a dyno with HEROKU_METRICS_URL loads the agent, which sends whole, well-formed reports" {
	run_dyno "${SLUG}" 4 "HEROKU_METRICS_URL=http://127.0.0.1:${PORT}/metrics/web.1" HEROKU_METRICS_INTERVAL=1s
	assert_success
	local agent
	agent=$(agent_option "${SLUG}")
	assert_line "JAVA_TOOL_OPTIONS=[${agent}]"
	assert_line "Picked up JAVA_TOOL_OPTIONS: ${agent}"
	assert_line "app finished after 4s"
	refute_output --partial "at=error"
	stop_endpoint
	run node "${PROJECT_ROOT}/test/test_helper/check-reports.js" "${RECORD}" 2
	assert_success
	run node -e '
		const fs = require("fs");
		for (const line of fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)) {
			const report = JSON.parse(line);
			if (report.path !== "/metrics/web.1") throw new Error("posted to " + report.path);
		}' "${RECORD}"
	assert_success
}

@test "a dyno without HEROKU_METRICS_URL runs the app untouched and sends nothing" {
	run_dyno "${SLUG}" 3 HEROKU_METRICS_INTERVAL=1s
	assert_success
	assert_line "JAVA_TOOL_OPTIONS=[unset]"
	refute_output --partial "Picked up"
	refute_output --partial "jvm-metrics-agent"
	assert_line "app finished after 3s"
	stop_endpoint
	if [[ -s "${RECORD}" ]]; then
		local recorded
		recorded=$(<"${RECORD}")
		fail "reports were recorded: ${recorded}"
	fi
}

@test "a slug whose path has spaces and quotes still loads the agent and reports" {
	local slug="${BATS_TEST_TMPDIR}/it's a slug"
	cp -R "${SLUG}" "${slug}"
	run_dyno "${slug}" 3 "HEROKU_METRICS_URL=http://127.0.0.1:${PORT}/metrics" HEROKU_METRICS_INTERVAL=1s
	assert_success
	local agent
	agent=$(agent_option "${slug}" '"')
	assert_line "Picked up JAVA_TOOL_OPTIONS: ${agent}"
	assert_line "app finished after 3s"
	stop_endpoint
	run node "${PROJECT_ROOT}/test/test_helper/check-reports.js" "${RECORD}" 1
	assert_success
}

@test "the user's own JAVA_TOOL_OPTIONS reach the JVM unchanged, with the agent after them" {
	run_dyno "${SLUG}" 2 "HEROKU_METRICS_URL=http://127.0.0.1:${PORT}/m" HEROKU_METRICS_INTERVAL=1s \
		'JAVA_TOOL_OPTIONS=-Dgreeting="hello world" -Xss1m'
	assert_success
	local agent
	agent=$(agent_option "${SLUG}")
	assert_line "Picked up JAVA_TOOL_OPTIONS: -Dgreeting=\"hello world\" -Xss1m ${agent}"
	assert_line "app finished after 2s"
}

@test "with the other form also given by hand, the app runs, reports arrive and nothing is logged" {
	# That the agent then runs one thread, not two, is checked inside the JVM (BootstrapSafetyIT).
	local other
	if [[ "${FORM:-bootstrap}" == javaagent ]]; then
		other="-agentpath:${SLUG}/.heroku/jvm-metrics/libjvmmetrics-x86_64.so=${SLUG}/.heroku/jvm-metrics/jvm-metrics-agent.jar"
	else
		other="-javaagent:${SLUG}/.heroku/jvm-metrics/jvm-metrics-agent.jar"
	fi
	# shellcheck disable=SC2016 # expanded in the dyno
	run "${PROJECT_ROOT}/test/support/run-as-dyno.sh" "${SLUG}" DYNO=web.1 "${FORM_ENV}" \
		"HEROKU_METRICS_URL=http://127.0.0.1:${PORT}/m" HEROKU_METRICS_INTERVAL=1s -- \
		sh -c 'exec java "$1" -cp . Main 3' dyno "${other}"
	assert_success
	local agent
	agent=$(agent_option "${SLUG}")
	assert_line "Picked up JAVA_TOOL_OPTIONS: ${agent}"
	assert_line "app finished after 3s"
	refute_output --partial "component=jvm-metrics-agent"
	stop_endpoint
	run node "${PROJECT_ROOT}/test/test_helper/check-reports.js" "${RECORD}" 1
	assert_success
}

@test "two JVMs in one dyno, one with Tomcat's java.io.tmpdir, make one reporter at a time" {
	# The first runs the Serial collector, the second Parallel, as catalina.sh starts Tomcat: the
	# collector names tell their reports apart. The reporter can change only when one exits.
	# shellcheck disable=SC2016 # expanded in the dyno
	run "${PROJECT_ROOT}/test/support/run-as-dyno.sh" "${SLUG}" DYNO=web.1 "${FORM_ENV}" \
		"HEROKU_METRICS_URL=http://127.0.0.1:${PORT}/m" HEROKU_METRICS_INTERVAL=1s -- \
		sh -c 'mkdir -p "${HOME}/catalina/temp"
			java -XX:+UseSerialGC -cp . Main 4 & first=$!
			java -XX:+UseParallelGC -Djava.io.tmpdir="${HOME}/catalina/temp" -cp . Main 4
			wait "${first}"' dyno
	assert_success
	refute_output --partial "component=jvm-metrics-agent"
	stop_endpoint
	run node -e '
		const fs = require("fs");
		const jvms = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)
			.map((line) => Object.keys(JSON.parse(line).body.counters).join(" "))
			.map((names) => names.includes("gc_Copy") ? "serial" : names.includes("gc_PS_Scavenge") ? "parallel" : "?");
		const switches = jvms.filter((jvm, i) => i > 0 && jvm !== jvms[i - 1]).length;
		if (jvms.length < 2 || jvms.includes("?") || switches > 1) {
			throw new Error("reports came from " + jvms.join(", "));
		}' "${RECORD}"
	assert_success
}

parametrise_tests javaagent
