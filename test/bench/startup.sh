#!/usr/bin/env bash
# Usage: startup.sh WORK_DIR ENDPOINT_URL [RUNS]
# Start-up cost, side by side: a hello-world JVM run plain, with an empty agent (the floor for any
# javaagent), with this agent and no HEROKU_METRICS_URL, and with this agent and a URL. The four
# run alternately, the order rotating each round, so drift on the machine hits them alike.
# Prints wall time and peak RSS (median, min-max) and each median's ratio to the floor.
set -euo pipefail
shopt -s inherit_errexit

work=$1
url=$2
runs=${3:-20}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
agent="${root}/lib/jvm-metrics-agent.jar"
results="${work}/startup.tsv"
: >"${results}"

javac -d "${work}/classes" "${root}/test/bench/Hello.java" "${root}/test/bench/EmptyAgent.java"
printf 'Premain-Class: EmptyAgent\n' >"${work}/manifest.txt"
jar --create --file "${work}/empty-agent.jar" --manifest "${work}/manifest.txt" \
  -C "${work}/classes" EmptyAgent.class

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
  printf '%s\t%d\t%s\n' "${variant}" "$((${end/./} - ${start/./}))" "$(<"${work}/rss")" >>"${results}"
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
    run_variant "${variants[$(((i + round) % ${#variants[@]}))]}"
  done
done

echo "Start-up: hello world, ${runs} runs each, alternating (median, min-max)"
printf '%-16s %22s %8s %26s %12s\n' variant "wall ms" "÷floor" "peak RSS MB" "Δfloor MB"
for variant in "${variants[@]}"; do
  awk -F'\t' -v v="${variant}" '$1 == v { print $2 "\t" $3 }' "${results}" >"${work}/one.tsv"
  cut -f1 "${work}/one.tsv" | sort -n >"${work}/wall"
  cut -f2 "${work}/one.tsv" | sort -n >"${work}/rss"
  awk -F'\t' '$1 == "empty-agent" { print $2 }' "${results}" | sort -n >"${work}/floor-wall"
  awk -F'\t' '$1 == "empty-agent" { print $3 }' "${results}" | sort -n >"${work}/floor-rss"
  awk -v name="${variant}" -v W="${work}/wall" -v FW="${work}/floor-wall" \
    -v R="${work}/rss" -v FR="${work}/floor-rss" '
    function median(file,   n, a, line) {
      n = 0
      while ((getline line < file) > 0) a[++n] = line
      close(file)
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function first(file,   line) { getline line < file; close(file); return line }
    function last(file,   line, l) { while ((getline line < file) > 0) l = line; close(file); return l }
    BEGIN {
      w = median(W); fw = median(FW); r = median(R); fr = median(FR)
      printf "%-16s %8.1f (%5.1f-%5.1f) %8.3f %10.1f (%5.1f-%5.1f) %+12.2f\n",
        name, w / 1000, first(W) / 1000, last(W) / 1000, w / fw,
        r / 1024, first(R) / 1024, last(R) / 1024, (r - fr) / 1024
    }' </dev/null
done
