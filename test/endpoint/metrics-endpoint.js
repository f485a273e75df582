#!/usr/bin/env node
// A local stand-in for Heroku's metrics endpoint (HEROKU_METRICS_URL), used by the bats suites,
// `make demo` and `make bench`. It listens on 127.0.0.1 only, answers every POST with one status,
// and records each report as one JSON line and/or prints it as a table. An OTLP/HTTP export (a
// protobuf body, or JSON to a path ending in /v1/metrics: make bench's OTLP variants) is recorded
// without its body (its size only) and answered as an OTLP receiver answers, with an empty
// ExportMetricsServiceResponse in the export's encoding: an exporter reads that answer, and one
// that is not OTLP would cost it a parse error at every export.
//
// Usage: metrics-endpoint.js [--port N] [--port-file FILE] [--record FILE] [--pretty]
//                            [--duration SECONDS] [--status CODE]
'use strict';

const fs = require('fs');
const http = require('http');

function parseArgs(argv) {
  const options = { port: 0, portFile: null, record: null, pretty: false, duration: 0, status: 200 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case '--port': options.port = Number(value()); break;
      case '--port-file': options.portFile = value(); break;
      case '--record': options.record = value(); break;
      case '--pretty': options.pretty = true; break;
      case '--duration': options.duration = Number(value()); break;
      case '--status': options.status = Number(value()); break;
      default: usage(`unknown option ${arg}`);
    }
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) usage('--port takes 0-65535');
  if (!(options.duration >= 0)) usage('--duration takes a number of seconds');
  if (!Number.isInteger(options.status) || options.status < 100 || options.status > 599) usage('--status takes an HTTP status');
  return options;
}

function usage(problem) {
  process.stderr.write(`metrics-endpoint: ${problem}\n` +
    'usage: metrics-endpoint.js [--port N] [--port-file FILE] [--record FILE] [--pretty] [--duration S] [--status CODE]\n');
  process.exit(2);
}

// Prints one report as two small tables, numbers right-aligned.
function printReport(number, headers, report) {
  const lines = [`report ${number}  (Measurements-Time ${headers['measurements-time'] || '?'}, ${headers['user-agent'] || '?'})`];
  const names = [...Object.keys(report.gauges || {}), ...Object.keys(report.counters || {})];
  const width = Math.max(0, ...names.map((name) => name.length));
  for (const section of ['gauges', 'counters']) {
    const entries = Object.entries(report[section] || {});
    lines.push(`  ${section}${section === 'counters' ? ' (since the previous report)' : ''}`);
    for (const [name, value] of entries) {
      lines.push(`    ${name.padEnd(width)}  ${String(value).padStart(14)}`);
    }
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

// 'protobuf' or 'json' for an OTLP/HTTP export, else null (a Heroku report, also JSON, goes to any
// other path).
function otlpEncoding(request) {
  const type = (request.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-protobuf') return 'protobuf';
  const path = (request.url || '').split('?')[0];
  return type === 'application/json' && path.endsWith('/v1/metrics') ? 'json' : null;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  let count = 0;
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const otlp = otlpEncoding(request);
      const raw = otlp ? '' : bytes.toString('utf8');
      let body = null;
      try { body = otlp ? null : JSON.parse(raw); } catch (e) { body = null; }
      count += 1;
      const entry = { time: new Date().toISOString(), method: request.method, path: request.url,
                      headers: request.headers, bytes: bytes.length, body, otlp: otlp || undefined,
                      raw: body === null && !otlp ? raw : undefined };
      if (options.record) fs.appendFileSync(options.record, JSON.stringify(entry) + '\n');
      if (options.pretty) {
        if (otlp) process.stdout.write(`report ${count}: OTLP/${otlp} export, ${bytes.length} bytes\n`);
        else if (body) printReport(count, request.headers, body);
        else process.stdout.write(`report ${count}: not JSON: ${raw.slice(0, 200)}\n`);
      }
      if (otlp && options.status < 300) {
        // An empty ExportMetricsServiceResponse: no partial success.
        response.writeHead(options.status, { 'Content-Type': otlp === 'protobuf' ? 'application/x-protobuf' : 'application/json' });
        response.end(otlp === 'protobuf' ? '' : '{}');
        return;
      }
      response.writeHead(options.status, { 'Content-Type': 'text/plain' });
      response.end(options.status < 300 ? 'ok\n' : 'refused\n');
    });
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.listen(options.port, '127.0.0.1', () => {
    const port = server.address().port;
    if (options.portFile) fs.writeFileSync(options.portFile + '.tmp', `${port}\n`);
    if (options.portFile) fs.renameSync(options.portFile + '.tmp', options.portFile);
    if (options.pretty) process.stdout.write(`metrics endpoint listening on http://127.0.0.1:${port}/\n`);
  });
  if (options.duration > 0) setTimeout(stop, options.duration * 1000).unref();
}

main();
