#!/usr/bin/env bats
# bin/build, the Cloud Native Buildpacks entry point, run as the lifecycle runs it (Buildpack API
# 0.10: CNB_* variables, the app directory as working directory, a layers directory of its own):
# it makes one launch layer holding the verified jar and the exec.d program.
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

setup() {
	load test_helper/common-setup
	_common_setup
	APP="${BUILD_DIR}"
	LAYERS="${BATS_TEST_TMPDIR}/layers dir/jvm-metrics_agent"
	PLATFORM="${BATS_TEST_TMPDIR}/platform"
	PLAN="${BATS_TEST_TMPDIR}/plan.toml"
	mkdir -p "${LAYERS}" "${PLATFORM}/env"
	: >"${PLAN}"
	echo 'class App {}' >"${APP}/App.java"
}

# Runs BUILDPACK/bin/build (default: this repository) as the lifecycle would.
# Usage: run_build [BUILDPACK]
run_build() {
	local buildpack=${1:-${PROJECT_ROOT}}
	cd "${APP}" || return 1
	run env CNB_LAYERS_DIR="${LAYERS}" CNB_PLATFORM_DIR="${PLATFORM}" CNB_BP_PLAN_PATH="${PLAN}" \
		CNB_BUILDPACK_DIR="${buildpack}" CNB_TARGET_OS=linux CNB_TARGET_ARCH=amd64 \
		CNB_TARGET_DISTRO_NAME=ubuntu CNB_TARGET_DISTRO_VERSION=24.04 "${buildpack}/bin/build"
}

@test "makes a launch layer with the verified jar, an executable exec.d program and the rules it sources" {
	run_build
	assert_success
	local layer="${LAYERS}/jvm-metrics-agent"
	cmp "${PROJECT_ROOT}/lib/jvm-metrics-agent.jar" "${layer}/jvm-metrics-agent.jar"
	cmp "${PROJECT_ROOT}/lib/libjvmmetrics-x86_64.so" "${layer}/libjvmmetrics-x86_64.so"
	cmp "${PROJECT_ROOT}/lib/exec.d/jvm-metrics-agent" "${layer}/exec.d/jvm-metrics-agent"
	cmp "${PROJECT_ROOT}/lib/start-rules.sh" "${layer}/start-rules.sh"
	[[ -x "${layer}/exec.d/jvm-metrics-agent" ]]
}

# Puts a sha256sum on PATH that reports a wrong checksum for the copy of FILE_NAME in the layer
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

@test "a bootstrap whose copy does not match is one warning, and the layer goes on with the javaagent" {
	corrupt_copies_of libjvmmetrics-x86_64.so
	run_build
	assert_success
	assert_output --partial "Warning: the copy of lib/libjvmmetrics-x86_64.so in the build does not match its checksum, so it was not installed."
	refute_output --partial "Error"
	run grep -c Warning <<<"${output}"
	assert_output 1
	[[ ! -e "${LAYERS}/jvm-metrics-agent/libjvmmetrics-x86_64.so" ]]
	[[ -f "${LAYERS}/jvm-metrics-agent/jvm-metrics-agent.jar" ]]
}

@test "a tampered bootstrap is left out of the layer with a warning, and the build succeeds" {
	local buildpack="${BATS_TEST_TMPDIR}/buildpack"
	copy_buildpack "${buildpack}"
	printf 'X' | dd of="${buildpack}/lib/libjvmmetrics-x86_64.so" bs=1 seek=100 conv=notrunc status=none
	run_build "${buildpack}"
	assert_success
	assert_output --partial "Warning: lib/libjvmmetrics-x86_64.so does not match lib/libjvmmetrics-x86_64.so.sha256"
	[[ ! -e "${LAYERS}/jvm-metrics-agent/libjvmmetrics-x86_64.so" ]]
	[[ -f "${LAYERS}/jvm-metrics-agent/jvm-metrics-agent.jar" ]]
}

@test "declares the layer launch-only in valid TOML, with the jar's checksum" {
	run_build
	assert_success
	local toml="${LAYERS}/jvm-metrics-agent.toml"
	run toml_get "${toml}" types
	assert_success
	assert_output '{"launch":true,"build":false,"cache":false}'
	local expected
	read -r expected _ <"${PROJECT_ROOT}/lib/jvm-metrics-agent.jar.sha256"
	run toml_get "${toml}" metadata.agent_sha256
	assert_output "\"${expected}\""
}

@test "writes only its layer: nothing in the app, no launch.toml, no temporary files" {
	local app_before
	app_before=$(tree_fingerprint "${APP}")
	run_build
	assert_success
	local app_after
	app_after=$(tree_fingerprint "${APP}")
	assert_equal "${app_after}" "${app_before}"
	run find "${LAYERS}" -mindepth 1 -printf '%P\n'
	assert_equal "${#lines[@]}" 7
	assert_line jvm-metrics-agent.toml
	assert_line jvm-metrics-agent
	assert_line jvm-metrics-agent/jvm-metrics-agent.jar
	assert_line jvm-metrics-agent/libjvmmetrics-x86_64.so
	assert_line jvm-metrics-agent/start-rules.sh
	assert_line jvm-metrics-agent/exec.d
	assert_line jvm-metrics-agent/exec.d/jvm-metrics-agent
}

@test "output says what it installed, in the same style as bin/compile" {
	run_build
	assert_success
	assert_line --index 0 "-----> Installing the JVM metrics agent"
	assert_output --partial "Installed the launch layer jvm-metrics-agent"
	assert_output --partial "heroku labs:enable runtime-heroku-metrics"
}

@test "run twice (a rebuild, with the old layer metadata restored), gives the same layer" {
	run_build
	assert_success
	local first
	first=$(tree_fingerprint "${LAYERS}")
	# The lifecycle restores <layer>.toml without its [types] before a rebuild.
	printf '[metadata]\nagent_sha256 = "old"\n' >"${LAYERS}/jvm-metrics-agent.toml"
	run_build
	assert_success
	local second
	second=$(tree_fingerprint "${LAYERS}")
	assert_equal "${second}" "${first}"
}

@test "a tampered jar fails the build with a clear message and creates no layer" {
	local buildpack="${BATS_TEST_TMPDIR}/buildpack"
	copy_buildpack "${buildpack}"
	printf 'X' >>"${buildpack}/lib/jvm-metrics-agent.jar"
	run_build "${buildpack}"
	assert_failure 1
	assert_output --partial "Error: The buildpack's agent jar does not match its checksum"
	run find "${LAYERS}" -mindepth 1
	assert_output ""
}

@test "accepts the layers directory as its first argument, as Buildpack APIs before 0.8 passed it" {
	cd "${APP}" || return 1
	run "${PROJECT_ROOT}/bin/build" "${LAYERS}" "${PLATFORM}" "${PLAN}"
	assert_success
	[[ -f "${LAYERS}/jvm-metrics-agent/jvm-metrics-agent.jar" && -f "${LAYERS}/jvm-metrics-agent.toml" ]]
}

@test "without a layers directory it explains that the CNB lifecycle runs it" {
	cd "${APP}" || return 1
	run env -u CNB_LAYERS_DIR "${PROJECT_ROOT}/bin/build"
	assert_failure 1
	assert_output --partial "Error: bin/build is the Cloud Native Buildpacks entry point and needs CNB_LAYERS_DIR"
	assert_output --partial "On Heroku's classic stack the"
}
