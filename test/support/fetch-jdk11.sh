#!/usr/bin/env bash
# Usage: fetch-jdk11.sh DEST_DIR
# Puts a runnable JDK 11 (Debian bullseye's openjdk-11-jre-headless) under DEST_DIR and prints its
# JAVA_HOME. The GC matrix test runs the agent on it: JDK 11 is the oldest JDK this machine runs.
#
# Never a system install: apt-get only downloads the .deb, with its own sources list, package
# lists and cache under DEST_DIR, and dpkg -x unpacks it there. Idempotent: a JDK already unpacked
# and working is reused without touching the network.
set -euo pipefail
shopt -s inherit_errexit

readonly SUITE=bullseye
readonly MIRROR=http://deb.debian.org/debian
readonly KEYRING=/usr/share/keyrings/debian-archive-bullseye-stable.gpg
readonly PACKAGE=openjdk-11-jre-headless
readonly JVM_DIR=usr/lib/jvm/java-11-openjdk-amd64

main() {
  local dest=${1:?Usage: fetch-jdk11.sh DEST_DIR}
  mkdir -p "${dest}"
  dest=$(cd "${dest}" && pwd)
  local java_home="${dest}/root/${JVM_DIR}"

  if "${java_home}/bin/java" -version >/dev/null 2>&1; then
    echo "${java_home}"
    return
  fi
  rm -rf "${dest}/root"
  fetch_jdk11::_download "${dest}"
  local deb
  deb=$(fetch_jdk11::_deb "${dest}")
  [[ -n "${deb}" ]] || fetch_jdk11::_fail "apt-get download left no ${PACKAGE} .deb" "${dest}"
  fetch_jdk11::_unpack "${deb}" "${dest}"
  "${java_home}/bin/java" -version >/dev/null 2>&1 ||
    fetch_jdk11::_fail "the unpacked JDK does not run (${java_home}/bin/java -version)" "${dest}"
  echo "${java_home}"
}

# apt-get with every path pointing into DEST_DIR, so the system's apt state is never read or written.
fetch_jdk11::_download() {
  local dest=$1 deb user
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
  deb=$(fetch_jdk11::_deb "${dest}")
  [[ -z "${deb}" ]] || return 0
  echo "deb [signed-by=${KEYRING}] ${MIRROR} ${SUITE} main" >"${dest}/sources.list"
  "${apt[@]}" update >&2 ||
    fetch_jdk11::_fail "apt-get update of ${SUITE} on ${MIRROR} failed" "${dest}"
  (cd "${dest}/debs" && "${apt[@]}" download "${PACKAGE}" >&2) ||
    fetch_jdk11::_fail "apt-get download ${PACKAGE} failed" "${dest}"
}

# The package links some files (jvm.cfg, conf/, security files) to /etc/java-11-openjdk, which
# exists only after a real install; point those links at the unpacked copy of /etc instead.
fetch_jdk11::_unpack() {
  local deb=$1 dest=$2 links link target
  dpkg -x "${deb}" "${dest}/root" || fetch_jdk11::_fail "dpkg -x ${deb} failed" "${dest}"
  links=$(find "${dest}/root/${JVM_DIR}" -type l)
  while IFS= read -r link; do
    target=$(readlink "${link}")
    if [[ "${target}" == /etc/java-11-openjdk* && -e "${dest}/root${target}" ]]; then
      ln -sfn "${dest}/root${target}" "${link}"
    fi
  done <<<"${links}"
}

fetch_jdk11::_deb() {
  local dest=$1
  find "${dest}/debs" -maxdepth 1 -name "${PACKAGE}_*.deb" -print -quit
}

fetch_jdk11::_fail() {
  local reason=$1 dest=$2
  cat >&2 <<MESSAGE
Error: could not provide JDK 11 for the GC matrix test: ${reason}.
The test needs Debian ${SUITE}'s ${PACKAGE}, fetched with apt-get download (no system install)
into ${dest}. Check that ${MIRROR} is reachable and serves ${SUITE}, then run 'make java' again.
MESSAGE
  exit 1
}

main "$@"
