#!/usr/bin/env bats
# lib/heroku-jvm-metrics.sh, the .profile.d script: sourced at dyno start by bash, and possibly by
# POSIX sh, in a controlled empty environment, under a caller running `set -eu` (and pipefail
# where the shell has it). Every case runs under bash and under dash.
# shellcheck disable=SC2154 # PROJECT_ROOT, BUILD_DIR, CACHE_DIR, ENV_DIR come from
# test_helper/common-setup.bash (through bats `load`, which shellcheck cannot follow), BATS_* from bats

setup() {
	load test_helper/common-setup
	_common_setup
	load test_helper/start-rules
	command -v dash >/dev/null || fail "dash (a POSIX sh) is needed: apt-get install dash"
	PROFILE="${PROJECT_ROOT}/lib/heroku-jvm-metrics.sh"
	SLUG="${BATS_TEST_TMPDIR}/app"
	make_slug "${SLUG}"
	# Expected values name the agent's option through placeholders, which assert_options replaces
	# with the option of each form in turn, for the test's HOME: @AGENT@ as is, @AGENT"@ and
	# @AGENT'@ wrapped in that quote.
	AGENT=@AGENT@
	# Each form's option for SLUG, for tests about one form.
	JAVAAGENT=$(agent_option javaagent "${SLUG}")
	BOOTSTRAP=$(agent_option bootstrap "${SLUG}")
}

# Makes DIR look like a slug compiled on x86_64: the jar, the native bootstrap and the dyno-start
# rules where the profile script looks for them.
# Usage: make_slug DIR
make_slug() {
	local dir=$1
	mkdir -p "${dir}/.heroku/jvm-metrics"
	cp "${PROJECT_ROOT}/lib/jvm-metrics-agent.jar" "${PROJECT_ROOT}/lib/libjvmmetrics-x86_64.so" \
		"${PROJECT_ROOT}/lib/start-rules.sh" "${dir}/.heroku/jvm-metrics/"
}

# Makes the slug at DIR offer FORM: "bootstrap" (jar and bootstrap) or "javaagent" (the jar only,
# as bin/compile leaves it when no bootstrap fits the machine or its checksum did not match).
# Usage: use_form FORM DIR
use_form() {
	local form=$1 dir=$2
	case "${form}" in
	bootstrap) cp "${PROJECT_ROOT}/lib/libjvmmetrics-x86_64.so" "${dir}/.heroku/jvm-metrics/" ;;
	javaagent) rm -f "${dir}/.heroku/jvm-metrics/libjvmmetrics-x86_64.so" ;;
	*) fail "use_form: unknown form ${form}" ;;
	esac
}

# Prints the option the script adds in FORM for HOME, wrapped in QUOTE (none by default).
# Usage: agent_option FORM HOME [QUOTE]
agent_option() {
	local form=$1 home=$2 quote=${3:-}
	local dir="${home}/.heroku/jvm-metrics"
	case "${form}" in
	bootstrap) echo "-agentpath:${quote}${dir}/libjvmmetrics-x86_64.so=${dir}/jvm-metrics-agent.jar${quote}" ;;
	javaagent) echo "-javaagent:${quote}${dir}/jvm-metrics-agent.jar${quote}" ;;
	*) fail "agent_option: unknown form ${form}" ;;
	esac
}

# Prints EXPECTED with its placeholders replaced by FORM's option for HOME.
# Usage: expand_agent FORM HOME EXPECTED
expand_agent() {
	local form=$1 home=$2 expected=$3
	expected=${expected//@AGENT@/$(agent_option "${form}" "${home}")}
	expected=${expected//@AGENT\"@/$(agent_option "${form}" "${home}" '"')}
	expected=${expected//@AGENT\'@/$(agent_option "${form}" "${home}" "'")}
	printf '%s' "${expected}"
}

# Sources the profile script under SHELL in an empty environment holding PATH, HOME=$SLUG and the
# VAR=value pairs given (later pairs win), with the caller in strict mode. Prints anything the
# script printed, then what a child process sees: "SHELL: JAVA_TOOL_OPTIONS=<value>" or
# "SHELL: JAVA_TOOL_OPTIONS is not exported". The last line proves control came back.
# Usage: source_under SHELL [VAR=value ...]
source_under() {
	local shell=$1
	shift
	# shellcheck disable=SC2016 # expanded by the shell under test
	env -i PATH=/usr/bin:/bin "HOME=${SLUG}" "$@" "${shell}" -c '
		if [ -n "${BASH_VERSION:-}" ]; then set -o pipefail; fi
		set -eu
		. "$1"
		if printenv JAVA_TOOL_OPTIONS >/dev/null; then
			printf "%s: JAVA_TOOL_OPTIONS=<%s>\n" "$2" "${JAVA_TOOL_OPTIONS}"
		else
			printf "%s: JAVA_TOOL_OPTIONS is not exported\n" "$2"
		fi
	' profile "${PROFILE}" "${shell}"
}

# Asserts that, for each form the slug can offer (FORMS, default "javaagent bootstrap"; see
# use_form), under bash and under dash, sourcing with the VAR=value pairs leaves exactly EXPECTED
# (its placeholders expanded for that form) as JAVA_TOOL_OPTIONS, or "not exported" for the
# literal value NOT_EXPORTED, and that the script printed nothing. The slug is the last HOME=
# pair's, or SLUG.
# Usage: [FORMS=...] assert_options EXPECTED [VAR=value ...]
assert_options() {
	local expected=$1 shell form pair home=${SLUG}
	shift
	for pair in "$@"; do
		[[ "${pair}" != HOME=* ]] || home=${pair#HOME=}
	done
	local expanded
	for form in ${FORMS:-javaagent bootstrap}; do
		[[ ! -d "${home}/.heroku/jvm-metrics" ]] || use_form "${form}" "${home}"
		expanded=$(expand_agent "${form}" "${home}" "${expected}")
		for shell in bash dash; do
			run source_under "${shell}" "$@"
			assert_success
			if [[ "${expected}" == NOT_EXPORTED ]]; then
				assert_output "${shell}: JAVA_TOOL_OPTIONS is not exported"
			else
				assert_output "${shell}: JAVA_TOOL_OPTIONS=<${expanded}>"
			fi
		done
	done
}

# Asserts one row of the dyno-start rules (see test_helper/start-rules.bash): with its
# environment, the script adds the agent after the user's options ("add") or leaves them as they
# were ("skip"), in both forms, under bash and dash.
# Usage: assert_start_rule SCRIPTS AGENT [VAR=value ...]
assert_start_rule() {
	local scripts=$1 options expected
	shift 2
	echo "case: ${scripts} $*"
	if options=$(start_rules_value JAVA_TOOL_OPTIONS "$@"); then
		expected=${options}
	else
		expected=NOT_EXPORTED
	fi
	if [[ "${scripts}" == add ]]; then
		expected="${options:+${options} }${AGENT}"
	fi
	assert_options "${expected}" "$@"
}

@test "adds the agent when the metrics URL is set, with no leading space when the options were unset" {
	assert_options "${AGENT}" HEROKU_METRICS_URL=https://metrics.example/abc DYNO=web.1
}

@test "adds the agent with no leading space when the options were empty" {
	assert_options "${AGENT}" HEROKU_METRICS_URL=https://metrics.example/abc DYNO=web.1 JAVA_TOOL_OPTIONS=
}

@test "keeps the user's options byte for byte: quotes, \$, backslashes, globs, newlines, other agents" {
	local options
	options=$'-Dq="a b" -Ds=\'c d\' -Dd=$HOME$(id)`id` -Db=C:\\\\x\\n -Dg=* -Dh=[a]? \t-Xmx1g\n -javaagent:/opt/newrelic.jar=x '
	assert_options "${options} ${AGENT}" HEROKU_METRICS_URL=http://x DYNO=web.1 "JAVA_TOOL_OPTIONS=${options}"
}

@test "follows every case of the dyno-start rules (test/fixtures/start-rules.tsv), under bash and dash" {
	start_rules_each assert_start_rule
}

@test "does nothing when the jar is not in the slug" {
	rm "${SLUG}/.heroku/jvm-metrics/jvm-metrics-agent.jar"
	assert_options NOT_EXPORTED HEROKU_METRICS_URL=http://x
}

@test "sourced twice, adds the agent once, in either form" {
	local shell form option
	for form in javaagent bootstrap; do
		use_form "${form}" "${SLUG}"
		option=$(agent_option "${form}" "${SLUG}")
		for shell in bash dash; do
			# shellcheck disable=SC2016 # expanded by the shell under test
			run env -i PATH=/usr/bin:/bin "HOME=${SLUG}" HEROKU_METRICS_URL=http://x JAVA_TOOL_OPTIONS=-Xmx1g \
				"${shell}" -c 'set -eu; . "$1"; . "$1"; printf "<%s>\n" "${JAVA_TOOL_OPTIONS}"' profile "${PROFILE}"
			assert_success
			assert_output "<-Xmx1g ${option}>"
		done
	done
}

@test "adds nothing when the agent is already there in the other form, or a bootstrap by hand" {
	local form other
	for form in javaagent bootstrap; do
		for other in javaagent bootstrap; do
			use_form "${form}" "${SLUG}"
			other=$(agent_option "${other}" "${SLUG}")
			FORMS=${form} assert_options "-Xmx1g ${other}" HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=-Xmx1g ${other}"
		done
	done
	assert_options "-agentpath:/opt/libjvmmetrics-x86_64.so=/opt/a.jar" HEROKU_METRICS_URL=http://x \
		"JAVA_TOOL_OPTIONS=-agentpath:/opt/libjvmmetrics-x86_64.so=/opt/a.jar"
}

@test "HEROKU_METRICS_BOOTSTRAP=javaagent, in any case, forces the javaagent; other values keep the bootstrap" {
	local value
	for value in javaagent JAVAAGENT JavaAgent; do
		FORMS=bootstrap assert_options "${JAVAAGENT}" HEROKU_METRICS_URL=http://x "HEROKU_METRICS_BOOTSTRAP=${value}"
	done
	for value in "" native agentpath "javaagent " yes; do
		FORMS=bootstrap assert_options "${BOOTSTRAP}" HEROKU_METRICS_URL=http://x "HEROKU_METRICS_BOOTSTRAP=${value}"
	done
}

@test "uses the javaagent on a machine that is not x86_64, or where uname cannot tell" {
	local bin="${BATS_TEST_TMPDIR}/bin"
	mkdir -p "${bin}"
	printf '#!/bin/sh\necho aarch64\n' >"${bin}/uname"
	chmod +x "${bin}/uname"
	FORMS=bootstrap assert_options "${JAVAAGENT}" HEROKU_METRICS_URL=http://x "PATH=${bin}:/usr/bin:/bin"
	printf '#!/bin/sh\nexit 1\n' >"${bin}/uname"
	FORMS=bootstrap assert_options "${JAVAAGENT}" HEROKU_METRICS_URL=http://x "PATH=${bin}:/usr/bin:/bin"
}

@test "a HOME holding '=' uses the javaagent: -agentpath: would cut the library's path there" {
	local home="${BATS_TEST_TMPDIR}/a=b" javaagent
	make_slug "${home}"
	javaagent=$(agent_option javaagent "${home}")
	FORMS=bootstrap assert_options "${javaagent}" HEROKU_METRICS_URL=http://x "HOME=${home}"
}

@test "a HOME with spaces or a single quote is wrapped in double quotes, which the JVM reads back" {
	local home
	for home in "${BATS_TEST_TMPDIR}/my app" "${BATS_TEST_TMPDIR}/it's"$'\t'"tabbed"; do
		make_slug "${home}"
		assert_options '@AGENT"@' HEROKU_METRICS_URL=http://x "HOME=${home}"
	done
}

@test "a HOME with a double quote is wrapped in single quotes" {
	local home="${BATS_TEST_TMPDIR}/say \"hi\""
	make_slug "${home}"
	assert_options "@AGENT'@" HEROKU_METRICS_URL=http://x "HOME=${home}"
}

@test "a HOME with both kinds of quote, relative, empty or unset adds nothing" {
	local home="${BATS_TEST_TMPDIR}/it's \"both\""
	make_slug "${home}"
	assert_options NOT_EXPORTED HEROKU_METRICS_URL=http://x "HOME=${home}"
	cd "${BATS_TEST_TMPDIR}"
	assert_options NOT_EXPORTED HEROKU_METRICS_URL=http://x HOME=app
	assert_options NOT_EXPORTED HEROKU_METRICS_URL=http://x HOME=
	local shell
	for shell in bash dash; do
		# shellcheck disable=SC2016 # expanded by the shell under test
		run env -i PATH=/usr/bin:/bin HEROKU_METRICS_URL=http://x "${shell}" -c 'set -eu; . "$1"; echo "${JAVA_TOOL_OPTIONS-unset}"' profile "${PROFILE}"
		assert_success
		assert_output unset
	done
}

@test "stays within JDK 8's 1023-byte JAVA_TOOL_OPTIONS limit, or adds nothing" {
	# The script reserves room for the most it can add: a space, -javaagent:, two quotes and the
	# 42-character path under HOME, i.e. 56 characters plus HOME.
	local room=$((1023 - 56 - ${#SLUG}))
	local longest="-D"
	while ((${#longest} < room)); do longest+=x; done
	assert_equal "${#longest}" "${room}"
	FORMS=javaagent assert_options "${longest} ${AGENT}" HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=${longest}"
	local javaagent
	javaagent=$(agent_option javaagent "${SLUG}")
	((${#longest} + 1 + ${#javaagent} <= 1023))
	assert_options "${longest}x" HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=${longest}x"
}

@test "adds the bootstrap only within JDK 8's limit, else the shorter javaagent while that fits" {
	# The bootstrap's option holds HOME twice: a space, -agentpath:, two quotes, the 44- and
	# 42-character paths under HOME and an '=', i.e. 101 characters plus twice HOME.
	local room=$((1023 - 101 - 2 * ${#SLUG}))
	local longest="-D"
	while ((${#longest} < room)); do longest+=x; done
	FORMS=bootstrap assert_options "${longest} ${AGENT}" HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=${longest}"
	local bootstrap
	bootstrap=$(agent_option bootstrap "${SLUG}")
	((${#longest} + 1 + ${#bootstrap} <= 1023))
	FORMS=bootstrap assert_options "${longest}x ${JAVAAGENT}" HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=${longest}x"
}

@test "works for callers with odd shell state: IFS, noglob, nounset" {
	local shell form option
	for form in javaagent bootstrap; do
		use_form "${form}" "${SLUG}"
		option=$(agent_option "${form}" "${SLUG}")
		for shell in bash dash; do
			# shellcheck disable=SC2016 # expanded by the shell under test
			run env -i PATH=/usr/bin:/bin "HOME=${SLUG}" HEROKU_METRICS_URL=http://x "JAVA_TOOL_OPTIONS=-Da=1  -Db=*" \
				"${shell}" -c 'set -euf; IFS=/; . "$1"; printf "<%s>\n" "${JAVA_TOOL_OPTIONS}"' profile "${PROFILE}"
			assert_success
			assert_output "<-Da=1  -Db=* ${option}>"
		done
	done
}

@test "leaves no variable, function, option, trap or alias behind (bash), in every branch" {
	local env_case
	for env_case in "HEROKU_METRICS_URL=http://x" "HEROKU_METRICS_URL=" "DYNO=run.1" \
		"DISABLE_HEROKU_METRICS_AGENT=on" "JAVA_OPTS=-javaagent:x/heroku-metrics-agent.jar" \
		"JAVA_TOOL_OPTIONS=-javaagent:${SLUG}/.heroku/jvm-metrics/jvm-metrics-agent.jar" \
		"HEROKU_METRICS_BOOTSTRAP=javaagent"; do
		# shellcheck disable=SC2016 # expanded by the shell under test
		run env -i PATH=/usr/bin:/bin "HOME=${SLUG}" HEROKU_METRICS_URL=http://x "${env_case}" bash -c '
			set -euo pipefail
			snapshot() {
				declare -p | grep -Ev "^declare -[^ ]* (BASH_[A-Z]+|FUNCNAME|PIPESTATUS|LINENO|RANDOM|SRANDOM|SECONDS|EPOCH[A-Z]+|_|JAVA_TOOL_OPTIONS)(=|\$)"
				declare -F; set -o; shopt; trap -p; alias
			}
			snapshot >"$2/before"
			. "$1"
			snapshot >"$2/after"
			diff "$2/before" "$2/after"
		' profile "${PROFILE}" "${BATS_TEST_TMPDIR}"
		assert_success
		assert_output ""
	done
}

@test "leaves no variable, option, trap or alias behind (dash), in every branch" {
	local env_case
	for env_case in "HEROKU_METRICS_URL=http://x" "HEROKU_METRICS_URL=" "DYNO=run.1" \
		"DISABLE_HEROKU_METRICS_AGENT=on" "JAVA_OPTS=-javaagent:x/heroku-metrics-agent.jar" \
		"HEROKU_METRICS_BOOTSTRAP=javaagent"; do
		# shellcheck disable=SC2016 # expanded by the shell under test
		run env -i PATH=/usr/bin:/bin "HOME=${SLUG}" HEROKU_METRICS_URL=http://x "${env_case}" dash -c '
			set -eu
			set | grep -v "^JAVA_TOOL_OPTIONS=" >"$2/before"; set -o >>"$2/before"; trap >>"$2/before"; alias >>"$2/before"
			. "$1"
			set | grep -v "^JAVA_TOOL_OPTIONS=" >"$2/after"; set -o >>"$2/after"; trap >>"$2/after"; alias >>"$2/after"
			diff "$2/before" "$2/after"
		' profile "${PROFILE}" "${BATS_TEST_TMPDIR}"
		assert_success
		assert_output ""
	done
}

@test "is POSIX sh: dash and bash --posix parse it without complaint" {
	run dash -n "${PROFILE}"
	assert_success
	assert_output ""
	run bash --posix -n "${PROFILE}"
	assert_success
	assert_output ""
}
