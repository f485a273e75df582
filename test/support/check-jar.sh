#!/usr/bin/env bash
# Usage: check-jar.sh COMMITTED_JAR BUILT_JAR
# Fails when the freshly built agent differs from the one committed in lib/ (the buildpack ships
# the committed bytes, so they must be exactly what the sources build), or when the .sha256 beside
# the jar does not match it.
set -euo pipefail
shopt -s inherit_errexit

committed=$1
built=$2

if ! cmp -s "${committed}" "${built}"; then
  echo "Error: lib/jvm-metrics-agent.jar was not what java-agent/ builds." >&2
  echo "The build has now rewritten it: commit lib/jvm-metrics-agent.jar and its .sha256." >&2
  exit 1
fi
built_dir=$(dirname "${built}")
built_name=$(basename "${built}")
(cd "${built_dir}" && sha256sum --check --quiet "${built_name}.sha256") || {
  echo "Error: ${built}.sha256 does not match the jar; rebuild with 'make java' and commit both." >&2
  exit 1
}
sum=$(sha256sum "${built}")
echo "lib/jvm-metrics-agent.jar is reproducible: the rebuild is byte-identical (${sum:0:16}…)"
