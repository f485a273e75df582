#!/usr/bin/env node
// Usage: cnb-launcher.js EXEC_D_PROGRAM ... -- COMMAND [ARG ...]
// Emulates the part of the Cloud Native Buildpacks launcher that runs exec.d programs
// (https://github.com/buildpacks/spec/blob/main/buildpack.md#launch): each program runs in turn,
// in the current environment, with stdin closed, stdout and stderr passed through and file
// descriptor 3 open for its output. That output must be TOML whose top-level keys are bare keys
// naming environment variables and whose values are strings; it is applied to the environment
// before the next program runs. A program that exits non-zero, or writes anything else, stops the
// launch as the launcher would. Then COMMAND runs in the resulting environment.
'use strict';

const { spawnSync } = require('child_process');
const path = require('path');
const { parse } = require(path.join(__dirname, '..', 'node_modules', 'smol-toml'));

const args = process.argv.slice(2);
const split = args.indexOf('--');
if (split < 1 || split === args.length - 1) {
  process.stderr.write('usage: cnb-launcher.js EXEC_D_PROGRAM ... -- COMMAND [ARG ...]\n');
  process.exit(2);
}
const programs = args.slice(0, split);
const [command, ...commandArgs] = args.slice(split + 1);
const env = { ...process.env };

for (const program of programs) {
  const result = spawnSync(program, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'pipe'] });
  if (result.error) fail(`${program}: ${result.error.message}`);
  if (result.status !== 0) fail(`${program} exited with status ${result.status}`);
  const output = result.output[3].toString('utf8');
  let table;
  try {
    table = parse(output);
  } catch (error) {
    fail(`${program} wrote invalid TOML on fd 3: ${error.message}\n${output}`);
  }
  for (const [name, value] of Object.entries(table)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`${program}: '${name}' is not an environment variable name`);
    if (typeof value !== 'string') fail(`${program}: ${name} is not a string`);
    env[name] = value;
  }
}

const run = spawnSync(command, commandArgs, { env, stdio: 'inherit' });
if (run.error) fail(`${command}: ${run.error.message}`);
process.exit(run.status === null ? 1 : run.status);

function fail(message) {
  process.stderr.write(`cnb-launcher: ${message}\n`);
  process.exit(1);
}
