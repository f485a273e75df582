#!/usr/bin/env bash
# The agent jar this buildpack ships in lib/, checked against lib/jvm-metrics-agent.jar.sha256
# before anything is written into the build. Sourced by bin/compile and bin/build.

readonly AGENT_JAR_NAME=jvm-metrics-agent.jar

# Checks that the bundled jar and its checksum file are there and agree; otherwise explains what is
# wrong and exits 1. Called before anything is written, so a bad jar leaves the build untouched.
# Usage: agent::check_bundled "${BUILDPACK_DIR}"
agent::check_bundled() {
	local buildpack_dir=$1
	local jar="${buildpack_dir}/lib/${AGENT_JAR_NAME}"
	local checksum_file="${jar}.sha256"
	if [[ ! -f "${jar}" ]]; then
		output::error <<-EOM
			The buildpack has no agent jar: lib/${AGENT_JAR_NAME} is missing.
			This buildpack ships the jar in its repository. Point your app at a released version
			(heroku buildpacks:add with a tag), or restore the file with 'git checkout lib/'.
		EOM
		exit 1
	fi
	local expected=""
	if [[ -f "${checksum_file}" ]]; then
		expected=$(agent::expected_sha256 "${buildpack_dir}")
	fi
	if [[ ! "${expected}" =~ ^[0-9a-f]{64}$ ]]; then
		output::error <<-EOM
			The buildpack's lib/${AGENT_JAR_NAME}.sha256 is missing or not in sha256sum format.
			It must hold one line: the jar's SHA-256, two spaces, and ${AGENT_JAR_NAME}.
			Restore it with 'git checkout lib/', or rebuild both files with 'make java'.
		EOM
		exit 1
	fi
	local actual
	actual=$(files::sha256 "${jar}")
	if [[ "${actual}" != "${expected}" ]]; then
		output::error <<-EOM
			The buildpack's agent jar does not match its checksum, so it was not installed.
			lib/${AGENT_JAR_NAME} has sha256 ${actual},
			lib/${AGENT_JAR_NAME}.sha256 expects ${expected}.
			The jar was changed or damaged. Use a released version of this buildpack, or restore
			the pair with 'git checkout lib/' (or rebuild both with 'make java').
		EOM
		exit 1
	fi
}

# Installs the bundled jar as DIRECTORY/jvm-metrics-agent.jar, verified after the copy.
# Call agent::check_bundled first.
# Usage: agent::install "${BUILDPACK_DIR}" DIRECTORY
agent::install() {
	local buildpack_dir=$1 directory=$2
	local expected_sha256
	expected_sha256=$(agent::expected_sha256 "${buildpack_dir}")
	files::install "${buildpack_dir}/lib/${AGENT_JAR_NAME}" "${directory}/${AGENT_JAR_NAME}" 644 "${expected_sha256}"
}

# Prints the checksum recorded in lib/jvm-metrics-agent.jar.sha256 (its first field).
# Usage: sha256=$(agent::expected_sha256 "${BUILDPACK_DIR}")
agent::expected_sha256() {
	local buildpack_dir=$1 line
	read -r line <"${buildpack_dir}/lib/${AGENT_JAR_NAME}.sha256" || true
	echo "${line%% *}"
}

# The native bootstraps this buildpack may ship in lib/ are libjvmmetrics-<uname -m>.so, each
# with a .sha256 beside it (today only x86_64: docs/bootstrap.md). The profile script and the
# exec.d program load the agent through the one for the dyno's architecture when it is installed.
# Installs into DIRECTORY every bundled bootstrap that matches its .sha256, both in lib/ and as
# copied, and removes any other bootstrap there; says "Installed LABEL/<name>" for each. A bootstrap
# that does not match is left out with one warning and the build goes on: the agent then loads as
# a javaagent, which is a complete fallback. Never call it inside $(…): an exit there would be
# reported twice (by the failure and by the caller's ERR trap).
# Usage: agent::install_bootstraps "${BUILDPACK_DIR}" DIRECTORY LABEL
agent::install_bootstraps() {
	local buildpack_dir=$1 directory=$2 label=$3
	local bootstrap name expected actual
	rm -f -- "${directory}"/libjvmmetrics-*.so
	for bootstrap in "${buildpack_dir}"/lib/libjvmmetrics-*.so; do
		[[ -f "${bootstrap}" ]] || continue
		name=${bootstrap##*/}
		expected=""
		if [[ -f "${bootstrap}.sha256" ]]; then
			read -r expected _ <"${bootstrap}.sha256" || true
		fi
		actual=$(files::sha256 "${bootstrap}")
		if [[ ! "${expected}" =~ ^[0-9a-f]{64}$ || "${actual}" != "${expected}" ]]; then
			output::warning <<-EOM
				Warning: lib/${name} does not match lib/${name}.sha256, so it was not installed.
				The agent still works: it loads as a -javaagent, which adds some start-up time to
				every JVM. Restore the pair with 'git checkout lib/' or rebuild it with 'make java'.
			EOM
			continue
		fi
		# Checked again once installed (files::install would end the build on a bad copy, and a bad
		# bootstrap copy is no reason to fail one).
		files::install "${bootstrap}" "${directory}/${name}" 644
		actual=$(files::sha256 "${directory}/${name}")
		if [[ "${actual}" != "${expected}" ]]; then
			rm -f -- "${directory}/${name}"
			output::warning <<-EOM
				Warning: the copy of lib/${name} in the build does not match its checksum, so it was not installed.
				Expected sha256 ${expected}, the copy has ${actual}: the disk or the copy failed.
				The agent still works: it loads as a -javaagent, which adds some start-up time to
				every JVM. Run the build again to get the bootstrap back.
			EOM
			continue
		fi
		output::info "Installed ${label}/${name} (checksum verified): the native bootstrap, which loads" \
			"the agent without slowing JVM start-up (HEROKU_METRICS_BOOTSTRAP=javaagent turns it off)"
	done
}
