#!/usr/bin/env bats
# bin/release: valid YAML that declares nothing (the profile script does the runtime work).
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

setup() {
	load test_helper/common-setup
	_common_setup
}

@test "prints an empty YAML mapping and succeeds" {
	run "${PROJECT_ROOT}/bin/release" "${BUILD_DIR}"
	assert_success
	assert_output "--- {}"
}
