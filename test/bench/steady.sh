#!/usr/bin/env bash
# Usage: steady.sh WORK_DIR ENDPOINT_URL RECORD_FILE [ROUNDS [SECONDS [JAVA_HOME...]]]
# What the agent costs an idle app once started: the same idle JVM (test/bench/Idle.java from a jar,
# Serial GC, 256 MB heap, the default 5 s interval, reporting to the local endpoint that writes
# RECORD_FILE) run plain, with the empty agent, with this agent as a javaagent and through the
# native bootstrap, and through the bootstrap exporting OTLP/protobuf instead (bootstrap-otlp:
# OTEL_EXPORTER_OTLP_ENDPOINT, every 5 s like a Heroku report rather than OpenTelemetry's default
# 60 s, so that its per-report figures compare), the five side by side in each round, their start
# order rotating from round to round. Each JVM runs SECONDS (default 180); read from outside, so that the bench itself loads
# nothing into them:
#   - after the first minute: resident memory (VmRSS), classes loaded (jstat's perf counters) and
#     the process's CPU (user + system);
#   - the agent thread's CPU (its /proc schedstat) once the first report is delivered: the
#     first report's one-off cost (finding the beans, the perf data file, the cgroup limit);
#   - from the first minute to the end: the agent thread's CPU and the bytes it allocated (jcmd
#     Thread.print -e) per report delivered.
# JAVA_HOME... defaults to the java on PATH and Temurin 25 (BENCH_JDK25).
set -euo pipefail
shopt -s inherit_errexit

work=$1
url=$2
record=$3
rounds=${4:-3}
seconds=${5:-180}
shift $(($# < 5 ? $# : 5))
if ((seconds < 90)); then
	echo "Error: steady.sh needs at least 90 seconds: the first minute, then reports to measure." >&2
	exit 1
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=test/bench/variants.sh
source "${root}/test/bench/variants.sh" "${root}" "${work}"
java_homes=("$@")
((${#java_homes[@]} > 0)) || java_homes=("" "${BENCH_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}")
results="${work}/steady.tsv"
ticks=$(getconf CLK_TCK)

[[ -f "${bench_bootstrap}" ]] || {
	echo "Error: ${bench_bootstrap} is missing; build it with 'make java' (x86_64 and gcc needed)." >&2
	exit 1
}
variants::build_empty_agent
javac --release 8 -d "${work}/idle" "${root}/test/bench/Idle.java"
# Run from a jar, as every Heroku JVM app is (an executable jar, or a class path of jars): the JDK's
# jar reading (java.util.zip, java.util.jar, the class path's jar loader) is then the app's, not a
# cost of the agent's own jar. Run from a class directory, the agent adds about 100 classes more
# (docs/performance.md, "Fourth pass").
jar cf "${work}/idle.jar" -C "${work}/idle" Idle.class

# Prints the CPU time in nanoseconds the thread named jvm-metrics-agent of PID has used, or
# nothing while it has none. Linux truncates thread names to 15 characters.
agent_thread_cpu() {
	local pid=$1 task name
	for task in /proc/"${pid}"/task/*; do
		read -r name 2>/dev/null <"${task}/comm" || continue # The thread has just exited.
		if [[ "${name}" == "jvm-metrics-age" ]]; then
			cut -d' ' -f1 "${task}/schedstat"
			return
		fi
	done
}

# Prints the bytes the agent's thread of PID has allocated, from jcmd's extended thread dump
# ("allocated=12345B", or K/M/G), or nothing without that thread.
agent_thread_allocated() {
	"${java_bin}/jcmd" "$1" Thread.print -e 2>/dev/null | awk '
		/^"jvm-metrics-agent" / && match($0, /allocated=[0-9.]+[BKMG]/) {
			v = substr($0, RSTART + 10, RLENGTH - 11); u = substr($0, RSTART + RLENGTH - 1, 1)
			printf "%.0f\n", v * (u == "K" ? 1024 : u == "M" ? 1048576 : u == "G" ? 1073741824 : 1)
		}'
}

# The number of reports (or OTLP exports) the endpoint recorded for PATH (the end of the URL's
# path: ENDPOINT_URL may have a path of its own).
reports_for() {
	grep -cF "$1\"," "${record}" || true
}

# Sleeps until SECONDS have passed since the caller's start.
sleep_until() {
	local now
	while now=$(date +%s) && ((now - start < $1)); do
		sleep 0.2
	done
}

# Runs one JVM of VARIANT for SECONDS and appends its figures to the results, one line:
# jdk variant round rss_kb classes cpu_ms first_report_ns steady_ns steady_bytes steady_reports
run_one() {
	local variant=$1 round=$2 path="/steady/$$/${jdk}/$1/$2" option pid start rss classes cpu
	local first="" cpu_minute="" alloc_minute="" reports_minute cpu_end alloc_end reports_end now
	local count note report_path=${path} listing
	local -a environment=("HEROKU_METRICS_URL=${url}${path}")
	if [[ "${variant}" == *-otlp ]]; then
		listing=$(variants::environment "${variant}" "${url}${path}")
		mapfile -t environment <<<"${listing}"
		environment+=(OTEL_METRIC_EXPORT_INTERVAL=5000)
		report_path="${path}/otlp/v1/metrics" # The exporter adds /v1/metrics to the endpoint.
	fi
	option=$(variants::agent_option "${variant}")
	env -i "PATH=${PATH}" "${environment[@]}" \
		"${java_bin}/java" -XX:+UseSerialGC -Xmx256m ${option:+"${option}"} \
		-cp "${work}/idle.jar" Idle "$((seconds + 60))" >/dev/null 2>"${work}/${jdk}-${variant}-${round}.err" &
	pid=$!
	start=$(date +%s)
	if [[ "${variant}" != plain && "${variant}" != empty-agent ]]; then
		# The thread sleeps between reports, so its CPU read any time before the second report is
		# what the first cost it, set-up included.
		while :; do
			count=$(reports_for "${report_path}")
			now=$(date +%s)
			((count == 0 && now - start < 55)) || break
			sleep 0.2
		done
		sleep 2
		first=$(agent_thread_cpu "${pid}")
	fi
	sleep_until 60
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/${pid}/status")
	classes=$("${java_bin}/jstat" -class "${pid}" | awk 'NR == 2 { print $1 }')
	cpu=$(awk -v t="${ticks}" '{ sub(/^.*\) /, ""); printf "%.0f", ($12 + $13) * 1000 / t }' "/proc/${pid}/stat")
	if [[ -n "${first}" ]]; then
		# The counts above are taken first: jcmd's attach starts a thread in the JVM.
		cpu_minute=$(agent_thread_cpu "${pid}")
		alloc_minute=$(agent_thread_allocated "${pid}")
		reports_minute=$(reports_for "${report_path}")
		sleep_until "${seconds}"
		cpu_end=$(agent_thread_cpu "${pid}")
		alloc_end=$(agent_thread_allocated "${pid}")
		reports_end=$(reports_for "${report_path}")
	fi
	kill "${pid}" 2>/dev/null || true
	wait "${pid}" || true
	note=$(grep -m 1 'component=jvm-metrics-agent' "${work}/${jdk}-${variant}-${round}.err" || true)
	[[ -z "${note}" ]] || echo "Note: ${jdk} ${variant} round ${round}: ${note}" >&2
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${jdk}" "${variant}" "${round}" "${rss}" \
		"${classes}" "${cpu}" "${first}" \
		"${cpu_end:+$((cpu_end - cpu_minute))}" "${alloc_end:+$((alloc_end - alloc_minute))}" \
		"${reports_end:+$((reports_end - reports_minute))}" >>"${results}"
}

: >"${results}"
touch "${record}" # The endpoint creates it at the first report.
variants=(plain empty-agent javaagent bootstrap bootstrap-otlp)
for java_home in "${java_homes[@]}"; do
	java_bin=$(command -v "${java_home:+${java_home}/bin/}java")
	java_bin=$(readlink -f "${java_bin}")
	java_bin=${java_bin%/java}
	jdk=$("${java_bin}/java" -XshowSettings:properties -version 2>&1 | awk '/java.version =/ { print $3 }')
	echo "Steady state on JDK ${jdk}: ${rounds} rounds of ${seconds} s (the five variants side by side)" >&2
	for ((round = 0; round < rounds; round++)); do
		for ((i = 0; i < ${#variants[@]}; i++)); do
			run_one "${variants[$(((i + round) % ${#variants[@]}))]}" "${round}" &
			sleep 0.5
		done
		wait
	done
done
node "${root}/test/bench/summarize-steady.js" "${results}"
