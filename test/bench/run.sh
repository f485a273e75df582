#!/usr/bin/env bash
# Usage: run.sh   (make bench)
# Every performance figure the README quotes, in one run: start-up side by side (plain java, the
# empty javaagent, this agent as a javaagent and through the native bootstrap, the bootstrap with
# an OTLP endpoint, the OpenTelemetry Java agent exporting only metrics) on JDK 17 and Temurin 25,
# a Javalin app's time to first HTTP 200 with each, one report's and one OTLP export's CPU time,
# allocation and bytes (JMH, compiled), and the steady state of an idle app on both JDKs (memory,
# classes and CPU after the first minute, the first report's one-off cost, the agent thread's CPU
# and allocation per report, interpreted). Knobs: BENCH_RUNS (start-up rounds per JDK, default
# 100), BENCH_FRAMEWORK_RUNS (default 20), BENCH_JDK25 (Temurin 25's home), BENCH_STEADY_ROUNDS
# (default 3) and BENCH_STEADY_SECONDS (each idle JVM's run, default 180), BENCH_AGENT_JAR and
# BENCH_BOOTSTRAP (another build to measure instead of lib/'s).
set -euo pipefail
shopt -s inherit_errexit

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
endpoint_pid=""
cleanup() {
	if [[ -n "${endpoint_pid}" ]]; then
		kill "${endpoint_pid}" 2>/dev/null || true
	fi
	rm -rf "${work}"
}
trap cleanup EXIT

command -v /usr/bin/time >/dev/null || {
	echo "Error: make bench needs GNU time (/usr/bin/time) for peak RSS; install the 'time' package." >&2
	exit 1
}

node "${root}/test/endpoint/metrics-endpoint.js" --port 0 --port-file "${work}/port" \
	--record "${work}/reports.jsonl" &
endpoint_pid=$!
for _ in $(seq 50); do
	[[ -s "${work}/port" ]] && break
	sleep 0.1
done
[[ -s "${work}/port" ]] || {
	echo "Error: the local metrics endpoint did not start." >&2
	exit 1
}
url="http://127.0.0.1:$(<"${work}/port")/bench"

cores=$(nproc)
jar_sha=$(sha256sum "${root}/lib/jvm-metrics-agent.jar")
bootstrap_sha=$(sha256sum "${root}/lib/libjvmmetrics-x86_64.so")
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== ${cores} cores, load average ${load}; agent ${jar_sha:0:12}, bootstrap ${bootstrap_sha:0:12}"
jdk25=${BENCH_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
for java_home in "" "${jdk25}"; do
	java_version=$("${java_home:+${java_home}/bin/}java" -version 2>&1)
	echo
	echo "== JVM: ${java_version%%$'\n'*}"
	"${root}/test/bench/startup.sh" "${work}" "${url}" "${BENCH_RUNS:-100}" "${java_home}"
done
echo
"${root}/test/bench/framework.sh" "${work}" "${url}" "${BENCH_FRAMEWORK_RUNS:-20}"
echo

echo "One report's work, JMH with -prof gc (alloc.rate.norm = bytes allocated per report; cpu-per-op ="
echo "the reporter thread's own CPU per report): collectAndWrite = read every source, write the JSON;"
echo "collectWriteAndPost = the same plus the POST to a loopback responder over a kept-alive connection:"
(cd "${root}/java-agent/agent" && mvn -B -q --no-transfer-progress -Dstyle.color=never -Pbench test-compile dependency:build-classpath \
	-Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test)
classpath="${root}/java-agent/agent/target/classes:${root}/java-agent/agent/target/test-classes"
classpath+=":$(<"${root}/java-agent/agent/target/test.classpath")"
java -cp "${classpath}" org.openjdk.jmh.Main ReportCycleBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s \
	-prof gc 2>&1 | grep -E '^(# Benchmark:|Iteration|Benchmark|ReportCycleBenchmark)' |
	grep -Ev 'gc\.(count|time)|alloc\.rate +avgt' | sed 's/^# Benchmark: dev.jvmmetrics.agent.report./  /'
echo

echo "One OTLP export's work, JMH with -prof gc: export = read every source, write the"
echo "ExportMetricsServiceRequest as protobuf or JSON (encoding); bytes = the body's size before gzip:"
java -cp "${classpath}" org.openjdk.jmh.Main OtlpExportBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s \
	-prof gc 2>&1 | grep -E '^(# Benchmark:|# Parameters:|Iteration|Benchmark|OtlpExportBenchmark)' |
	grep -Ev 'gc\.(count|time)|alloc\.rate +avgt' | sed 's/^# Benchmark: dev.jvmmetrics.agent.otlp./  /'
echo

echo "The first report's one-off set-up, source by source (a fresh JVM on each JDK; CPU time and bytes"
echo "allocated on the thread; the rest of the first report's cost is the lock, the HTTP client and"
echo "loading the agent's classes, in steady.sh's \"1st report\" column below):"
for java_home in "" "${jdk25}"; do
	java_version=$("${java_home:+${java_home}/bin/}java" -version 2>&1)
	echo "  ${java_version%%$'\n'*}"
	"${java_home:+${java_home}/bin/}java" -XX:+UseSerialGC -Xmx256m -cp "${classpath}" \
		dev.jvmmetrics.agent.metrics.SetUpCost
done
echo

"${root}/test/bench/steady.sh" "${work}" "${url}" "${work}/reports.jsonl" "${BENCH_STEADY_ROUNDS:-3}" \
	"${BENCH_STEADY_SECONDS:-180}" "" "${jdk25}"
