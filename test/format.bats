#!/usr/bin/env bats
# Java formatting is enforced by the build itself: the parent pom (java-agent/pom.xml) binds
# Spotless's google-java-format check to `verify` for every module, so a misformatted file fails
# `mvn verify` (and with it `make test`), not only `make format`'s callers. Proved on a copy of a
# real module's pom under a copy of the parent, with one Java file.
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

setup() {
	load test_helper/common-setup
	_common_setup
	command -v mvn >/dev/null || fail "mvn is needed (make test installs what the suites need)"
	# The parent as committed, and the preview module's pom renamed, in the layout Maven expects.
	BUILD="${BATS_TEST_TMPDIR}/java-agent"
	MODULE="${BUILD}/probe"
	mkdir -p "${MODULE}/src/main/java/dev/jvmmetrics/probe"
	cp "${PROJECT_ROOT}/java-agent/pom.xml" "${BUILD}/pom.xml"
	sed -e 's|<artifactId>jvm-metrics-preview</artifactId>|<artifactId>format-probe</artifactId>|' \
		-e 's|<finalName>jvm-metrics-preview</finalName>|<finalName>format-probe</finalName>|' \
		"${PROJECT_ROOT}/java-agent/preview/pom.xml" >"${MODULE}/pom.xml"
	grep -q '<artifactId>format-probe</artifactId>' "${MODULE}/pom.xml"
	SOURCE="${MODULE}/src/main/java/dev/jvmmetrics/probe/Probe.java"
}

# Runs Maven on the probe module with ARGS, as `make` does.
# Usage: probe_mvn ARGS...
probe_mvn() {
	run nice -n 10 mvn -B --no-transfer-progress -Dstyle.color=never -f "${MODULE}/pom.xml" "$@"
}

@test "a misformatted Java file fails mvn verify, naming the file; a formatted one passes the check" {
	# Valid Java that compiles, but not as google-java-format writes it.
	printf 'package dev.jvmmetrics.probe;\npublic class Probe { int  answer( ) { return 42 ; } }\n' >"${SOURCE}"
	probe_mvn -q verify -DskipTests
	assert_failure
	assert_output --partial "spotless-maven-plugin"
	assert_output --partial "Probe.java"
	refute_output --partial "BUILD SUCCESS"

	cat >"${SOURCE}" <<-'JAVA'
		package dev.jvmmetrics.probe;

		public class Probe {
		  int answer() {
		    return 42;
		  }
		}
	JAVA
	probe_mvn -q spotless:check
	assert_success
}
