#!/usr/bin/env bats
# OTLP end to end, into a real receiver: VictoriaMetrics (Debian trixie's victoria-metrics, which
# `make jdks` unpacks into .cache/ with test/support/fetch-jdk.sh) ingests OTLP/HTTP protobuf at
# /opentelemetry/v1/metrics. The buildpack is built through the CNB lifecycle emulation (as in
# test/cnb-lifecycle.bats); the app, test/fixtures/otlp-app/GcTotals.java, is launched by the
# emulated launcher with the environment a Fir dyno has (the platform's HEROKU_* variables, and
# the OTLP endpoint the user set), runs a few seconds and prints the JVM's own GC totals and heap
# at exit. Then test/test_helper/check-victoria-metrics.js asks VictoriaMetrics' HTTP API for the
# series and compares: GC counts and times equal to the JVM's own totals, heap used consistent,
# the stable names present, the resource attributes as labels. On G1 and on ZGC. And a Cedar dyno
# (bin/compile, the profile script, test/support/run-as-dyno.sh) with both destinations set: whole
# reports at the local stand-in for HEROKU_METRICS_URL and the OTLP series in VictoriaMetrics.
# shellcheck disable=SC2154 # PROJECT_ROOT comes from test_helper/common-setup.bash, BATS_* from bats

setup_file() {
	command -v javac >/dev/null || {
		echo "javac is needed to compile the fixture app: install a JDK (apt-get install openjdk-17-jdk-headless)" >&2
		return 1
	}
	local root="${BATS_TEST_DIRNAME}/.."
	export VICTORIA_METRICS="${VICTORIA_METRICS:-${root}/.cache/victoria-metrics/root/usr/bin/victoria-metrics}"
	[[ -x "${VICTORIA_METRICS}" ]] || {
		echo "VictoriaMetrics is not at ${VICTORIA_METRICS}: run 'make jdks', which fetches it" >&2
		return 1
	}
	export APP="${BATS_FILE_TMPDIR}/workspace"
	export LAYERS="${BATS_FILE_TMPDIR}/layers/jvm-metrics_agent"
	mkdir -p "${APP}" "${LAYERS}" "${BATS_FILE_TMPDIR}/platform/env"
	javac -d "${APP}" "${BATS_TEST_DIRNAME}/fixtures/otlp-app/GcTotals.java"
	cd "${APP}" || return 1
	CNB_PLATFORM_DIR="${BATS_FILE_TMPDIR}/platform" CNB_BUILD_PLAN_PATH="${BATS_FILE_TMPDIR}/plan.toml" \
		"${root}/bin/detect"
	CNB_LAYERS_DIR="${LAYERS}" CNB_PLATFORM_DIR="${BATS_FILE_TMPDIR}/platform" \
		CNB_BP_PLAN_PATH="${BATS_FILE_TMPDIR}/plan.toml" "${root}/bin/build" >/dev/null
	export EXEC_D="${LAYERS}/jvm-metrics-agent/exec.d/jvm-metrics-agent"
	# A classic (Cedar) slug too, compiled by bin/compile, for the test with both destinations.
	export SLUG="${BATS_FILE_TMPDIR}/slug"
	mkdir -p "${SLUG}"
	javac -d "${SLUG}" "${BATS_TEST_DIRNAME}/fixtures/otlp-app/GcTotals.java"
	"${root}/bin/compile" "${SLUG}" "${BATS_FILE_TMPDIR}/cache" "${BATS_FILE_TMPDIR}/env" >/dev/null
}

setup() {
	load test_helper/common-setup
	_common_setup
	start_victoria_metrics
}

teardown() {
	stop_victoria_metrics
	stop_endpoint
}

# Starts VictoriaMetrics on a free loopback port with its data under the test's own directory,
# with fd 3 closed so bats does not wait for it; sets VM_PID and VM_URL once it answers.
# -search.latencyOffset=0s: the samples of the last 30 s are what this test asks for.
start_victoria_metrics() {
	local log="${BATS_TEST_TMPDIR}/victoria-metrics.log" tries vm_port
	"${VICTORIA_METRICS}" -httpListenAddr=127.0.0.1:0 -storageDataPath="${BATS_TEST_TMPDIR}/vm-data" \
		-search.latencyOffset=0s -loggerOutput=stderr >"${log}" 2>&1 3>&- &
	VM_PID=$!
	for ((tries = 0; tries < 300; tries++)); do
		vm_port=$(sed -n 's|.*started server at http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "${log}")
		[[ -z "${vm_port}" ]] || break
		kill -0 "${VM_PID}" 2>/dev/null || fail "VictoriaMetrics exited: $(<"${log}")"
		sleep 0.1
	done
	[[ -n "${vm_port}" ]] || fail "VictoriaMetrics did not start: $(<"${log}")"
	VM_URL="http://127.0.0.1:${vm_port}"
}

stop_victoria_metrics() {
	if [[ -n "${VM_PID:-}" ]]; then
		kill "${VM_PID}" 2>/dev/null || true
		wait "${VM_PID}" 2>/dev/null || true
		VM_PID=""
	fi
}

# Runs the fixture app through the emulated CNB launcher with a Fir dyno's environment and the
# OTLP endpoint pointing at VictoriaMetrics, on the collector named by the JVM OPTION given; then
# checks what VictoriaMetrics holds against the JVM's own totals.
# Usage: assert_exported_on OPTION
assert_exported_on() {
	local option=$1 java app_id=6a1b7c52-4d8e-4a3f-9e0d-1f2a3b4c5d6e dyno_id=0b5c9e1d-2f3a-4b6c-8d7e-9f0a1b2c3d4e
	java=$(command -v java)
	java=$(readlink -f "${java}")
	cd "${APP}" || return 1
	run env -i "PATH=${java%/*}:/usr/bin:/bin" DYNO=web.1 PORT=5000 \
		"HEROKU_APP_ID=${app_id}" HEROKU_APP_NAME=otlp-e2e-app "HEROKU_DYNO_ID=${dyno_id}" \
		HEROKU_RELEASE_VERSION=v42 \
		"OTEL_EXPORTER_OTLP_ENDPOINT=${VM_URL}/opentelemetry" OTEL_METRIC_EXPORT_INTERVAL=1000 \
		node "${PROJECT_ROOT}/test/test_helper/cnb-launcher.js" "${EXEC_D}" -- \
		java "${option}" -Xmx256m -cp . GcTotals 4
	assert_success
	assert_line --partial "Picked up JAVA_TOOL_OPTIONS: -agentpath:${LAYERS}/jvm-metrics-agent/"
	refute_line --partial "at=error component=jvm-metrics-agent"
	refute_line --partial "at=warn component=jvm-metrics-agent"
	local totals="${BATS_TEST_TMPDIR}/totals.tsv"
	save_totals "${totals}"
	run node "${PROJECT_ROOT}/test/test_helper/check-victoria-metrics.js" "${VM_URL}" "${totals}" \
		"{\"service.name\":\"otlp-e2e-app\",\"service.instance.id\":\"${dyno_id}\",\"service.version\":\"v42\",\"cloud.provider\":\"heroku\",\"heroku.app.id\":\"${app_id}\"}"
	echo "${output}" >"${BATS_TEST_TMPDIR}/check.txt"
	assert_success
}

# Saves the JVM's totals that the app printed (in ${lines}) to FILE.
# Usage: save_totals FILE
save_totals() {
	local file=$1
	printf '%s\n' "${lines[@]}" | grep -E $'^(gc|heap|at)\t' >"${file}" || fail "the app printed no totals"
}

@test "on G1, VictoriaMetrics holds the agent's OTLP series: GC totals as the JVM counted them, resource attributes as labels" {
	assert_exported_on -XX:+UseG1GC
}

@test "on ZGC, VictoriaMetrics holds the agent's OTLP series: GC totals as the JVM counted them, resource attributes as labels" {
	assert_exported_on -XX:+UseZGC
}

@test "on Cedar with both destinations, one JVM reports whole payloads to HEROKU_METRICS_URL and its OTLP series to VictoriaMetrics" {
	start_endpoint "${BATS_TEST_TMPDIR}/reports.jsonl"
	run "${PROJECT_ROOT}/test/support/run-as-dyno.sh" "${SLUG}" DYNO=web.1 HEROKU_APP_NAME=cedar-app \
		"HEROKU_METRICS_URL=http://127.0.0.1:${PORT}/cedar" HEROKU_METRICS_INTERVAL=1s \
		"OTEL_EXPORTER_OTLP_ENDPOINT=${VM_URL}/opentelemetry" OTEL_METRIC_EXPORT_INTERVAL=1000 \
		OTEL_SERVICE_NAME=shop -- java -Xmx256m -cp . GcTotals 4
	assert_success
	refute_line --partial "component=jvm-metrics-agent"
	local totals="${BATS_TEST_TMPDIR}/totals.tsv"
	save_totals "${totals}"
	stop_endpoint
	run node "${PROJECT_ROOT}/test/test_helper/check-reports.js" "${BATS_TEST_TMPDIR}/reports.jsonl" 2
	assert_success
	# OTEL_SERVICE_NAME wins over HEROKU_APP_NAME.
	run node "${PROJECT_ROOT}/test/test_helper/check-victoria-metrics.js" "${VM_URL}" "${totals}" \
		'{"service.name":"shop","cloud.provider":"heroku"}'
	assert_success
}
