#!/usr/bin/env node
// Usage: first-response.js COMMAND [ARG ...]   (PORT in the environment; every "{port}" in an
// argument is replaced by it)
// Starts COMMAND, polls http://127.0.0.1:PORT/ every millisecond, and prints the milliseconds from
// the start to the first HTTP 200. Then kills the process, and fails if it exited or no 200 came
// within 60 s.
'use strict';

const { spawn } = require('child_process');
const http = require('http');

const port = Number(process.env.PORT);
const [command, ...args] = process.argv.slice(2).map((arg) => arg.replaceAll('{port}', String(port)));
const started = process.hrtime.bigint();
const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
let done = false;

const finish = (code, message) => {
  if (done) return;
  done = true;
  child.kill('SIGKILL');
  if (message) console.log(message);
  process.exitCode = code;
};

child.on('exit', (status) => finish(1, `exited (${status}) before answering`));
setTimeout(() => finish(1, 'no HTTP 200 within 60 s'), 60_000).unref();

const poll = () => {
  if (done) return;
  const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (response) => {
    response.resume();
    if (response.statusCode === 200) {
      const millis = Number(process.hrtime.bigint() - started) / 1e6;
      finish(0, millis.toFixed(1));
    } else {
      setTimeout(poll, 1);
    }
  });
  request.on('error', () => setTimeout(poll, 1));
};
poll();
