#!/usr/bin/env bats
# test/support/fetch-jdk.sh: the mirror comes from the machine's own apt configuration (one-line
# and deb822 sources alike), a JDK already unpacked is reused without the network, and every
# problem is one line that says what to do. apt-get is played by a stub on PATH that records the
# sources list it was given and fails, so no test here downloads anything; `make jdks` does the
# real fetch.
# shellcheck disable=SC2154 # PROJECT_ROOT comes from test_helper/common-setup.bash (through bats
# `load`, which shellcheck cannot follow), BATS_* from bats

setup() {
	load test_helper/common-setup
	_common_setup
	FETCH="${PROJECT_ROOT}/test/support/fetch-jdk.sh"
	APT_ETC="${BATS_TEST_TMPDIR}/etc-apt"
	STUBS="${BATS_TEST_TMPDIR}/stubs"
	DEST="${BATS_TEST_TMPDIR}/jdk"
	mkdir -p "${APT_ETC}/sources.list.d" "${STUBS}"
	cat >"${STUBS}/apt-get" <<-'STUB'
		#!/usr/bin/env bash
		for arg in "$@"; do
			case "${arg}" in
			Dir::Etc::SourceList=*) cp "${arg#*=}" "${APT_GET_RECORD}" ;;
			esac
		done
		echo "apt-get stub: no network in this test" >&2
		exit 100
	STUB
	chmod +x "${STUBS}/apt-get"
	export FETCH_JDK_APT_ETC="${APT_ETC}" APT_GET_RECORD="${BATS_TEST_TMPDIR}/sources.list"
	export PATH="${STUBS}:${PATH}"
}

@test "deb822 sources: JDK 21 comes from the machine's Debian mirror and its security mirror" {
	cat >"${APT_ETC}/sources.list.d/other.sources" <<-'SOURCES'
		Types: deb
		URIs: http://packages.example.com/node
		Suites: nodistro
		Components: main
	SOURCES
	cat >"${APT_ETC}/sources.list.d/debian.sources" <<-'SOURCES'
		Types: deb
		# a comment inside the stanza
		URIs: http://mirror.example.org/debian/
		Suites: bookworm bookworm-updates
		Components: main

		Types: deb
		URIs: http://mirror.example.org/debian-security
		Suites: bookworm-security
		Components: main
	SOURCES
	run "${FETCH}" 21 "${DEST}"
	assert_failure
	assert_output --partial "Error: could not provide JDK 21 for the GC matrix test: apt-get update failed for trixie main, trixie-security main."
	run cat "${APT_GET_RECORD}"
	assert_line --index 0 --regexp '^deb \[signed-by=[^]]*debian-archive-trixie-stable.gpg,[^]]*debian-archive-trixie-automatic.gpg\] http://mirror.example.org/debian trixie main$'
	assert_line --index 1 --regexp '^deb \[signed-by=[^]]*debian-archive-trixie-security-automatic.gpg\] http://mirror.example.org/debian-security trixie-security main$'
}

@test "one-line sources.list with options: JDK 8 comes from that mirror's bookworm non-free" {
	cat >"${APT_ETC}/sources.list" <<-'SOURCES'
		# deb http://commented.example.org/debian bookworm main
		deb-src http://source.example.org/debian bookworm main
		deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://proxy.example.org:3142/debian bookworm main
	SOURCES
	run "${FETCH}" 8 "${DEST}"
	assert_failure
	run cat "${APT_GET_RECORD}"
	assert_output --regexp '^deb \[signed-by=[^]]*\] http://proxy.example.org:3142/debian bookworm non-free$'
}

@test "a disabled deb822 stanza is not a mirror" {
	cat >"${APT_ETC}/sources.list.d/debian.sources" <<-'SOURCES'
		Types: deb
		URIs: http://disabled.example.org/debian
		Suites: bullseye
		Components: main
		Enabled: no
	SOURCES
	run "${FETCH}" 11 "${DEST}"
	assert_failure 1
	assert_output --partial "names no Debian mirror"
}

@test "no Debian source in apt's configuration: one error line that says what to do" {
	echo "deb https://packages.example.com/apt cloud-sdk-bookworm main" >"${APT_ETC}/sources.list.d/other.list"
	run "${FETCH}" 11 "${DEST}"
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^Error: could not provide JDK 11 for the GC matrix test: this machine's apt configuration .* names no Debian mirror; add the mirror you use there .*, then run 'make jdks' again.$"
	[[ ! -e "${APT_GET_RECORD}" ]]
}

@test "no Debian security source: JDK 21 says so in one line" {
	echo "deb http://mirror.example.org/debian trixie main" >"${APT_ETC}/sources.list"
	run "${FETCH}" 21 "${DEST}"
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --partial "names no Debian security mirror"
}

@test "a missing keyring is named, with the package that provides it" {
	echo "deb http://mirror.example.org/debian bookworm main" >"${APT_ETC}/sources.list"
	FETCH_JDK_KEYRINGS="${BATS_TEST_TMPDIR}/no-keyrings" run "${FETCH}" 11 "${DEST}"
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --partial "the keyring ${BATS_TEST_TMPDIR}/no-keyrings/debian-archive-bullseye-stable.gpg is missing"
}

@test "a JDK already unpacked and working is reused without the network" {
	local java_home="${DEST}/root/usr/lib/jvm/java-11-openjdk-amd64"
	mkdir -p "${java_home}/bin"
	printf '#!/bin/sh\nexit 0\n' >"${java_home}/bin/java"
	chmod +x "${java_home}/bin/java"
	run "${FETCH}" 11 "${DEST}"
	assert_success
	assert_output "${java_home}"
	[[ ! -e "${APT_GET_RECORD}" ]]
}

@test "an unknown version or a missing argument is refused with usage" {
	run "${FETCH}" 17 "${DEST}"
	assert_failure 2
	assert_output "Error: fetch-jdk.sh knows JDK 8, 11 and 21 and victoria-metrics, not '17'."
	run "${FETCH}" 8
	assert_failure 2
	assert_output --partial "Usage: fetch-jdk.sh VERSION DEST_DIR"
}
