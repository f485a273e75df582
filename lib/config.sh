#!/usr/bin/env bash
# The app's config vars as the build sees them (ENV_DIR holds one file per variable; the dyno's
# environment at runtime is what counts, this only helps explain). Sourced by bin/compile.

# Warns when the app's config already turns the agent off, so an installed but silent agent is
# not a surprise. ENV_DIR may be missing.
# Usage: config::report_opt_out "${ENV_DIR}"
config::report_opt_out() {
	local env_dir=$1
	local file="${env_dir}/DISABLE_HEROKU_METRICS_AGENT"
	[[ -f "${file}" ]] || return 0
	local value=""
	read -r value <"${file}" || true
	case "${value}" in
	[Tt][Rr][Uu][Ee] | 1 | [Yy][Ee][Ss] | [Oo][Nn])
		output::warning <<-EOM
			DISABLE_HEROKU_METRICS_AGENT=${value} is set, so the agent is installed but stays off.
			To turn it on: heroku config:unset DISABLE_HEROKU_METRICS_AGENT
		EOM
		;;
	*) ;;
	esac
}
