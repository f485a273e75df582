#!/usr/bin/env bash
# Usage: framework.sh WORK_DIR ENDPOINT_URL [RUNS [JAVA_HOME]]
# A real framework's start-up with each way of loading the agent: a Javalin app (Jetty, Kotlin
# stdlib; fetched from Maven Central into WORK_DIR by Maven, nothing committed) started plain, with
# the empty agent, with this agent as a javaagent and through the native bootstrap (both with
# HEROKU_METRICS_URL set), through the bootstrap with an OTLP endpoint instead, and with the
# OpenTelemetry Java agent exporting only metrics, timed from the process start to its first HTTP
# 200 (first-response.js).
# Paired rounds in rotating order; prints medians and the median of per-round differences.
set -euo pipefail
shopt -s inherit_errexit

work=$1
url=$2
runs=${3:-20}
java_home=${4:-}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
java=java
[[ -z "${java_home}" ]] || java="${java_home}/bin/java"
app="${work}/javalin"
mkdir -p "${app}"

# A throwaway Maven project only to resolve Javalin's class path.
cat >"${app}/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>javalin-hello</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>io.javalin</groupId><artifactId>javalin</artifactId><version>6.3.0</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-nop</artifactId><version>2.0.16</version></dependency>
  </dependencies>
</project>
POM
[[ -s "${app}/classpath" ]] || mvn -B -q --no-transfer-progress -f "${app}/pom.xml" \
	dependency:build-classpath -Dmdep.outputFile="${app}/classpath" >/dev/null
classpath="${app}/classes:$(<"${app}/classpath")"
javac --release 11 -cp "${classpath}" -d "${app}/classes" "${root}/test/bench/JavalinHello.java"

# shellcheck source=test/bench/variants.sh
source "${root}/test/bench/variants.sh" "${root}" "${work}" # startup.sh builds the empty agent
variants=(plain empty-agent javaagent bootstrap bootstrap-otlp otel-javaagent)
variants::fetch_otel_agent
results="${work}/framework.tsv"
: >"${results}"

run_variant() {
	local variant=$1 round=${2:-warm-up}
	local -a options=()
	local option
	option=$(variants::agent_option "${variant}")
	[[ -z "${option}" ]] || options+=("${option}")
	local port millis listing
	local -a variables=("HEROKU_METRICS_URL=${url}")
	case "${variant}" in
	*-otlp | otel-javaagent)
		listing=$(variants::environment "${variant}" "${url}")
		mapfile -t variables <<<"${listing}"
		;;
	*) ;;
	esac
	port=$(node "${root}/test/bench/free-port.js")
	millis=$(env -i "PATH=${PATH}" "PORT=${port}" "${variables[@]}" \
		node "${root}/test/bench/first-response.js" "${java}" "${options[@]}" -cp "${classpath}" JavalinHello "{port}")
	printf '%s\t%s\t%s\n' "${variant}" "${round}" "${millis}" >>"${results}"
}

[[ -f "${bench_empty_agent}" ]] || {
	echo "Error: ${bench_empty_agent} is missing: run startup.sh with the same WORK_DIR first." >&2
	exit 1
}
# One unrecorded round warms the page cache and the JIT-free parts of class loading.
variants::rounds 1 "${runs}" "${variants[@]}"

node "${root}/test/bench/summarize-framework.js" "${results}" "${runs}"
