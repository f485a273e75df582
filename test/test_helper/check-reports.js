#!/usr/bin/env node
// Usage: check-reports.js RECORD_FILE MIN_REPORTS
// Checks every report metrics-endpoint.js recorded (one JSON line each) as a whole payload:
// request line and headers, counters under "counters" and gauges under "gauges", every
// Heroku-compatible name present, and every number a finite, non-negative JSON number.
// Prints one line per report that passes; exits 1 with every problem listed otherwise.
'use strict';

const fs = require('fs');

const GAUGES = [
  'jvm_memory_bytes_used.area_heap',
  'jvm_memory_bytes_used.area_nonheap',
  'jvm_memory_bytes_committed.area_heap',
  'jvm_memory_bytes_committed.area_nonheap',
  'jvm_buffer_pool_bytes_used.name_direct',
  'jvm_buffer_pool_bytes_used.name_mapped',
  'jvm_threads_current',
];
const COUNTERS = [
  'jvm_gc_collection_seconds_count.gc_all',
  'jvm_gc_pause_seconds_sum',
  'jvm_gc_pause_seconds_count',
];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function check(report, number) {
  const problems = [];
  const fail = (message) => problems.push(`report ${number}: ${message}`);
  const headers = report.headers || {};
  if (report.method !== 'POST') fail(`method is ${report.method}, not POST`);
  if (headers['content-type'] !== 'application/json') fail(`Content-Type is ${headers['content-type']}`);
  if (headers['measurements-count'] !== '1') fail(`Measurements-Count is ${headers['measurements-count']}`);
  const time = headers['measurements-time'] || '';
  if (!RFC3339.test(time) || Number.isNaN(Date.parse(time))) fail(`Measurements-Time '${time}' is not RFC 3339`);
  if (!String(headers['user-agent'] || '').startsWith('jvm-metrics-agent/')) fail(`User-Agent is '${headers['user-agent']}'`);
  const body = report.body;
  if (!body || typeof body !== 'object') return [...problems, `report ${number}: body is not JSON: ${report.raw}`];
  const extra = Object.keys(body).filter((key) => key !== 'counters' && key !== 'gauges');
  if (extra.length) fail(`unexpected top-level keys ${extra.join(', ')}`);
  const counters = body.counters || {};
  const gauges = body.gauges || {};
  for (const name of GAUGES) {
    if (!(name in gauges)) fail(`gauge ${name} missing${name in counters ? ' (found under counters)' : ''}`);
  }
  for (const name of COUNTERS) {
    if (!(name in counters)) fail(`counter ${name} missing${name in gauges ? ' (found under gauges)' : ''}`);
  }
  const collectors = Object.keys(counters)
    .map((name) => /^jvm_gc_collection_seconds_count\.gc_(.+)$/.exec(name))
    .filter((match) => match && match[1] !== 'all')
    .map((match) => match[1]);
  if (collectors.length === 0) fail('no per-collector jvm_gc_collection_seconds_count.gc_<Bean_Name> counter');
  for (const collector of collectors) {
    if (!/^[A-Za-z0-9_]+$/.test(collector)) fail(`collector name gc_${collector} is not a bean name with spaces as _`);
    if (!(`jvm_gc_collection_seconds_sum.gc_${collector}` in counters)) fail(`no jvm_gc_collection_seconds_sum.gc_${collector}`);
  }
  for (const [section, values] of [['counters', counters], ['gauges', gauges]]) {
    for (const [name, value] of Object.entries(values)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`${section}.${name} is ${JSON.stringify(value)}`);
    }
  }
  if (problems.length === 0) {
    console.log(`report ${number}: ok, ${Object.keys(gauges).length} gauges, ${Object.keys(counters).length} counters, collectors ${collectors.join(' ')}`);
  }
  return problems;
}

const [file, minimum] = process.argv.slice(2);
const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
const problems = lines.flatMap((line, index) => check(JSON.parse(line), index + 1));
if (lines.length < Number(minimum)) problems.push(`${lines.length} reports recorded, expected at least ${minimum}`);
if (problems.length) {
  console.log(problems.join('\n'));
  process.exit(1);
}
