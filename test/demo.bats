#!/usr/bin/env bats
# `make demo` (test/support/demo.sh): a formation of four dynos, each built through bin/compile,
# reporting to the local metrics preview; it ends by itself and leaves no process behind.
# Needs the preview jar (`make bats` builds it first).
# shellcheck disable=SC2154 # PROJECT_ROOT comes from test_helper/common-setup.bash (through bats
# `load`, which shellcheck cannot follow), BATS_* from bats

setup() {
	load test_helper/common-setup
	_common_setup
	if [[ ! -f "${PROJECT_ROOT}/java-agent/preview/target/jvm-metrics-preview.jar" ]]; then
		fail "the preview jar is missing: run 'make preview-jar' (make bats does)"
	fi
	# demo.sh makes its slugs with mktemp under TMPDIR: here, inside this test's own directory,
	# so that every process it started can be found by its working directory or arguments.
	export TMPDIR="${BATS_TEST_TMPDIR}"
}

# Prints the PIDs of processes whose working directory or command line lies under DIR.
# Usage: processes_under DIR
processes_under() {
	local dir=$1 proc cwd cmdline
	for proc in /proc/[0-9]*; do
		cwd=$(readlink "${proc}/cwd" 2>/dev/null) || continue
		cmdline=$(tr '\0' ' ' <"${proc}/cmdline" 2>/dev/null) || continue
		if [[ "${cwd}" == "${dir}"* || "${cmdline}" == *"${dir}"* ]]; then
			echo "${proc#/proc/}"
		fi
	done
}

@test "a DEMO_SECONDS that is not a number is one clear error" {
	DEMO_SECONDS=soon run "${PROJECT_ROOT}/test/support/demo.sh"
	assert_failure
	assert_output --partial "Error: DEMO_SECONDS='soon' is not a number of seconds."
	assert_output --partial "Use e.g. DEMO_SECONDS=120 make demo."
}

@test "a short demo charts web and worker dynos, ends by itself and leaves nothing running" {
	DEMO_SECONDS=12 run "${PROJECT_ROOT}/test/support/demo.sh"
	assert_success
	assert_output --partial "-----> "
	assert_line --regexp '^>>> Open http://127\.0\.0\.1:[0-9]+/ to see the charts'
	assert_line --regexp '^  HEROKU_METRICS_URL=http://127\.0\.0\.1:[0-9]+/dynos/web\.1 java -javaagent:lib/jvm-metrics-agent\.jar \.\.\.$'
	assert_line --regexp '^web\.3 \| web app listening on 127\.0\.0\.1:[0-9]+, self-load 120 requests/s$'
	assert_line --regexp '^worker\.1 \| Picked up JAVA_TOOL_OPTIONS: -Xms32m -Xmx256m -javaagent:.*/slugs/worker\.1/\.heroku/jvm-metrics/jvm-metrics-agent\.jar$'
	# The terminal summary: one row per process type, every dyno reporting.
	assert_line --regexp '^  web +3/3 +[0-9.]+/[0-9.]+ '
	assert_line --regexp '^  worker +1/1 +[0-9.]+/[0-9.]+ '
	assert_line "preview: stopped"
	assert_line "make demo: done."
	refute_output --partial "refused a report"

	run processes_under "${BATS_TEST_TMPDIR}"
	assert_output ""
	# Its working directory (the slugs, the preview's port file) is gone too.
	run find "${BATS_TEST_TMPDIR}" -mindepth 1 -maxdepth 1 -name 'tmp.*'
	assert_output ""
}
