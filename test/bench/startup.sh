#!/usr/bin/env bash
# Usage: startup.sh WORK_DIR ENDPOINT_URL [RUNS [JAVA_HOME]]
# Start-up cost, side by side, on the JDK in JAVA_HOME (default: the java on PATH): a hello-world
# JVM run plain, with an empty agent (the floor for any javaagent), with this agent as a javaagent
# and through the native bootstrap (-agentpath:), each without and with HEROKU_METRICS_URL, the
# bootstrap also with an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), and the OpenTelemetry Java
# agent exporting only metrics (fetched by variants::fetch_otel_agent). The
# variants run alternately, the order rotating each round, so drift on the machine hits them alike.
# Prints wall time, CPU time (user + system) and peak RSS (medians, min-max), and the median of the
# per-round differences from plain java and from the floor (the runs of one round are back to
# back, so their difference is what the agent adds, with the machine's drift taken out).
set -euo pipefail
shopt -s inherit_errexit

work=$1
url=$2
runs=${3:-20}
java_home=${4:-}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=test/bench/variants.sh
source "${root}/test/bench/variants.sh" "${root}" "${work}"
bootstrap=${bench_bootstrap}
java=java
[[ -z "${java_home}" ]] || java="${java_home}/bin/java"
results="${work}/startup.tsv"
: >"${results}"

[[ -f "${bootstrap}" ]] || {
	echo "Error: ${bootstrap} is missing; build it with 'make java' (x86_64 and gcc needed)." >&2
	exit 1
}

javac --release 8 -d "${work}/classes" "${root}/test/bench/Hello.java"
variants::build_empty_agent

variants=(plain empty-agent javaagent-no-url javaagent-with-url bootstrap-no-url bootstrap-with-url
	bootstrap-with-otlp otel-javaagent)
variants::fetch_otel_agent

run_variant() {
	local variant=$1
	local -a command=("${java}")
	local -a environment=(env -i "PATH=${PATH}")
	local option variables
	option=$(variants::agent_option "${variant}")
	[[ -z "${option}" ]] || command+=("${option}")
	variables=$(variants::environment "${variant}" "${url}")
	[[ -z "${variables}" ]] || mapfile -t -O "${#environment[@]}" environment <<<"${variables}"
	command+=(-cp "${work}/classes" Hello)
	# bash's own clock and rusage of its children, to the millisecond; GNU time for peak RSS.
	local TIMEFORMAT='%3R %3U %3S' wall user system cpu
	{ time "${environment[@]}" /usr/bin/time -f '%M' -o "${work}/rss" "${command[@]}" >/dev/null 2>"${work}/stderr"; } 2>"${work}/times"
	read -r wall user system <"${work}/times"
	# The OpenTelemetry Java agent appends to the boot class path, so the JVM warns that class data
	# sharing then covers boot classes only: the JVM's line, not the agent's; anything else fails.
	if grep -qv 'warning: Sharing is only supported for boot loader classes' "${work}/stderr"; then
		echo "Error: ${variant} printed on stderr: $(<"${work}/stderr")" >&2
		exit 1
	fi
	cpu=$(awk -v u="${user}" -v s="${system}" 'BEGIN { printf "%.3f", u + s }')
	printf '%s\t%s\t%s\t%s\t%s\n' "${variant}" "${2:-warm-up}" "${wall}" "${cpu}" \
		"$(<"${work}/rss")" >>"${results}"
}

# Two unrecorded rounds warm the page cache and the CDS archive.
variants::rounds 2 "${runs}" "${variants[@]}"

node "${root}/test/bench/summarize-startup.js" "${results}" "${runs}"
