#!/usr/bin/env bats
# bin/compile: installs the verified jar and the profile script, says so in Heroku's output style,
# fails clearly without writing anything when the jar is missing or damaged, and copes with
# hostile paths, a missing or read-only cache, and being run twice.
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

setup() {
	load test_helper/common-setup
	_common_setup
	JAR="${BUILD_DIR}/.heroku/jvm-metrics/jvm-metrics-agent.jar"
	PROFILE="${BUILD_DIR}/.profile.d/heroku-jvm-metrics.sh"
}

@test "installs the agent jar, byte for byte the one its .sha256 describes" {
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	cmp "${PROJECT_ROOT}/lib/jvm-metrics-agent.jar" "${JAR}"
	local expected actual
	read -r expected _ <"${PROJECT_ROOT}/lib/jvm-metrics-agent.jar.sha256"
	actual=$(sha256sum "${JAR}")
	assert_equal "${actual%% *}" "${expected}"
}

@test "installs the profile script and the rules it sources verbatim, readable by the dyno" {
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	cmp "${PROJECT_ROOT}/lib/heroku-jvm-metrics.sh" "${PROFILE}"
	cmp "${PROJECT_ROOT}/lib/start-rules.sh" "${BUILD_DIR}/.heroku/jvm-metrics/start-rules.sh"
	run stat -c %a "${PROFILE}" "${JAR}" "${BUILD_DIR}/.heroku/jvm-metrics/start-rules.sh"
	assert_output "$(printf '644\n644\n644')"
}

@test "installs the native bootstrap, byte for byte the one its .sha256 describes" {
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_output --partial "Installed .heroku/jvm-metrics/libjvmmetrics-x86_64.so (checksum verified)"
	local bootstrap="${BUILD_DIR}/.heroku/jvm-metrics/libjvmmetrics-x86_64.so"
	cmp "${PROJECT_ROOT}/lib/libjvmmetrics-x86_64.so" "${bootstrap}"
	local expected actual
	read -r expected _ <"${PROJECT_ROOT}/lib/libjvmmetrics-x86_64.so.sha256"
	actual=$(sha256sum "${bootstrap}")
	assert_equal "${actual%% *}" "${expected}"
	run stat -c %a "${bootstrap}"
	assert_output 644
}

@test "a tampered or unchecked bootstrap is not installed: the build warns and the agent stays a javaagent" {
	local buildpack="${BATS_TEST_TMPDIR}/buildpack" bootstrap="${BUILD_DIR}/.heroku/jvm-metrics/libjvmmetrics-x86_64.so"
	copy_buildpack "${buildpack}"
	"${buildpack}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}" >/dev/null
	[[ -f "${bootstrap}" ]]
	printf 'X' | dd of="${buildpack}/lib/libjvmmetrics-x86_64.so" bs=1 seek=100 conv=notrunc status=none
	run "${buildpack}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_output --partial "Warning: lib/libjvmmetrics-x86_64.so does not match lib/libjvmmetrics-x86_64.so.sha256, so it was not installed."
	refute_output --partial "Installed .heroku/jvm-metrics/libjvmmetrics"
	# The one from the earlier build is gone too, so the profile script falls back to the javaagent.
	[[ ! -e "${bootstrap}" ]]
	[[ -f "${BUILD_DIR}/.heroku/jvm-metrics/jvm-metrics-agent.jar" ]]
	# A good bootstrap with no checksum beside it is not installed either.
	cp "${PROJECT_ROOT}/lib/libjvmmetrics-x86_64.so" "${buildpack}/lib/"
	rm "${buildpack}/lib/libjvmmetrics-x86_64.so.sha256"
	run "${buildpack}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_output --partial "Warning: lib/libjvmmetrics-x86_64.so does not match"
	[[ ! -e "${bootstrap}" ]]
}

# Puts a sha256sum on PATH that reports a wrong checksum for the copy of FILE_NAME in the build
# (any path holding FILE_NAME outside the buildpack's lib/), as a failing disk would: sets PATH.
# Usage: corrupt_copies_of FILE_NAME
corrupt_copies_of() {
	local name=$1 bin="${BATS_TEST_TMPDIR}/bad-disk"
	mkdir -p "${bin}"
	cat >"${bin}/sha256sum" <<-EOF
		#!/usr/bin/env bash
		for file in "\$@"; do :; done
		case "\${file}" in
		*/lib/${name}) ;;
		*${name}*) echo "$(printf '0%.0s' {1..64})  \${file}" && exit 0 ;;
		esac
		exec /usr/bin/sha256sum "\$@"
	EOF
	chmod +x "${bin}/sha256sum"
	PATH="${bin}:${PATH}"
}

@test "a bootstrap whose copy does not match is one warning, and the build goes on with the javaagent" {
	corrupt_copies_of libjvmmetrics-x86_64.so
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_output --partial "Warning: the copy of lib/libjvmmetrics-x86_64.so in the build does not match its checksum, so it was not installed."
	refute_output --partial "Error"
	refute_output --partial "failed unexpectedly"
	refute_output --partial "Installed .heroku/jvm-metrics/libjvmmetrics"
	run grep -c Warning <<<"${output}"
	assert_output 1
	run find "${BUILD_DIR}/.heroku/jvm-metrics" -mindepth 1 -printf '%P\n'
	assert_equal "${#lines[@]}" 2
	assert_line jvm-metrics-agent.jar
	assert_line start-rules.sh
	[[ -f "${PROFILE}" ]]
}

@test "a jar whose copy does not match fails the build with one clear error, once" {
	corrupt_copies_of jvm-metrics-agent.jar
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_failure 1
	assert_output --partial "Error: The copy of jvm-metrics-agent.jar in the build does not match its checksum."
	refute_output --partial "failed unexpectedly"
	run grep -c Error <<<"${output}"
	assert_output 1
	[[ ! -e "${JAR}" ]]
	run find "${BUILD_DIR}/.heroku/jvm-metrics" -mindepth 1 -name '.*'
	assert_output ""
}

@test "a buildpack without a bootstrap installs the jar alone, silently" {
	local buildpack="${BATS_TEST_TMPDIR}/buildpack"
	copy_buildpack "${buildpack}"
	rm "${buildpack}"/lib/libjvmmetrics-*
	run "${buildpack}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	refute_output --partial "libjvmmetrics"
	refute_output --partial "Warning"
	run find "${BUILD_DIR}/.heroku/jvm-metrics" -mindepth 1 -printf '%P\n'
	assert_equal "${#lines[@]}" 2
	assert_line jvm-metrics-agent.jar
	assert_line start-rules.sh
}

@test "writes nothing but the jar, the bootstrap, the profile script and its rules, and no temporary files" {
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	run find "${BUILD_DIR}" -mindepth 1 -printf '%P\n'
	assert_equal "${#lines[@]}" 7
	assert_line .heroku/jvm-metrics/start-rules.sh
	assert_line .heroku
	assert_line .heroku/jvm-metrics
	assert_line .heroku/jvm-metrics/jvm-metrics-agent.jar
	assert_line .heroku/jvm-metrics/libjvmmetrics-x86_64.so
	assert_line .profile.d
	assert_line .profile.d/heroku-jvm-metrics.sh
}

@test "output follows Heroku's convention: one step line, details indented 7 spaces" {
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_line --index 0 "-----> Installing the JVM metrics agent"
	local line
	for line in "${lines[@]:1}"; do
		[[ "${line}" =~ ^\ {7}[^\ ] || "${line}" =~ ^\ {9}heroku ]] || fail "not indented 7 spaces: '${line}'"
	done
}

@test "output says what was installed and that the labs flag must be on" {
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_line --partial "Installed .heroku/jvm-metrics/jvm-metrics-agent.jar (checksum verified)"
	assert_line --partial "Installed .profile.d/heroku-jvm-metrics.sh"
	assert_line --partial "heroku labs:enable runtime-heroku-metrics"
}

@test "a tampered jar fails the build with a clear message and writes nothing" {
	local buildpack="${BATS_TEST_TMPDIR}/buildpack"
	copy_buildpack "${buildpack}"
	printf 'tampered' >>"${buildpack}/lib/jvm-metrics-agent.jar"
	run "${buildpack}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_failure 1
	assert_output --partial "Error: The buildpack's agent jar does not match its checksum"
	assert_output --partial "git checkout lib/"
	refute_output --partial "unexpectedly"
	run find "${BUILD_DIR}" -mindepth 1
	assert_output ""
}

@test "a missing jar fails the build with a clear message and writes nothing" {
	local buildpack="${BATS_TEST_TMPDIR}/buildpack"
	copy_buildpack "${buildpack}"
	rm "${buildpack}/lib/jvm-metrics-agent.jar"
	run "${buildpack}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_failure 1
	assert_output --partial "Error: The buildpack has no agent jar: lib/jvm-metrics-agent.jar is missing."
	refute_output --partial "unexpectedly"
	run find "${BUILD_DIR}" -mindepth 1
	assert_output ""
}

@test "a missing or malformed .sha256 fails the build with a clear message and writes nothing" {
	local buildpack="${BATS_TEST_TMPDIR}/buildpack"
	copy_buildpack "${buildpack}"
	echo "not a checksum" >"${buildpack}/lib/jvm-metrics-agent.jar.sha256"
	run "${buildpack}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_failure 1
	assert_output --partial "lib/jvm-metrics-agent.jar.sha256 is missing or not in sha256sum format"
	rm "${buildpack}/lib/jvm-metrics-agent.jar.sha256"
	run "${buildpack}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_failure 1
	assert_output --partial "lib/jvm-metrics-agent.jar.sha256 is missing or not in sha256sum format"
	run find "${BUILD_DIR}" -mindepth 1
	assert_output ""
}

@test "a tampered jar on a later run leaves the earlier good install intact" {
	"${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}" >/dev/null
	local before
	before=$(tree_fingerprint "${BUILD_DIR}")
	local buildpack="${BATS_TEST_TMPDIR}/buildpack"
	copy_buildpack "${buildpack}"
	printf 'X' | dd of="${buildpack}/lib/jvm-metrics-agent.jar" bs=1 seek=100 conv=notrunc status=none
	run "${buildpack}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_failure 1
	local after
	after=$(tree_fingerprint "${BUILD_DIR}")
	assert_equal "${after}" "${before}"
}

@test "run twice, it leaves the same files and says it refreshed them" {
	"${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}" >/dev/null
	local first
	first=$(tree_fingerprint "${BUILD_DIR}")
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_line --partial "This buildpack already ran in this build"
	local second
	second=$(tree_fingerprint "${BUILD_DIR}")
	assert_equal "${second}" "${first}"
}

@test "works when BUILD_DIR, CACHE_DIR and ENV_DIR have spaces and quotes in their paths" {
	local base="${BATS_TEST_TMPDIR}/it's a \"dir\" with spaces"
	mkdir -p "${base}/build dir" "${base}/cache dir" "${base}/env dir"
	echo true >"${base}/env dir/DISABLE_HEROKU_METRICS_AGENT"
	run "${PROJECT_ROOT}/bin/compile" "${base}/build dir" "${base}/cache dir" "${base}/env dir"
	assert_success
	cmp "${PROJECT_ROOT}/lib/jvm-metrics-agent.jar" "${base}/build dir/.heroku/jvm-metrics/jvm-metrics-agent.jar"
	cmp "${PROJECT_ROOT}/lib/heroku-jvm-metrics.sh" "${base}/build dir/.profile.d/heroku-jvm-metrics.sh"
	assert_output --partial "DISABLE_HEROKU_METRICS_AGENT=true is set"
}

@test "works from a buildpack directory whose path has spaces" {
	local buildpack="${BATS_TEST_TMPDIR}/my buildpack"
	copy_buildpack "${buildpack}"
	run "${buildpack}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	cmp "${PROJECT_ROOT}/lib/jvm-metrics-agent.jar" "${JAR}"
}

@test "a missing CACHE_DIR and ENV_DIR are fine, and neither is created" {
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${BATS_TEST_TMPDIR}/no-cache" "${BATS_TEST_TMPDIR}/no-env"
	assert_success
	[[ -f "${JAR}" && -f "${PROFILE}" ]]
	[[ ! -e "${BATS_TEST_TMPDIR}/no-cache" && ! -e "${BATS_TEST_TMPDIR}/no-env" ]]
}

@test "a read-only CACHE_DIR is fine and left untouched" {
	echo "from an earlier build" >"${CACHE_DIR}/something"
	chmod -R a-w "${CACHE_DIR}"
	local before
	before=$(
		tree_fingerprint "${CACHE_DIR}"
		stat -c '%Y' "${CACHE_DIR}"
	)
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	local after
	after=$(
		tree_fingerprint "${CACHE_DIR}"
		stat -c '%Y' "${CACHE_DIR}"
	)
	chmod -R u+w "${CACHE_DIR}"
	assert_success
	assert_equal "${after}" "${before}"
}

@test "warns when the app's config already turns the agent off, and still installs it" {
	printf 'yes' >"${ENV_DIR}/DISABLE_HEROKU_METRICS_AGENT"
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_output --partial "DISABLE_HEROKU_METRICS_AGENT=yes is set, so the agent is installed but stays off."
	assert_output --partial "heroku config:unset DISABLE_HEROKU_METRICS_AGENT"
	[[ -f "${JAR}" && -f "${PROFILE}" ]]
}

@test "judges the config's opt-out by the dyno-start rules: whitespace around a true value still turns it off" {
	printf ' On\t' >"${ENV_DIR}/DISABLE_HEROKU_METRICS_AGENT"
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_success
	assert_output --partial $'DISABLE_HEROKU_METRICS_AGENT= On\t is set, so the agent is installed but stays off.'
}

@test "does not warn when the opt-out variable is false, or not a value the rules turn the agent off for" {
	local value
	for value in false ' no ' '' maybe; do
		printf '%s' "${value}" >"${ENV_DIR}/DISABLE_HEROKU_METRICS_AGENT"
		run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
		assert_success
		refute_output --partial "stays off"
	done
}

@test "a missing BUILD_DIR fails with usage, not a stack trace" {
	run "${PROJECT_ROOT}/bin/compile" "${BATS_TEST_TMPDIR}/nowhere" "${CACHE_DIR}" "${ENV_DIR}"
	assert_failure 1
	assert_output --partial "Error: bin/compile needs the app's build directory as its first argument"
	assert_output --partial "Usage: bin/compile BUILD_DIR CACHE_DIR ENV_DIR"
	[[ ! -e "${BATS_TEST_TMPDIR}/nowhere" ]]
}

@test "an unplanned failure names the failing command instead of exiting silently" {
	mkdir -p "${BUILD_DIR}/.heroku"
	# A file where the agent's directory belongs: mkdir cannot create it.
	touch "${BUILD_DIR}/.heroku/jvm-metrics"
	run "${PROJECT_ROOT}/bin/compile" "${BUILD_DIR}" "${CACHE_DIR}" "${ENV_DIR}"
	assert_failure
	assert_output --partial "Error: The JVM metrics buildpack failed unexpectedly"
	assert_output --partial "mkdir"
	[[ ! -e "${PROFILE}" ]]
}
