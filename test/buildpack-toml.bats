#!/usr/bin/env bats
# buildpack.toml: one descriptor that both platforms accept, read with a TOML parser.
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

setup() {
	load test_helper/common-setup
	_common_setup
	DESCRIPTOR="${PROJECT_ROOT}/buildpack.toml"
}

@test "is valid TOML" {
	run toml_get "${DESCRIPTOR}"
	assert_success
}

@test "CNB: declares Buildpack API 0.10 or later" {
	run toml_get "${DESCRIPTOR}" api
	assert_success
	[[ "${output}" =~ ^\"0\.([0-9]+)\"$ ]] || fail "api is ${output}"
	((BASH_REMATCH[1] >= 10)) || fail "api ${output} is older than 0.10"
}

@test "CNB: the id uses only letters, digits, . / - and is not reserved; the version is X.Y.Z" {
	run toml_get "${DESCRIPTOR}" buildpack.id
	assert_success
	[[ "${output}" =~ ^\"[A-Za-z0-9./-]+\"$ ]] || fail "id ${output}"
	[[ "${output}" != '"config"' && "${output}" != '"app"' && "${output}" != '"sbom"' ]]
	run toml_get "${DESCRIPTOR}" buildpack.version
	[[ "${output}" =~ ^\"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\"$ ]] || fail "version ${output}"
}

@test "both: names the buildpack" {
	run toml_get "${DESCRIPTOR}" buildpack.name
	assert_output '"JVM Metrics"'
}

@test "CNB: targets Linux on amd64 and arm64, with no stacks" {
	run toml_get "${DESCRIPTOR}" targets
	assert_output '[{"os":"linux","arch":"amd64"},{"os":"linux","arch":"arm64"}]'
	run toml_get "${DESCRIPTOR}" stacks
	assert_output undefined
}

@test "classic: publishing leaves out the agent's sources, tests and development files, never what the buildpack runs" {
	run toml_get "${DESCRIPTOR}" publish.Ignore.files
	assert_success
	assert_output --partial '"java-agent/"'
	assert_output --partial '"test/"'
	refute_output --partial '"bin'
	refute_output --partial '"lib'
	refute_output --partial '"buildpack.toml"'
}
