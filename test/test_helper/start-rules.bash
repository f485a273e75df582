#!/usr/bin/env bash
# Reads test/fixtures/start-rules.tsv, the one table of dyno-start cases the profile script, the
# exec.d program and the agent all follow (its header explains the columns). A suite loads this in
# setup, after common-setup, and walks the table with start_rules_each.
# shellcheck disable=SC2154 # PROJECT_ROOT comes from common-setup.bash, loaded first

# Calls CALLBACK once per row of the table as CALLBACK SCRIPTS AGENT [VAR=value ...], with the
# values' escapes decoded; fails on a malformed row.
# Usage: start_rules_each CALLBACK
start_rules_each() {
	local callback=$1
	local table="${PROJECT_ROOT}/test/fixtures/start-rules.tsv"
	local line number=0 rows=0 scripts agent pair
	local -a fields pairs
	while IFS= read -r line || [[ -n "${line}" ]]; do
		number=$((number + 1))
		[[ -n "${line}" && "${line}" != \#* ]] || continue
		IFS=$'\t' read -r -a fields <<<"${line}"
		scripts=${fields[0]}
		agent=${fields[1]:-}
		[[ "${scripts}" == add || "${scripts}" == skip ]] ||
			fail "start-rules.tsv line ${number}: scripts must be add or skip, not '${scripts}'"
		[[ "${agent}" =~ ^(reports|warns|idle|explains|stands-by|-)$ ]] ||
			fail "start-rules.tsv line ${number}: unknown agent outcome '${agent}'"
		pairs=()
		for pair in "${fields[@]:2}"; do
			[[ "${pair}" =~ ^[A-Z_]+= ]] || fail "start-rules.tsv line ${number}: '${pair}' is not VAR=value"
			pair=${pair//\\s/ }
			pair=${pair//\\t/$'\t'}
			pair=${pair//\\n/$'\n'}
			pair=${pair//\\r/$'\r'}
			pair=${pair//\\v/$'\v'}
			pair=${pair//\\f/$'\f'}
			pair=${pair//\\e/$'\e'}
			[[ "${pair}" != *\\* ]] || fail "start-rules.tsv line ${number}: unknown escape in '${pair}'"
			pairs+=("${pair}")
		done
		"${callback}" "${scripts}" "${agent}" "${pairs[@]}"
		rows=$((rows + 1))
	done <"${table}"
	((rows > 0)) || fail "start-rules.tsv has no rows"
}

# Prints the value VAR has among the VAR=value pairs (the last one wins), and fails when it is unset.
# Usage: start_rules_value VAR [VAR=value ...]
start_rules_value() {
	local name=$1 pair found=false value=""
	shift
	for pair in "$@"; do
		if [[ "${pair}" == "${name}="* ]]; then
			found=true
			value=${pair#*=}
		fi
	done
	[[ "${found}" == true ]] || return 1
	printf '%s' "${value}"
}
