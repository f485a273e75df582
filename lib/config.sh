#!/usr/bin/env bash
# The app's config vars as the build sees them (ENV_DIR holds one file per variable; the dyno's
# environment at runtime is what counts, this only helps explain). Sourced by bin/compile.

# Warns when the app's config already turns the agent off, so an installed but silent agent is
# not a surprise. ENV_DIR may be missing. The value is judged by the dyno-start rules themselves
# (lib/start-rules.sh), in a subshell that holds only a metrics URL and this value.
# Usage: config::report_opt_out "${BUILDPACK_DIR}" "${ENV_DIR}"
config::report_opt_out() {
	local buildpack_dir=$1 env_dir=$2
	local file="${env_dir}/DISABLE_HEROKU_METRICS_AGENT"
	[[ -f "${file}" ]] || return 0
	local value
	value=$(<"${file}") || return 0
	if (
		unset DYNO JAVA_TOOL_OPTIONS JAVA_OPTS HEROKU_METRICS_AGENT_PATH
		export HEROKU_METRICS_URL=https://build.invalid DISABLE_HEROKU_METRICS_AGENT="${value}"
		# shellcheck source=lib/start-rules.sh
		source "${buildpack_dir}/lib/start-rules.sh"
	); then
		return 0
	fi
	output::warning <<-EOM
		DISABLE_HEROKU_METRICS_AGENT=${value} is set, so the agent is installed but stays off.
		To turn it on: heroku config:unset DISABLE_HEROKU_METRICS_AGENT
	EOM
}
