#!/usr/bin/env bash
# Build output in Heroku's convention: a "-----> " line per step, details indented 7 spaces
# under it, warnings and errors on stderr. Sourced by bin/compile and bin/build.

# Usage: output::step "Installing the JVM metrics agent"
output::step() {
	local message=$1
	echo "-----> ${message}"
}

# Prints each argument as one detail line under the current step.
# Usage: output::info "Installed .heroku/jvm-metrics/jvm-metrics-agent.jar"
output::info() {
	local line
	for line in "$@"; do
		echo "       ${line}"
	done
}

# Indents whatever is piped in, for tool output shown under a step.
# Usage: some_command | output::indent
output::indent() {
	sed -e 's/^/       /'
}

# Prints a warning read from stdin (a heredoc), indented, on stderr.
# Usage: output::warning <<-EOM
#          Something the user should know.
#        EOM
output::warning() {
	local line
	echo >&2
	while IFS= read -r line; do
		echo "       ${line}" >&2
	done
	echo >&2
}

# Prints an error read from stdin: the first line becomes "Error: <line>", the rest is indented.
# The caller then exits 1; keeping the exit there makes each failure visible where it happens.
# Never from inside $(…): the exit would end only the subshell, and the entry script's ERR trap
# would then report the same failure a second time as unexpected.
# Usage: output::error <<-EOM
#          The summary.
#          What was found, and what to do.
#        EOM
output::error() {
	local line first=true
	echo >&2
	while IFS= read -r line; do
		if [[ "${first}" == true ]]; then
			echo " !     Error: ${line}" >&2
			first=false
		else
			echo " !     ${line}" >&2
		fi
	done
	echo >&2
}

# For a branch that should never run: names the bug instead of failing obscurely.
# Usage: output::internal_error "unexpected state '${state}' in agent::install"
output::internal_error() {
	local message=$1
	output::error <<-EOM
		Internal error in the JVM metrics buildpack: ${message}.
		This is a bug in the buildpack, not in your app. Please report it with this build log.
	EOM
	exit 1
}

# An ERR trap for failures nobody planned for: names the command and line, so the user is never
# left with a bare non-zero exit.
# Usage: trap 'output::unexpected_failure "${BASH_COMMAND}" "${LINENO}"' ERR
output::unexpected_failure() {
	local command=$1 line=$2
	output::error <<-EOM
		The JVM metrics buildpack failed unexpectedly (line ${line}: ${command}).
		Nothing it installed is half-written. If this keeps happening, report it with this build log.
	EOM
}
