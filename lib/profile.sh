#!/usr/bin/env bash
# The .profile.d script that puts the agent on JAVA_TOOL_OPTIONS at dyno start. Its source is
# lib/heroku-jvm-metrics.sh, copied verbatim. Sourced by bin/compile.
#
# It lives beside heroku/java, which installs Heroku's own JVM metrics agent as
# .heroku/bin/heroku-metrics-agent.jar with a .profile.d/heroku-jvm-metrics.sh of the same name.
# Because the names match, whichever buildpack runs last owns the script, and exactly one agent is
# set up at dyno start. profile::existing_owner and profile::explain_owner tell the user which.

# Named like heroku/java's script for Heroku's own agent on purpose: the two replace each other.
readonly PROFILE_SCRIPT=.profile.d/heroku-jvm-metrics.sh

# The dyno-start rules the profile script sources at dyno start, installed beside the jar.
readonly PROFILE_RULES=.heroku/jvm-metrics/start-rules.sh

# Installs the profile script into BUILD_DIR/.profile.d, replacing any script of that name, and
# the rules it sources beside the jar (first, so the script never finds them missing).
# Usage: profile::install "${BUILDPACK_DIR}" "${BUILD_DIR}"
profile::install() {
	local buildpack_dir=$1 build_dir=$2
	files::install "${buildpack_dir}/lib/start-rules.sh" "${build_dir}/${PROFILE_RULES}" 644
	files::install "${buildpack_dir}/lib/heroku-jvm-metrics.sh" "${build_dir}/${PROFILE_SCRIPT}" 644
}

readonly HEROKU_AGENT_JAR=.heroku/bin/heroku-metrics-agent.jar

# Prints what is in BUILD_DIR before this buildpack installs anything:
#   none    no metrics agent set up by an earlier buildpack
#   ours    this buildpack's own script is already there (it ran earlier in this build)
#   heroku  heroku/java set up Heroku's agent
#   other   some other script of the same name is there
# Usage: state=$(profile::existing_owner "${BUILD_DIR}" "${BUILDPACK_DIR}")
profile::existing_owner() {
	local build_dir=$1 buildpack_dir=$2
	local script="${build_dir}/${PROFILE_SCRIPT}"
	if [[ -f "${script}" ]] && cmp -s -- "${script}" "${buildpack_dir}/lib/heroku-jvm-metrics.sh"; then
		echo ours
	elif [[ -f "${build_dir}/${HEROKU_AGENT_JAR}" ]]; then
		echo heroku
	elif [[ -e "${script}" ]]; then
		echo other
	else
		echo none
	fi
}

# Explains, under the current step, which agent will report and why.
# Usage: profile::explain_owner STATE
profile::explain_owner() {
	local state=$1
	case "${state}" in
	none)
		output::info \
			"No other JVM metrics agent is in this build, so this one will report." \
			"If heroku/java runs after this buildpack, its Heroku agent takes over instead" \
			"(it writes ${PROFILE_SCRIPT} too): list this buildpack after heroku/java."
		;;
	ours)
		output::info "This buildpack already ran in this build; the agent and ${PROFILE_SCRIPT} were refreshed."
		;;
	heroku)
		output::info \
			"heroku/java set up Heroku's JVM metrics agent (${HEROKU_AGENT_JAR}) before this buildpack." \
			"This buildpack runs later, so its ${PROFILE_SCRIPT} replaced heroku/java's:" \
			"only this agent will report, never both. Heroku's jar stays in the slug, unused."
		;;
	other)
		output::info \
			"Replaced the ${PROFILE_SCRIPT} an earlier buildpack wrote, so only this agent will report."
		;;
	*)
		output::internal_error "unknown agent state '${state}' in profile::explain_owner"
		;;
	esac
}
