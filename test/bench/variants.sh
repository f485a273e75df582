#!/usr/bin/env bash
# Sourced by startup.sh, framework.sh and steady.sh: how each variant loads the agent, and the rounds they run
# in. Usage: source variants.sh ROOT WORK_DIR (the empty agent is WORK_DIR/empty-agent.jar).

# BENCH_AGENT_JAR and BENCH_BOOTSTRAP measure another build (an older commit's, for a before/after
# comparison) instead of the one in lib/.
bench_agent=${BENCH_AGENT_JAR:-"${1:?Usage: source variants.sh ROOT WORK_DIR}/lib/jvm-metrics-agent.jar"}
bench_bootstrap=${BENCH_BOOTSTRAP:-"$1/lib/libjvmmetrics-x86_64.so"}
bench_root=$1
bench_empty_agent="${2:?Usage: source variants.sh ROOT WORK_DIR}/empty-agent.jar"
# The OpenTelemetry Java agent, which run.sh fetches from Maven Central into WORK_DIR.
bench_otel_agent="$2/opentelemetry-javaagent.jar"
# Its version: the newest release when this row was added.
BENCH_OTEL_AGENT_VERSION=2.33.1

# Builds the empty agent (test/bench/EmptyAgent.java) into WORK_DIR/empty-agent.jar. Its class is
# compiled apart from any app: were it on the app's class path, the JVM would load it from there
# and never open the agent jar, which every real agent pays for.
# Usage: variants::build_empty_agent
variants::build_empty_agent() {
	local classes="${bench_empty_agent%.jar}"
	javac --release 8 -d "${classes}" "${bench_root}/test/bench/EmptyAgent.java"
	printf 'Premain-Class: EmptyAgent\n' >"${classes}.manifest"
	jar --create --file "${bench_empty_agent}" --manifest "${classes}.manifest" \
		-C "${classes}" EmptyAgent.class
}

# Prints the JVM option that loads the agent for VARIANT (plain, empty-agent, javaagent…,
# bootstrap…); nothing for plain.
# Usage: option=$(variants::agent_option VARIANT)
variants::agent_option() {
	local variant=$1
	case "${variant}" in
	plain) ;;
	empty-agent) echo "-javaagent:${bench_empty_agent}" ;;
	javaagent*) echo "-javaagent:${bench_agent}" ;;
	bootstrap*) echo "-agentpath:${bench_bootstrap}=${bench_agent}" ;;
	otel-javaagent) echo "-javaagent:${bench_otel_agent}" ;;
	*)
		echo "variants.sh: internal error: unknown variant ${variant}" >&2
		return 1
		;;
	esac
}

# Prints the environment VARIANT runs with, one VAR=value a line, for a metrics endpoint at URL:
# HEROKU_METRICS_URL for the *-with-url variants, an OTLP endpoint for the *-otlp ones, and for
# the OpenTelemetry Java agent an OTLP endpoint with traces and logs off (metrics only) and its
# own logging off (start-up.sh fails a variant that prints on stderr).
# Usage: listing=$(variants::environment VARIANT URL)
variants::environment() {
	local variant=$1 url=$2
	case "${variant}" in
	*-with-url) echo "HEROKU_METRICS_URL=${url}" ;;
	*-otlp) echo "OTEL_EXPORTER_OTLP_ENDPOINT=${url}/otlp" ;;
	otel-javaagent)
		printf '%s\n' "OTEL_EXPORTER_OTLP_ENDPOINT=${url}/otlp" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
			OTEL_METRICS_EXPORTER=otlp OTEL_TRACES_EXPORTER=none OTEL_LOGS_EXPORTER=none \
			OTEL_JAVAAGENT_LOGGING=none
		;;
	*) ;;
	esac
}

# Puts the OpenTelemetry Java agent at bench_otel_agent (Maven Central, through Maven), unless it
# is there already.
# Usage: variants::fetch_otel_agent
variants::fetch_otel_agent() {
	[[ ! -s "${bench_otel_agent}" ]] || return 0
	mvn -B -q --no-transfer-progress dependency:copy \
		"-Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:${BENCH_OTEL_AGENT_VERSION}" \
		"-DoutputDirectory=${bench_otel_agent%/*}" -Dmdep.stripVersion=true >/dev/null
	[[ -s "${bench_otel_agent}" ]] || {
		echo "Error: could not fetch opentelemetry-javaagent ${BENCH_OTEL_AGENT_VERSION} from Maven Central." >&2
		return 1
	}
}

# Runs WARM_UPS unrecorded rounds, then RUNS rounds numbered from 0, of every VARIANT through the
# caller's run_variant VARIANT [ROUND]; the order rotates each round, so drift on the machine hits
# every variant alike.
# Usage: variants::rounds WARM_UPS RUNS VARIANT...
variants::rounds() {
	local warm_ups=$1 runs=$2 round i
	shift 2
	local -a names=("$@")
	for ((round = 0; round < warm_ups; round++)); do
		for i in "${names[@]}"; do
			run_variant "${i}"
		done
	done
	: >"${results:?}"
	for ((round = 0; round < runs; round++)); do
		for ((i = 0; i < ${#names[@]}; i++)); do
			run_variant "${names[$(((i + round) % ${#names[@]}))]}" "${round}"
		done
	done
}
