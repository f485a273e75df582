#!/usr/bin/env bash
# Usage: idle-cpu.sh WORK_DIR ENDPOINT_URL RECORD_FILE [SECONDS]
# CPU the agent adds to an idle app: the same sleeping JVM run with and without the agent (side by
# side, at the default interval, reporting to a loopback endpoint), each printing its own process
# CPU time at the end. Also prints the size of the reports the endpoint received.
set -euo pipefail
shopt -s inherit_errexit

work=$1
url=$2
record=$3
seconds=${4:-60}
if ((seconds < 20)); then
	echo "Error: idle-cpu.sh needs at least 20 seconds to see reports after the first." >&2
	exit 1
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

javac -d "${work}/idle" "${root}/test/bench/Idle.java"
: >"${record}"

env -i "PATH=${PATH}" java -cp "${work}/idle" Idle "${seconds}" >"${work}/plain.out" &
plain=$!
env -i "PATH=${PATH}" "HEROKU_METRICS_URL=${url}" \
	java "-javaagent:${root}/lib/jvm-metrics-agent.jar" -cp "${work}/idle" Idle "${seconds}" \
	>"${work}/agent.out" &
agent=$!
wait "${plain}" "${agent}"

plain_cpu=$(sed -n 's/^cpu_nanos=//p' "${work}/plain.out")
agent_cpu=$(sed -n 's/^cpu_nanos=//p' "${work}/agent.out")
thread_figures=$(sed -n 's/^agent_thread_cpu_nanos=//p' "${work}/agent.out")
read -r thread_first thread_end between <<<"${thread_figures}"
reports=$(wc -l <"${record}")
echo "Idle CPU over ${seconds}s at the default 5s interval (${reports} reports delivered)"
awk -v p="${plain_cpu}" -v a="${agent_cpu}" -v s="${seconds}" -v n="${reports}" \
	-v f="${thread_first}" -v e="${thread_end}" -v b="${between}" 'BEGIN {
  printf "  process, without agent %8.1f ms CPU\n  process, with agent    %8.1f ms CPU\n", p / 1e6, a / 1e6
  printf "  added                  %8.1f ms CPU (%.3f%% of one core)\n", (a - p) / 1e6, (a - p) / 1e7 / s
  printf "  agent thread: first report (sets everything up) %.1f ms CPU;", f / 1e6
  printf " later reports %.2f ms CPU each (interpreted: at 5 s the JIT rarely compiles them)\n", (e - f) / 1e6 / b
}'
# shellcheck disable=SC2016 # the single-quoted text is JavaScript, not shell
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean);
  const sizes = lines.map((l) => JSON.parse(l).bytes);
  if (sizes.length === 0) { console.log("  payload: no reports received"); process.exit(1); }
  const body = JSON.parse(lines[lines.length - 1]).body;
  console.log(`  payload: ${Math.min(...sizes)}-${Math.max(...sizes)} bytes ` +
    `(${Object.keys(body.gauges).length} gauges, ${Object.keys(body.counters).length} counters)`);
' "${record}"
