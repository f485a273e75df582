#!/usr/bin/env bats
# bin/detect: always passes, and tells Heroku's classic API from the Cloud Native Buildpacks one.
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

setup() {
	load test_helper/common-setup
	_common_setup
}

@test "classic: prints the buildpack's name and passes, for any app" {
	run "${PROJECT_ROOT}/bin/detect" "${BUILD_DIR}"
	assert_success
	assert_output "JVM Metrics"
}

@test "classic: passes for a build directory whose path has spaces" {
	local spaced_dir="${BATS_TEST_TMPDIR}/my app's build"
	mkdir -p "${spaced_dir}"
	run "${PROJECT_ROOT}/bin/detect" "${spaced_dir}"
	assert_success
	assert_output "JVM Metrics"
}

@test "CNB (Buildpack API 0.8+ variables): passes silently and adds nothing to the build plan" {
	mkdir -p "${BATS_TEST_TMPDIR}/platform/env"
	local plan="${BATS_TEST_TMPDIR}/plan.toml"
	: >"${plan}"
	cd "${BUILD_DIR}"
	run env CNB_PLATFORM_DIR="${BATS_TEST_TMPDIR}/platform" CNB_BUILD_PLAN_PATH="${plan}" \
		CNB_BUILDPACK_DIR="${PROJECT_ROOT}" "${PROJECT_ROOT}/bin/detect"
	assert_success
	assert_output ""
	[[ ! -s "${plan}" ]]
}

@test "CNB (platform and plan as two arguments): passes silently" {
	mkdir -p "${BATS_TEST_TMPDIR}/platform"
	local plan="${BATS_TEST_TMPDIR}/plan.toml"
	: >"${plan}"
	cd "${BUILD_DIR}"
	run "${PROJECT_ROOT}/bin/detect" "${BATS_TEST_TMPDIR}/platform" "${plan}"
	assert_success
	assert_output ""
	[[ ! -s "${plan}" ]]
}
