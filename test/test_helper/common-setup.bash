#!/usr/bin/env bash
# Shared set-up for every suite. Each suite's setup() runs:
#   load test_helper/common-setup
#   _common_setup
# It loads bats-support and bats-assert from test/node_modules (`make node-deps` installs them,
# pinned in test/package-lock.json), exports PROJECT_ROOT, and gives the test fresh BUILD_DIR,
# CACHE_DIR and ENV_DIR under its own $BATS_TEST_TMPDIR.

_common_setup() {
	# shellcheck disable=SC2154 # BATS_TEST_FILENAME and BATS_TEST_TMPDIR are set by bats
	PROJECT_ROOT=$(cd "${BATS_TEST_FILENAME%/*}/.." && pwd)
	export PROJECT_ROOT
	local modules="${PROJECT_ROOT}/test/node_modules"
	if [[ ! -f "${modules}/bats-support/load.bash" || ! -f "${modules}/bats-assert/load.bash" ]]; then
		echo "bats-support and bats-assert are missing from test/node_modules: run 'make node-deps'." >&2
		return 1
	fi
	load "${modules}/bats-support/load"
	load "${modules}/bats-assert/load"

	# shellcheck disable=SC2154 # set by bats
	BUILD_DIR="${BATS_TEST_TMPDIR}/build"
	CACHE_DIR="${BATS_TEST_TMPDIR}/cache"
	ENV_DIR="${BATS_TEST_TMPDIR}/env"
	mkdir -p "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	export BUILD_DIR CACHE_DIR ENV_DIR
}

# Copies the buildpack (entry points, lib/, descriptor) to DEST, for tests that damage it.
# Usage: copy_buildpack DEST
copy_buildpack() {
	local dest=$1
	mkdir -p "${dest}"
	cp -R "${PROJECT_ROOT}/bin" "${PROJECT_ROOT}/lib" "${PROJECT_ROOT}/buildpack.toml" "${dest}/"
}

# Prints every path under DIR with its type, mode and content checksum, one per line, sorted:
# two listings are equal exactly when the trees hold the same files with the same bytes.
# Usage: tree_fingerprint DIR
tree_fingerprint() {
	local dir=$1 listing
	listing=$(cd "${dir}" && find . -mindepth 1 \( -type f -printf '%p %y %m ' -exec sha256sum {} \; \) -o -printf '%p %y %m\n')
	LC_ALL=C sort <<<"${listing}"
}

# Prints one JSON value found at a dotted PATH inside a TOML FILE (for what the buildpack writes
# for the CNB lifecycle), or the whole document for an empty PATH; fails with the parser's message
# when FILE is not valid TOML. Keys holding dots are not supported.
# Usage: toml_get FILE [PATH]
toml_get() {
	local file=$1 path=${2:-}
	node -e '
		const { parse } = require(process.argv[1]);
		const fs = require("fs");
		let value = parse(fs.readFileSync(process.argv[2], "utf8"));
		for (const key of process.argv[3] ? process.argv[3].split(".") : []) {
			if (value === undefined || value === null) break;
			value = value[key];
		}
		process.stdout.write(value === undefined ? "undefined" : JSON.stringify(value));
	' "${PROJECT_ROOT}/test/node_modules/smol-toml" "${file}" "${path}"
}

# Prints STRING as a JSON string, to compare with toml_get's output byte for byte.
# Usage: json_string STRING
json_string() {
	node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' -- "$1"
}

# Starts the local metrics endpoint (test/endpoint/metrics-endpoint.js) on a free port, recording
# each report to RECORD, with fd 3 closed so bats does not wait for it and a 60 s duration as a
# backstop; sets ENDPOINT_PID and PORT. stop_endpoint (safe to call twice) belongs in teardown.
# Usage: start_endpoint RECORD
start_endpoint() {
	local record=$1 port_file="${BATS_TEST_TMPDIR}/port" tries
	node "${PROJECT_ROOT}/test/endpoint/metrics-endpoint.js" --port 0 --port-file "${port_file}" \
		--record "${record}" --duration 60 >"${BATS_TEST_TMPDIR}/endpoint.log" 2>&1 3>&- &
	ENDPOINT_PID=$!
	for ((tries = 0; tries < 100; tries++)); do
		[[ -s "${port_file}" ]] && break
		sleep 0.1
	done
	if [[ ! -s "${port_file}" ]]; then
		fail "the metrics endpoint did not start: $(<"${BATS_TEST_TMPDIR}/endpoint.log")"
	fi
	# shellcheck disable=SC2034 # PORT is for the suite that loads this file
	read -r PORT <"${port_file}"
}

# Stops the endpoint start_endpoint started, if it still runs.
stop_endpoint() {
	if [[ -n "${ENDPOINT_PID:-}" ]]; then
		kill "${ENDPOINT_PID}" 2>/dev/null || true
		wait "${ENDPOINT_PID}" 2>/dev/null || true
		ENDPOINT_PID=""
	fi
}
