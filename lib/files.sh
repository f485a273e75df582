#!/usr/bin/env bash
# Installing files so that a reader never sees half of one: each is copied to a temporary name in
# its final directory, checked, then renamed over the old one (a rename within one directory is
# atomic). Sourced by bin/compile and bin/build.

# Copies SOURCE to TARGET with MODE, atomically. When EXPECTED_SHA256 is given, the copy must
# have that checksum or nothing is installed and the build fails.
# Usage: files::install SOURCE TARGET MODE [EXPECTED_SHA256]
files::install() {
	local source=$1 target=$2 mode=$3 expected_sha256=${4:-}
	local directory=${target%/*}
	mkdir -p -- "${directory}"
	local temporary
	temporary=$(mktemp "${directory}/.${target##*/}.XXXXXX")
	# Removed whatever happens next, unless the rename below consumed it.
	# shellcheck disable=SC2064 # expand now: the local is gone when the trap runs
	trap "rm -f -- $(printf '%q' "${temporary}")" EXIT
	cp -- "${source}" "${temporary}"
	chmod "${mode}" "${temporary}"
	if [[ -n "${expected_sha256}" ]]; then
		local actual
		actual=$(files::sha256 "${temporary}")
		if [[ "${actual}" != "${expected_sha256}" ]]; then
			output::error <<-EOM
				The copy of ${source##*/} in the build does not match its checksum.
				Expected sha256 ${expected_sha256}, the copy has ${actual}: the disk or the copy failed.
				Nothing was installed. Run the build again; if it fails the same way, report it.
			EOM
			exit 1
		fi
	fi
	mv -f -T -- "${temporary}" "${target}"
	trap - EXIT
}

# Prints the SHA-256 of FILE as 64 lowercase hex digits.
# Usage: files::sha256 FILE
files::sha256() {
	local file=$1 sum
	sum=$(sha256sum -- "${file}")
	echo "${sum%% *}"
}
