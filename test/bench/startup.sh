#!/usr/bin/env bash
# Usage: startup.sh WORK_DIR ENDPOINT_URL [RUNS]
# Start-up cost, side by side: a hello-world JVM run plain, with an empty agent (the floor for any
# javaagent), with this agent and no HEROKU_METRICS_URL, and with this agent and a URL. The four
# run alternately, the order rotating each round, so drift on the machine hits them alike.
# Prints wall time and peak RSS (median, min-max), each median's ratio to the floor, and the
# median of the per-round differences from the floor (the runs of one round are back to back, so
# their difference is what the agent adds, with the machine's drift taken out).
set -euo pipefail
shopt -s inherit_errexit

work=$1
url=$2
runs=${3:-20}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
agent="${root}/lib/jvm-metrics-agent.jar"
results="${work}/startup.tsv"
: >"${results}"

javac -d "${work}/classes" "${root}/test/bench/Hello.java"
# The empty agent is compiled apart from the app: were its class on the app's class path, the JVM
# would load it from there and never open the agent jar, which every real agent pays for.
javac -d "${work}/empty-agent" "${root}/test/bench/EmptyAgent.java"
printf 'Premain-Class: EmptyAgent\n' >"${work}/manifest.txt"
jar --create --file "${work}/empty-agent.jar" --manifest "${work}/manifest.txt" \
  -C "${work}/empty-agent" EmptyAgent.class

variants=(plain empty-agent agent-no-url agent-with-url)

run_variant() {
  local variant=$1
  local -a command=(java)
  local -a environment=(env -i "PATH=${PATH}")
  case "${variant}" in
    plain) ;;
    empty-agent) command+=("-javaagent:${work}/empty-agent.jar") ;;
    agent-no-url) command+=("-javaagent:${agent}") ;;
    agent-with-url)
      command+=("-javaagent:${agent}")
      environment+=("HEROKU_METRICS_URL=${url}")
      ;;
    *)
      echo "startup.sh: internal error: unknown variant ${variant}" >&2
      exit 1
      ;;
  esac
  command+=(-cp "${work}/classes" Hello)
  local start end
  start=${EPOCHREALTIME}
  "${environment[@]}" /usr/bin/time -f '%M' -o "${work}/rss" "${command[@]}" >/dev/null
  end=${EPOCHREALTIME}
  # Wall time in microseconds, from bash's own clock (no fork to read it).
  printf '%s\t%s\t%d\t%s\n' "${variant}" "${2:-warm-up}" "$((${end/./} - ${start/./}))" \
    "$(<"${work}/rss")" >>"${results}"
}

# Two unrecorded rounds warm the page cache and the CDS archive.
for _ in 1 2; do
  for variant in "${variants[@]}"; do
    run_variant "${variant}"
  done
done
: >"${results}"

for ((round = 0; round < runs; round++)); do
  for ((i = 0; i < ${#variants[@]}; i++)); do
    run_variant "${variants[$(((i + round) % ${#variants[@]}))]}" "${round}"
  done
done

node "${root}/test/bench/summarize-startup.js" "${results}" "${runs}"
