# shellcheck shell=sh
# JVM metrics agent: adds the agent to JAVA_TOOL_OPTIONS at dyno start, so every JVM the dyno runs
# loads it. Where the slug has a native bootstrap for this machine (bin/compile installs it only
# when its checksum matched), that is
#   -agentpath:$HOME/.heroku/jvm-metrics/libjvmmetrics-x86_64.so=$HOME/.heroku/jvm-metrics/jvm-metrics-agent.jar
# which keeps the JVM's start-up as fast as without an agent (docs/bootstrap.md); otherwise, or
# with HEROKU_METRICS_BOOTSTRAP=javaagent, it is -javaagent:$HOME/.heroku/jvm-metrics/jvm-metrics-agent.jar.
#
# bin/compile copies this file verbatim to .profile.d/heroku-jvm-metrics.sh. The dyno sources
# every .profile.d script in the shell that starts each process, so this file is written for that:
# - it runs under bash and under POSIX sh (dash), so no [[ ]], arrays or ${var//…};
# - it sets no shell options, never exits (return only), prints nothing, and leaves no variable
#   or function behind: every decision is a case pattern on the environment itself;
# - every expansion has a default (${VAR:-}) and every test sits in a condition, so a caller
#   running `set -euo pipefail` is not killed by it;
# - the user's JAVA_TOOL_OPTIONS is kept byte for byte: it is only ever expanded inside double
#   quotes, never echoed, eval'ed or split.
#
# Whether the agent belongs at all is decided by start-rules.sh, installed beside the jar and
# sourced from there (the exec.d program sources the same file).
#
# heroku/java installs Heroku's own agent with a script of this same name, so whichever of the two
# buildpacks runs last owns the file and exactly one agent is set up (docs/buildpack.md).

# Only dynos of apps with `heroku labs:enable runtime-heroku-metrics` get a metrics URL, and only
# apps that export to OpenTelemetry set an OTLP endpoint. The rules below ask this too; asked here
# first, most shells of most dynos read no other file.
[ -n "${HEROKU_METRICS_URL:-}${OTEL_EXPORTER_OTLP_METRICS_ENDPOINT:-}${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ] || return 0

# The jar path must be absolute: the JVM resolves -javaagent: against its own working directory.
case "${HOME:-}" in
/*) ;;
*) return 0 ;;
esac
[ -f "${HOME:-}/.heroku/jvm-metrics/jvm-metrics-agent.jar" ] || return 0

# The dyno-start rules (no destination, a one-off run.* dyno, the DISABLE_HEROKU_METRICS_AGENT opt-out,
# Heroku's own agent already there), shared with the exec.d program; bin/compile installs them
# beside the jar. Their status says whether the agent belongs. Sourced in a subshell: dash ends
# a `set -e` caller when a sourced file returns non-zero, even inside `||`. Checked readable
# first, so that nothing is printed.
[ -r "${HOME:-}/.heroku/jvm-metrics/start-rules.sh" ] || return 0
# shellcheck source=lib/start-rules.sh
(. "${HOME:-}/.heroku/jvm-metrics/start-rules.sh") || return 0

# Sourced twice (a shell started from a shell): the agent is already there, in either form.
case "${JAVA_TOOL_OPTIONS:-}" in
*/.heroku/jvm-metrics/jvm-metrics-agent.jar* | *libjvmmetrics-*.so*) return 0 ;;
*) ;;
esac

# The JVM splits JAVA_TOOL_OPTIONS on whitespace and treats ' and " as quotes (no escapes), on
# JDK 8 as on 9+, anywhere in an option. A plain path is added as is; one with whitespace or quotes
# is wrapped in the kind of quote it does not contain; one holding both kinds cannot be written
# safely at all, and nothing is added.
#
# JDK 8 silently ignores a JAVA_TOOL_OPTIONS of 1024 bytes or more, which would drop the user's
# own options too, so each form is added only when the result stays below that limit.

# The native bootstrap first, unless the user asked for the javaagent. It is x86_64 code, and
# -agentpath: ends the library's path at the first '=', so a HOME holding one cannot use it. It
# adds at most 2 * ${#HOME} + 101 characters (a space, -agentpath:, two quotes, the 44-character
# library path and the 42-character jar path under HOME, and the '=' between them).
case "${HEROKU_METRICS_BOOTSTRAP:-}" in
[Jj][Aa][Vv][Aa][Aa][Gg][Ee][Nn][Tt]) ;;
*)
	case "${HOME:-}" in
	*=*) ;;
	*)
		if [ -f "${HOME:-}/.heroku/jvm-metrics/libjvmmetrics-x86_64.so" ] &&
			[ "$((${#HOME} + ${#HOME}))" -lt 923 ] &&
			{ [ -z "${JAVA_TOOL_OPTIONS:-}" ] || [ "$((${#JAVA_TOOL_OPTIONS} + ${#HOME} + ${#HOME}))" -lt 923 ]; } &&
			[ "$(uname -m 2>/dev/null || :)" = x86_64 ]; then
			# shellcheck disable=SC2089,SC2090 # the quotes are literal on purpose: the JVM's parser reads them
			case "${HOME:-}" in
			*\"*\'* | *\'*\"*) ;;
			*\"*)
				export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+${JAVA_TOOL_OPTIONS} }-agentpath:'${HOME:-}/.heroku/jvm-metrics/libjvmmetrics-x86_64.so=${HOME:-}/.heroku/jvm-metrics/jvm-metrics-agent.jar'"
				;;
			*[[:space:]]* | *\'*)
				export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+${JAVA_TOOL_OPTIONS} }-agentpath:\"${HOME:-}/.heroku/jvm-metrics/libjvmmetrics-x86_64.so=${HOME:-}/.heroku/jvm-metrics/jvm-metrics-agent.jar\""
				;;
			*)
				export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+${JAVA_TOOL_OPTIONS} }-agentpath:${HOME:-}/.heroku/jvm-metrics/libjvmmetrics-x86_64.so=${HOME:-}/.heroku/jvm-metrics/jvm-metrics-agent.jar"
				;;
			esac
			return 0
		fi
		;;
	esac
	;;
esac

# The javaagent. It adds at most ${#HOME} + 56 characters (a space, -javaagent:, two quotes and
# the 42-character path under HOME).
[ -z "${JAVA_TOOL_OPTIONS:-}" ] || [ "$((${#JAVA_TOOL_OPTIONS} + ${#HOME}))" -lt 968 ] || return 0

# shellcheck disable=SC2089,SC2090 # the quotes are literal on purpose: the JVM's parser reads them
case "${HOME:-}" in
*\"*\'* | *\'*\"*) ;;
*\"*)
	export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+${JAVA_TOOL_OPTIONS} }-javaagent:'${HOME:-}/.heroku/jvm-metrics/jvm-metrics-agent.jar'"
	;;
*[[:space:]]* | *\'*)
	export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+${JAVA_TOOL_OPTIONS} }-javaagent:\"${HOME:-}/.heroku/jvm-metrics/jvm-metrics-agent.jar\""
	;;
*)
	export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+${JAVA_TOOL_OPTIONS} }-javaagent:${HOME:-}/.heroku/jvm-metrics/jvm-metrics-agent.jar"
	;;
esac
