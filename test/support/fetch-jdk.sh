#!/usr/bin/env bash
# Usage: fetch-jdk.sh VERSION DEST_DIR
# Puts a runnable JDK VERSION (8, 11 or 21) under DEST_DIR and prints its JAVA_HOME. The GC matrix
# test runs the agent on these besides the machine's JDK 17 and Temurin 25:
#   8   Debian bookworm non-free's nvidia-openjdk-8-jre (a plain HotSpot 8 JRE built for bookworm)
#   11  Debian bullseye's openjdk-11-jre-headless
#   21  Debian trixie's openjdk-21-jre-headless, with trixie's libc, libstdc++, libgcc and zlib
#       unpacked beside it and every ELF file of the JDK patched to use them (trixie's glibc is
#       newer than this machine's)
# VERSION victoria-metrics instead puts Debian trixie's victoria-metrics (a static binary, the
# single-node server) under DEST_DIR and prints the binary's path: the OTLP end-to-end test
# (test/otlp-victoria-metrics.bats) has the agent export to its /opentelemetry/v1/metrics receiver.
#
# Never a system install: apt-get only downloads the .debs, with its own sources list, package
# lists and cache under DEST_DIR, and dpkg -x unpacks them there. The mirror is the one this
# machine's own apt configuration uses, so a proxy or local mirror keeps working. Idempotent: a
# JDK already unpacked and working is reused without touching the network.
set -euo pipefail
shopt -s inherit_errexit

# Where apt's configuration lives; the bats suite points it at a fixture.
APT_ETC=${FETCH_JDK_APT_ETC:-/etc/apt}
KEYRINGS=${FETCH_JDK_KEYRINGS:-/usr/share/keyrings}
# Set by fetch_jdk::_select from VERSION.
SOURCES=()
PACKAGES=()
JVM_DIR=
ETC_DIR=
# What is fetched, for messages, and the program whose run proves it works (under DEST_DIR/root).
WHAT=
PURPOSE="the GC matrix test"
PROGRAM=
PROGRAM_CHECK=()

main() {
	local version=${1:-} dest=${2:-}
	if [[ -z "${version}" || -z "${dest}" ]]; then
		echo "Usage: fetch-jdk.sh VERSION DEST_DIR (VERSION is 8, 11, 21 or victoria-metrics)" >&2
		exit 2
	fi
	fetch_jdk::_select "${version}"
	mkdir -p "${dest}"
	dest=$(cd "${dest}" && pwd)
	local program="${dest}/root/${PROGRAM}"
	local result="${dest}/root/${JVM_DIR}"
	[[ -n "${JVM_DIR}" ]] || result=${program}

	if "${program}" "${PROGRAM_CHECK[@]}" >/dev/null 2>&1; then
		echo "${result}"
		return
	fi
	rm -rf "${dest}/root"
	fetch_jdk::_download "${version}" "${dest}"
	fetch_jdk::_unpack "${version}" "${dest}"
	if [[ "${version}" == 21 ]]; then
		fetch_jdk::_patch_elves "${version}" "${dest}"
	fi
	"${program}" "${PROGRAM_CHECK[@]}" >/dev/null 2>&1 ||
		fetch_jdk::_fail "${version}" "the unpacked ${WHAT} does not run (${program} ${PROGRAM_CHECK[*]})"
	echo "${result}"
}

# Usage: fetch_jdk::_select VERSION
# Each SOURCES entry is "KIND SUITE COMPONENT KEYRING...": KIND says which of the machine's mirrors
# serves it (archive, or security for the -security suites).
fetch_jdk::_select() {
	local version=$1
	case "${version}" in
	8)
		SOURCES=("archive bookworm non-free debian-archive-bookworm-stable.gpg debian-archive-bookworm-automatic.gpg")
		PACKAGES=(nvidia-openjdk-8-jre)
		JVM_DIR=usr/lib/jvm/java-8-openjdk-amd64
		ETC_DIR=/etc/java-8-openjdk
		;;
	11)
		SOURCES=("archive bullseye main debian-archive-bullseye-stable.gpg debian-archive-bullseye-automatic.gpg")
		PACKAGES=(openjdk-11-jre-headless)
		JVM_DIR=usr/lib/jvm/java-11-openjdk-amd64
		ETC_DIR=/etc/java-11-openjdk
		;;
	21)
		SOURCES=("archive trixie main debian-archive-trixie-stable.gpg debian-archive-trixie-automatic.gpg"
			"security trixie-security main debian-archive-trixie-security-automatic.gpg")
		# patchelf comes from trixie too: it runs through trixie's own loader (see _patch_elves).
		PACKAGES=(openjdk-21-jre-headless libc6 libstdc++6 libgcc-s1 zlib1g patchelf)
		JVM_DIR=usr/lib/jvm/java-21-openjdk-amd64
		ETC_DIR=/etc/java-21-openjdk
		;;
	victoria-metrics)
		SOURCES=("archive trixie main debian-archive-trixie-stable.gpg debian-archive-trixie-automatic.gpg")
		PACKAGES=(victoria-metrics)
		;;
	*)
		echo "Error: fetch-jdk.sh knows JDK 8, 11 and 21 and victoria-metrics, not '${version}'." >&2
		exit 2
		;;
	esac
	WHAT="JDK ${version}"
	PROGRAM=${JVM_DIR}/bin/java
	PROGRAM_CHECK=(-version)
	if [[ "${version}" == victoria-metrics ]]; then
		WHAT=VictoriaMetrics
		PURPOSE="the OTLP end-to-end test"
		PROGRAM=usr/bin/victoria-metrics
		PROGRAM_CHECK=(-version)
		JVM_DIR=
	fi
}

# Usage: fetch_jdk::_download VERSION DEST_DIR
# apt-get with every path pointing into DEST_DIR, so the system's apt state is never read or
# written (only its sources, for the mirror's address).
fetch_jdk::_download() {
	local version=$1 dest=$2 user missing wanted
	missing=$(fetch_jdk::_missing_debs "${dest}")
	[[ -n "${missing}" ]] || return 0
	wanted=$(fetch_jdk::_wanted)
	user=$(id -un)
	local -a apt=(apt-get -q
		-o Dir::Etc::SourceList="${dest}/sources.list"
		-o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists="${dest}/lists"
		-o Dir::Cache="${dest}/cache"
		-o Dir::Cache::Archives="${dest}/cache/archives"
		-o Debug::NoLocking=true
		-o APT::Sandbox::User="${user}")
	mkdir -p "${dest}/lists/partial" "${dest}/cache/archives/partial" "${dest}/debs"
	fetch_jdk::_sources_list "${version}" >"${dest}/sources.list"
	"${apt[@]}" update >&2 ||
		fetch_jdk::_fail "${version}" "apt-get update failed for ${wanted}"
	(cd "${dest}/debs" && "${apt[@]}" download "${PACKAGES[@]}" >&2) ||
		fetch_jdk::_fail "${version}" "apt-get download ${PACKAGES[*]} failed"
	missing=$(fetch_jdk::_missing_debs "${dest}")
	[[ -z "${missing}" ]] ||
		fetch_jdk::_fail "${version}" "apt-get download left no .deb for ${missing}"
}

# Usage: fetch_jdk::_sources_list VERSION
# One deb line per SOURCES entry, on the mirror this machine's apt uses for that kind of suite.
fetch_jdk::_sources_list() {
	local version=$1 entry kind suite component keyring keyrings uri signed_by
	local -a keys
	for entry in "${SOURCES[@]}"; do
		read -r kind suite component keyrings <<<"${entry}"
		uri=$(fetch_jdk::_mirror "${kind}")
		[[ -n "${uri}" ]] || fetch_jdk::_no_mirror "${version}" "${kind}"
		keys=()
		for keyring in ${keyrings}; do
			[[ -f "${KEYRINGS}/${keyring}" ]] ||
				fetch_jdk::_fail "${version}" "the keyring ${KEYRINGS}/${keyring} is missing (Debian's debian-archive-keyring package provides it)"
			keys+=("${KEYRINGS}/${keyring}")
		done
		signed_by=$(fetch_jdk::_join , "${keys[@]}")
		echo "deb [signed-by=${signed_by}] ${uri} ${suite} ${component}"
	done
}

# Usage: fetch_jdk::_mirror KIND
# The first Debian mirror of KIND (archive or security) in the machine's apt sources, one-line
# (sources.list, *.list) and deb822 (*.sources) alike; empty when there is none. A source counts as
# Debian when its suite is a Debian codename or alias.
fetch_jdk::_mirror() {
	local kind=$1 one_line_awk deb822_awk
	local -a one_line=() deb822=()
	one_line_awk=$(fetch_jdk::_awk_one_line)
	deb822_awk=$(fetch_jdk::_awk_deb822)
	shopt -s nullglob
	[[ ! -f "${APT_ETC}/sources.list" ]] || one_line+=("${APT_ETC}/sources.list")
	one_line+=("${APT_ETC}"/sources.list.d/*.list)
	deb822+=("${APT_ETC}"/sources.list.d/*.sources)
	shopt -u nullglob
	{
		((${#one_line[@]} == 0)) || awk "${one_line_awk}" "${one_line[@]}"
		((${#deb822[@]} == 0)) || awk "${deb822_awk}" "${deb822[@]}"
	} | awk -v kind="${kind}" '$1 == kind { sub(/\/+$/, "", $2); print $2; exit }'
}

# Shared by both parsers: which kind of Debian suite a suite name is ("" when not Debian's).
fetch_jdk::_awk_kind() {
	cat <<'AWK'
function kind(suite,    base) {
	base = suite
	sub(/[-\/].*$/, "", base)
	if (base !~ /^(buster|bullseye|bookworm|trixie|forky|duke|sid|stable|oldstable|oldoldstable|testing|unstable)$/) return ""
	return (suite ~ /-security$|\/updates$/) ? "security" : "archive"
}
AWK
}

# "deb [options] URI SUITE COMPONENT..." lines; options may hold spaces inside the brackets.
fetch_jdk::_awk_one_line() {
	fetch_jdk::_awk_kind
	cat <<'AWK'
$1 == "deb" {
	i = 2
	if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
	k = kind($(i + 1))
	if (k != "") print k, $i
}
AWK
}

# deb822 stanzas: Types, URIs, Suites (several values each), Enabled.
fetch_jdk::_awk_deb822() {
	fetch_jdk::_awk_kind
	cat <<'AWK'
BEGIN { RS = ""; FS = "\n" }
{
	types = uris = suites = ""; enabled = "yes"
	for (l = 1; l <= NF; l++) {
		line = $l
		if (line ~ /^#/) continue
		key = tolower(line); sub(/:.*/, "", key)
		value = line; sub(/^[^:]*:[ \t]*/, "", value)
		if (key == "types") types = value
		else if (key == "uris") uris = value
		else if (key == "suites") suites = value
		else if (key == "enabled") enabled = tolower(value)
	}
	if (enabled == "no" || (" " types " ") !~ / deb /) next
	ns = split(suites, s, /[ \t]+/); nu = split(uris, u, /[ \t]+/)
	for (a = 1; a <= ns; a++) {
		k = kind(s[a])
		if (k == "") continue
		for (b = 1; b <= nu; b++) print k, u[b]
	}
}
AWK
}

# Usage: fetch_jdk::_unpack VERSION DEST_DIR
# Every .deb into DEST_DIR/root. The JDK links some files (jvm.cfg, conf/, security files) to
# /etc/java-N-openjdk, which exists only after a real install; those links are pointed at the
# unpacked copy of /etc instead. JDK 8's package ships no /etc/java-8-openjdk at all (bookworm has
# no openjdk-8 package to provide it), so its links would dangle into the machine's /etc: they are
# removed, and the JVM runs on its built-in defaults (the launcher's default VM, the default
# security providers, no java.util.logging console handler).
fetch_jdk::_unpack() {
	local version=$1 dest=$2 package deb links link target
	for package in "${PACKAGES[@]}"; do
		deb=$(fetch_jdk::_deb "${dest}" "${package}")
		dpkg -x "${deb}" "${dest}/root" || fetch_jdk::_fail "${version}" "dpkg -x ${deb} failed"
	done
	[[ -n "${JVM_DIR}" ]] || return 0
	links=$(find "${dest}/root/${JVM_DIR}" -type l)
	while IFS= read -r link; do
		target=$(readlink "${link}")
		[[ "${target}" == "${ETC_DIR}"* ]] || continue
		if [[ -e "${dest}/root${target}" ]]; then
			ln -sfn "${dest}/root${target}" "${link}"
		else
			rm "${link}"
		fi
	done <<<"${links}"
}

# Usage: fetch_jdk::_patch_elves VERSION DEST_DIR
# Trixie's JDK needs trixie's glibc (2.38 or later). Every ELF file under usr/lib/jvm gets the
# unpacked loader as its interpreter (executables only: libraries have none) and the unpacked
# library directory after its own run path. --force-rpath writes DT_RPATH rather than RUNPATH:
# RPATH also applies to the libraries a library loads, which is how libjvm.so finds libstdc++.
# patchelf is trixie's own, so it is run through that same loader.
fetch_jdk::_patch_elves() {
	local version=$1 dest=$2
	local root="${dest}/root"
	local libdir="${root}/usr/lib/x86_64-linux-gnu"
	local loader="${libdir}/ld-linux-x86-64.so.2"
	local -a patchelf=("${loader}" --library-path "${libdir}" "${root}/usr/bin/patchelf")
	local file files magic old_rpath
	[[ -x "${loader}" ]] || fetch_jdk::_fail "${version}" "trixie's libc6 has no ${loader}"
	files=$(find "${root}/usr/lib/jvm" -type f)
	while IFS= read -r file; do
		magic=$(head -c 4 "${file}" | tr -d '\0')
		[[ "${magic}" == $'\177ELF' ]] || continue
		if "${patchelf[@]}" --print-interpreter "${file}" >/dev/null 2>&1; then
			"${patchelf[@]}" --set-interpreter "${loader}" "${file}" ||
				fetch_jdk::_fail "${version}" "patchelf --set-interpreter failed on ${file}"
		fi
		old_rpath=$("${patchelf[@]}" --print-rpath "${file}")
		"${patchelf[@]}" --force-rpath --set-rpath "${old_rpath:+${old_rpath}:}${libdir}" "${file}" ||
			fetch_jdk::_fail "${version}" "patchelf --set-rpath failed on ${file}"
	done <<<"${files}"
}

# Usage: fetch_jdk::_join SEPARATOR WORD...
fetch_jdk::_join() {
	local IFS=$1
	shift
	echo "$*"
}

# Usage: fetch_jdk::_wanted
# The suites and components of SOURCES, for messages: "trixie main, trixie-security main".
fetch_jdk::_wanted() {
	local entry kind suite component rest
	local -a wanted=()
	for entry in "${SOURCES[@]}"; do
		read -r kind suite component rest <<<"${entry}"
		wanted+=("${suite} ${component}")
	done
	fetch_jdk::_join , "${wanted[@]}" | sed 's/,/, /g'
}

# Usage: fetch_jdk::_missing_debs DEST_DIR
# The PACKAGES with no .deb downloaded yet, space-separated; empty when all are there.
fetch_jdk::_missing_debs() {
	local dest=$1 package deb
	local -a missing=()
	for package in "${PACKAGES[@]}"; do
		deb=$(fetch_jdk::_deb "${dest}" "${package}")
		[[ -n "${deb}" ]] || missing+=("${package}")
	done
	echo "${missing[*]}"
}

fetch_jdk::_deb() {
	local dest=$1 package=$2
	[[ -d "${dest}/debs" ]] || return 0
	find "${dest}/debs" -maxdepth 1 -name "${package}_*.deb" -print -quit
}

fetch_jdk::_no_mirror() {
	local version=$1 kind=$2 what=Debian
	[[ "${kind}" == archive ]] || what="Debian security"
	cat >&2 <<MESSAGE
Error: could not provide ${WHAT} for ${PURPOSE}: this machine's apt configuration (${APT_ETC}/sources.list, ${APT_ETC}/sources.list.d/*.list and *.sources) names no ${what} mirror; add the mirror you use there (a deb line or a deb822 stanza for a Debian suite), then run 'make jdks' again.
MESSAGE
	exit 1
}

fetch_jdk::_fail() {
	local version=$1 reason=$2 wanted
	wanted=$(fetch_jdk::_wanted)
	cat >&2 <<MESSAGE
Error: could not provide ${WHAT} for ${PURPOSE}: ${reason}. It is fetched with apt-get download (no system install) from the Debian mirror in this machine's apt configuration; check that the mirror is reachable and serves ${wanted}, then run 'make jdks' again.
MESSAGE
	exit 1
}

main "$@"
