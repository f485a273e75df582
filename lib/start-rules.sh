# shellcheck shell=sh
# The dyno-start rules: whether the agent belongs on JAVA_TOOL_OPTIONS in this environment. One
# copy, sourced by both scripts that add it, from beside the jar: the .profile.d script
# (lib/heroku-jvm-metrics.sh, under bash or POSIX sh) and the CNB exec.d program
# (lib/exec.d/jvm-metrics-agent, bash); bin/compile also asks it about the build's config. The
# agent reads the opt-out the same way (Settings.Switch). All three are tested against one table,
# test/fixtures/start-rules.tsv.
#
# Its status is the answer: it returns 0 when the agent belongs, 1 when it does not. Sourced at
# every dyno start, by scripts that must leave the shell as they found it, so it sets no variable,
# function or option, prints nothing, and reads the environment only through ${VAR:-} defaults
# and case patterns (safe under `set -eu`). The profile script sources it in a subshell: dash
# ends a `set -e` shell when a sourced file returns non-zero, whatever the context. Where the
# agent is (HOME, the layer) and whether it is there already is the calling script's business.

# shellcheck disable=SC2292 # POSIX sh (dash sources it too): no [[ ]], whoever the caller is
# A destination first. Heroku's metrics URL: only dynos of apps with `heroku labs:enable
# runtime-heroku-metrics` get one. Else an OpenTelemetry (OTLP) metrics endpoint, set by the user
# or by the platform (Fir), unless the OpenTelemetry switches turn metrics export off: the
# specification's OTEL_SDK_DISABLED=true and OTEL_METRICS_EXPORTER=none, both without regard to
# case. They turn off only the OTLP export: with a metrics URL as well, the agent still belongs.
if [ -z "${HEROKU_METRICS_URL:-}" ]; then
	[ -n "${OTEL_EXPORTER_OTLP_METRICS_ENDPOINT:-}${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ] || return 1
	case "${OTEL_SDK_DISABLED:-}" in
	[Tt][Rr][Uu][Ee]) return 1 ;;
	*) ;;
	esac
	case "${OTEL_METRICS_EXPORTER:-}" in
	[Nn][Oo][Nn][Ee]) return 1 ;;
	*) ;;
	esac
fi

# One-off dynos (heroku run …) are consoles and tasks, not the app.
case "${DYNO:-}" in
run.*) return 1 ;;
*) ;;
esac

# The opt-out: true, 1, yes or on, in any case and with any surrounding whitespace. The case word
# is the value without its leading whitespace; each pattern ends with the value's own trailing
# whitespace, quoted so that it matches literally. Both end in a '.': bash (5.2) matches nothing
# against a quoted expansion that comes out empty in a case pattern. Any other non-empty value is
# a mistake this file cannot report (the profile script must print nothing): the agent is added,
# and says so.
if [ -n "${DISABLE_HEROKU_METRICS_AGENT:-}" ]; then
	case "${DISABLE_HEROKU_METRICS_AGENT#"${DISABLE_HEROKU_METRICS_AGENT%%[![:space:]]*}"}." in
	[Tt][Rr][Uu][Ee]"${DISABLE_HEROKU_METRICS_AGENT##*[![:space:]]}." | \
		1"${DISABLE_HEROKU_METRICS_AGENT##*[![:space:]]}." | \
		[Yy][Ee][Ss]"${DISABLE_HEROKU_METRICS_AGENT##*[![:space:]]}." | \
		[Oo][Nn]"${DISABLE_HEROKU_METRICS_AGENT##*[![:space:]]}.")
		return 1
		;;
	*) ;;
	esac
fi

# Heroku's own agent is already set up (by hand, or by a script under another name; sbt apps get
# it through JAVA_OPTS): two agents would report every metric twice, so leave it to that one.
case "${JAVA_TOOL_OPTIONS:-} ${JAVA_OPTS:-}" in
*heroku-metrics-agent.jar*) return 1 ;;
*) ;;
esac

# heroku/jvm's (CNB) exec.d will add Heroku's agent, before or after this one: its layer sets
# HEROKU_METRICS_AGENT_PATH, and it stands down only when DISABLE_HEROKU_METRICS_AGENT is set to
# anything at all. Two agents would report everything twice, so this one steps aside.
if [ -n "${HEROKU_METRICS_AGENT_PATH+set}" ] && [ -z "${DISABLE_HEROKU_METRICS_AGENT+set}" ]; then
	return 1
fi

return 0
