#!/usr/bin/env bash
# Usage: demo.sh    (make demo; DEMO_SECONDS=60 to change how long it runs, PREVIEW_PORT=0 for the page's port, DEMO_WORKER_JDK for the worker's JDK)
# A formation on this machine, the way Heroku would run it: web.1-web.3 (a tiny HTTP app, each
# under an HTTP load of its own) and worker.1, each built through bin/compile into its own slug and
# started as a dyno, all reporting to the local metrics preview, whose page charts them per process
# type and which prints a summary on this terminal. Ends by itself after DEMO_SECONDS, or on Ctrl-C;
# either way every process it started is stopped and the slugs are removed.
set -euo pipefail
shopt -s inherit_errexit

root=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
readonly root
readonly preview_jar="${root}/java-agent/preview/target/jvm-metrics-preview.jar"
readonly seconds_to_run="${DEMO_SECONDS:-60}"
readonly preview_port="${PREVIEW_PORT:-0}"
# The worker runs on a JDK whose virtual-thread scheduler reports itself (24+), with virtual
# threads, where there is one: Temurin 25 here, or DEMO_WORKER_JDK; else on the java on PATH.
readonly worker_jdk="${DEMO_WORKER_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# Dyno name and the self-load of each web dyno in requests per second: different loads, so the
# charts' maximum, average and minimum lines tell the dynos apart.
readonly -A web_load=([web.1]=20 [web.2]=60 [web.3]=120)

work=""
preview_pid=""
dyno_pids=()

# Usage: demo::fail MESSAGE WHAT_TO_DO
demo::fail() {
	local message=$1 what_to_do=$2
	echo "Error: ${message}" >&2
	echo "${what_to_do}" >&2
	exit 1
}

demo::check_tools() {
	local tool
	for tool in javac java; do
		if ! command -v "${tool}" >/dev/null; then
			demo::fail "make demo needs ${tool}, which is not on PATH." \
				"Install a JDK 17 (apt-get install openjdk-17-jdk-headless), then run 'make demo' again."
		fi
	done
	if [[ ! "${seconds_to_run}" =~ ^[1-9][0-9]{0,4}$ ]]; then
		demo::fail "DEMO_SECONDS='${seconds_to_run}' is not a number of seconds." "Use e.g. DEMO_SECONDS=120 make demo."
	fi
	if [[ ! -f "${preview_jar}" ]]; then
		demo::fail "the preview is not built (${preview_jar#"${root}"/} is missing)." "Run 'make demo', which builds it first."
	fi
}

# Stops the dynos (each agent sends its last report as its JVM exits), then the preview.
demo::stop_all() {
	local pid
	for pid in "${dyno_pids[@]}"; do
		kill -TERM "${pid}" 2>/dev/null || true
	done
	for pid in "${dyno_pids[@]}"; do
		wait "${pid}" 2>/dev/null || true
	done
	dyno_pids=()
	if [[ -n "${preview_pid}" ]]; then
		kill -TERM "${preview_pid}" 2>/dev/null || true
		wait "${preview_pid}" 2>/dev/null || true
		preview_pid=""
	fi
}

demo::cleanup() {
	demo::stop_all
	if [[ -n "${work}" ]]; then
		rm -rf -- "${work}"
	fi
}

# Starts the preview on PREVIEW_PORT and waits until it has written its port to PORT_FILE.
# Sets preview_pid (so it must not run in a subshell).
# Usage: demo::start_preview PORT_FILE
demo::start_preview() {
	local port_file=$1 tries
	java -jar "${preview_jar}" --port "${preview_port}" --port-file "${port_file}" --period 2s \
		--summary-every 10s --stop-after "$((seconds_to_run + 60))s" &
	preview_pid=$!
	for ((tries = 0; tries < 150; tries++)); do
		[[ -s "${port_file}" ]] && break
		kill -0 "${preview_pid}" 2>/dev/null || break
		sleep 0.1
	done
	[[ -s "${port_file}" ]] || demo::fail "the local metrics preview did not start (see its output above)." \
		"Check that port ${preview_port} is free, or run with PREVIEW_PORT=0."
}

# Compiles one dyno's app into its own slug, then runs the buildpack's bin/compile on it.
# Usage: demo::build_slug DYNO SOURCE
demo::build_slug() {
	local dyno=$1 source=$2 slug="${work}/slugs/$1"
	mkdir -p "${slug}" "${work}/cache/${dyno}" "${work}/env/${dyno}"
	javac -d "${slug}" "${source}"
	if ! "${root}/bin/compile" "${slug}" "${work}/cache/${dyno}" "${work}/env/${dyno}" >"${work}/compile-${dyno}.log" 2>&1; then
		cat "${work}/compile-${dyno}.log" >&2
		demo::fail "bin/compile failed for ${dyno} (its output is above)." "Run 'make test' to see which check fails."
	fi
}

# Starts one dyno from its slug as test/support/run-as-dyno.sh does, its output prefixed with its
# name like Heroku's log stream.
# Usage: demo::start_dyno DYNO PORT VAR=value... -- COMMAND...
demo::start_dyno() {
	local dyno=$1 port=$2
	shift 2
	# shellcheck disable=SC2312 # the prefixing sed has no status worth checking; the dyno's is waited for
	"${root}/test/support/run-as-dyno.sh" "${work}/slugs/${dyno}" "DYNO=${dyno}" \
		"HEROKU_METRICS_URL=http://127.0.0.1:${port}/dynos/${dyno}" HEROKU_METRICS_INTERVAL=2s \
		"JAVA_TOOL_OPTIONS=-Xms32m -Xmx256m" "$@" > >(sed -u "s/^/${dyno} | /") 2>&1 &
	dyno_pids+=("$!")
}

main() {
	local port dyno elapsed
	demo::check_tools
	work=$(mktemp -d)
	trap demo::cleanup EXIT
	trap 'echo; echo "make demo: stopped."; exit 130' INT TERM

	cat <<-EOM
		make demo: a formation of four dynos reporting to the local metrics preview, for ${seconds_to_run} s (DEMO_SECONDS).
		  1. Builds web.1, web.2, web.3 (test/fixtures/web/WebApp.java) and worker.1 (test/fixtures/app/Main.java),
		     each into its own slug through bin/compile.
		  2. Starts the preview (java-agent/preview) and each dyno as Heroku does: empty environment, HOME = slug,
		     .profile.d sourced, its own HEROKU_METRICS_URL, reporting every 2 s. Each web dyno loads itself over HTTP.
		  3. Open the page below; this terminal gets a summary every 10 s. Ctrl-C stops everything early.

	EOM
	for dyno in web.1 web.2 web.3; do
		demo::build_slug "${dyno}" "${root}/test/fixtures/web/WebApp.java"
	done
	demo::build_slug worker.1 "${root}/test/fixtures/app/Main.java"
	echo "bin/compile, for each of the four slugs:"
	sed 's/^/  /' "${work}/compile-web.1.log"
	echo

	demo::start_preview "${work}/preview-port"
	read -r port <"${work}/preview-port"
	# A little apart, as dynos boot on Heroku: four JVMs starting at once on two cores would slow
	# each other's first report past the agent's time limit (it would retry, losing nothing).
	for dyno in web.1 web.2 web.3; do
		demo::start_dyno "${dyno}" "${port}" PORT=0 "LOAD_RPS=${web_load[${dyno}]}" -- java -cp . WebApp
		sleep 0.5
	done
	if [[ -x "${worker_jdk}/bin/java" ]]; then
		echo "worker.1 runs on ${worker_jdk} with virtual threads (DEMO_WORKER_JDK)."
		PATH="${worker_jdk}/bin:${PATH}" demo::start_dyno worker.1 "${port}" VIRTUAL_THREADS=1 -- java -cp . Main $((seconds_to_run + 60))
	else
		demo::start_dyno worker.1 "${port}" -- java -cp . Main $((seconds_to_run + 60))
	fi
	echo
	echo ">>> Open http://127.0.0.1:${port}/ to see the charts (process types: web, worker)."
	echo

	for ((elapsed = 0; elapsed < seconds_to_run; elapsed++)); do
		sleep 1
		for dyno in "${dyno_pids[@]}"; do
			kill -0 "${dyno}" 2>/dev/null || demo::fail "a dyno exited early (its output is above)." \
				"Run 'make test' to check the agent and the buildpack."
		done
	done
	echo "make demo: ${seconds_to_run} s are up; stopping the dynos, then the preview (its last summary follows)."
	demo::stop_all
	echo "make demo: done."
}

main "$@"
