#!/usr/bin/env bash
# Usage: demo.sh    (make demo)
# Builds the sample app through bin/compile into a temporary slug, starts the local metrics
# endpoint, runs the app as a dyno for about 30 s reporting every 2 s, and prints each report.
# Stops by itself, or on Ctrl-C; either way both processes are stopped and the slug removed.
set -euo pipefail
shopt -s inherit_errexit

readonly SECONDS_TO_RUN=30
root=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)

for tool in javac java node; do
	if ! command -v "${tool}" >/dev/null; then
		echo "Error: make demo needs ${tool}, which is not on PATH." >&2
		echo "Install a JDK (apt-get install openjdk-17-jdk-headless) and Node.js, then run 'make demo' again." >&2
		exit 1
	fi
done

work=$(mktemp -d)
endpoint_pid=""
cleanup() {
	if [[ -n "${endpoint_pid}" ]]; then
		kill "${endpoint_pid}" 2>/dev/null || true
		wait "${endpoint_pid}" 2>/dev/null || true
	fi
	rm -rf -- "${work}"
}
trap cleanup EXIT
trap 'echo; echo "make demo: stopped."; exit 130' INT TERM

cat <<EOM
make demo: this buildpack and its agent, end to end, on this machine.
  1. Compiles test/fixtures/app/Main.java into a temporary slug and runs bin/compile on it.
  2. Starts a local stand-in for Heroku's metrics endpoint on a free port.
  3. Starts the app as a dyno does: empty environment, HOME = the slug, .profile.d sourced,
     with HEROKU_METRICS_URL pointing at the endpoint and HEROKU_METRICS_INTERVAL=2s.
  4. Prints every report the agent sends, for about ${SECONDS_TO_RUN} s. Ctrl-C stops it early.

EOM

slug="${work}/slug"
mkdir -p "${slug}"
javac -d "${slug}" "${root}/test/fixtures/app/Main.java"
"${root}/bin/compile" "${slug}" "${work}/cache" "${work}/env"
echo

port_file="${work}/port"
node "${root}/test/endpoint/metrics-endpoint.js" --pretty --port 0 --port-file "${port_file}" \
	--duration $((SECONDS_TO_RUN + 15)) &
endpoint_pid=$!
for ((tries = 0; tries < 100; tries++)); do
	[[ -s "${port_file}" ]] && break
	sleep 0.1
done
if [[ ! -s "${port_file}" ]]; then
	echo "Error: the local metrics endpoint did not start within 10 s (see its output above)." >&2
	exit 1
fi
read -r port <"${port_file}"

"${root}/test/support/run-as-dyno.sh" "${slug}" DYNO=web.1 \
	"HEROKU_METRICS_URL=http://127.0.0.1:${port}/metrics/demo" HEROKU_METRICS_INTERVAL=2s \
	-- java -cp . Main "${SECONDS_TO_RUN}"
# The agent sends a last report as the JVM exits; give the endpoint a moment to print it.
sleep 1
echo "make demo: done."
