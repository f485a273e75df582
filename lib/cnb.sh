#!/usr/bin/env bash
# Cloud Native Buildpacks: the launch layer that carries the agent into the app image, and its
# exec.d program. Spec: https://github.com/buildpacks/spec/blob/main/buildpack.md#layers
# Sourced by bin/build.

readonly AGENT_LAYER=jvm-metrics-agent

# Creates LAYERS_DIR/jvm-metrics-agent afresh, with the verified jar, the exec.d program and the
# dyno-start rules it sources (start-rules.sh), then declares it a launch layer in
# LAYERS_DIR/jvm-metrics-agent.toml. The layer is rebuilt on every build (it is small, and identical bytes give the exporter an identical layer to reuse).
# Usage: cnb::install_agent_layer "${BUILDPACK_DIR}" "${LAYERS_DIR}"
cnb::install_agent_layer() {
	local buildpack_dir=$1 layers_dir=$2
	local layer="${layers_dir}/${AGENT_LAYER}"
	rm -rf -- "${layer}"
	agent::install "${buildpack_dir}" "${layer}"
	# Its "Installed" lines are for bin/compile; bin/build says what the layer holds in one.
	agent::install_bootstraps "${buildpack_dir}" "${layer}" "${AGENT_LAYER}" >/dev/null
	files::install "${buildpack_dir}/lib/start-rules.sh" "${layer}/start-rules.sh" 644
	files::install "${buildpack_dir}/lib/exec.d/jvm-metrics-agent" "${layer}/exec.d/jvm-metrics-agent" 755
	local sha256
	sha256=$(agent::expected_sha256 "${buildpack_dir}")
	cnb::_write_layer_metadata "${layers_dir}/${AGENT_LAYER}.toml" "${sha256}"
}

# Writes the layer's content metadata: launch only (the app needs it, later buildpacks and later
# builds do not), with the jar's checksum for whoever inspects the image.
# Usage: cnb::_write_layer_metadata FILE SHA256
cnb::_write_layer_metadata() {
	local file=$1 sha256=$2
	local temporary
	temporary=$(mktemp "${file}.XXXXXX")
	cat >"${temporary}" <<-EOF
		[types]
		launch = true
		build = false
		cache = false

		[metadata]
		agent_sha256 = "${sha256}"
	EOF
	mv -f -T -- "${temporary}" "${file}"
}
