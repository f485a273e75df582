#!/usr/bin/env node
// Usage: summarize-steady.js RESULTS.tsv
// Reads steady.sh's rows (jdk, variant, round, VmRSS KB, classes loaded, process CPU ms at one
// minute; the agent thread's CPU ns after the first report; its CPU ns, bytes allocated and
// reports delivered from the first minute to the end) and prints, per JDK, one line per variant:
// medians over the rounds, and the median of the per-round differences from no agent (the JVMs of
// one round ran side by side, so their difference is what the agent adds). bootstrap-otlp's
// reports are its OTLP exports, at the same 5 s interval (OTEL_METRIC_EXPORT_INTERVAL=5000).
'use strict';

const fs = require('fs');

const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map((line) => {
  const f = line.split('\t');
  const number = (s) => (s === '' || s === undefined ? null : Number(s));
  return {
    jdk: f[0], variant: f[1], round: f[2], rss: Number(f[3]) / 1024, classes: Number(f[4]),
    cpu: Number(f[5]), first: number(f[6]), steadyNs: number(f[7]), steadyBytes: number(f[8]),
    steadyReports: number(f[9]),
  };
});

const median = (values) => {
  const sorted = values.filter((v) => v !== null && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const signed = (v, digits) => (v === null ? '' : `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`);
const plain = (v, digits) => (v === null ? '' : v.toFixed(digits));
const pad = (s, n) => String(s).padStart(n);

for (const jdk of [...new Set(rows.map((r) => r.jdk))]) {
  const ofJdk = rows.filter((r) => r.jdk === jdk);
  const base = new Map(ofJdk.filter((r) => r.variant === 'plain').map((r) => [r.round, r]));
  console.log(`JDK ${jdk}, idle JVM (run from a jar, Serial GC, -Xmx256m), default 5 s interval; medians of ${base.size} rounds`);
  console.log(`  ${'variant'.padEnd(14)} ${pad('RSS MB', 7)} ${pad('Δ', 6)} ${pad('classes', 7)} ` +
    `${pad('Δ', 5)} ${pad('CPU ms', 6)} ${pad('Δ', 5)}  ${pad('1st report', 10)} ` +
    `${pad('per report', 10)} ${pad('alloc/report', 12)}`);
  console.log(`  ${''.padEnd(14)} ${pad('(after the first minute, Δ over no agent)', 41)}  ` +
    `${pad('thread CPU ms', 13)} ${pad('thread CPU ms', 13)} ${pad('bytes', 9)}`);
  const order = ['plain', 'empty-agent', 'javaagent', 'bootstrap', 'bootstrap-otlp'];
  const variants = [...new Set(ofJdk.map((r) => r.variant))]
    .sort((a, b) => order.indexOf(a) - order.indexOf(b));
  for (const variant of variants) {
    const own = ofJdk.filter((r) => r.variant === variant);
    const delta = (key) => median(own.filter((r) => base.has(r.round))
      .map((r) => r[key] - base.get(r.round)[key]));
    const perReport = (key, scale) => median(own.filter((r) => r.steadyReports > 0)
      .map((r) => r[key] / r.steadyReports / scale));
    console.log(`  ${variant.padEnd(14)} ${pad(plain(median(own.map((r) => r.rss)), 1), 7)} ` +
      `${pad(variant === 'plain' ? '' : signed(delta('rss'), 1), 6)} ` +
      `${pad(plain(median(own.map((r) => r.classes)), 0), 7)} ` +
      `${pad(variant === 'plain' ? '' : signed(delta('classes'), 0), 5)} ` +
      `${pad(plain(median(own.map((r) => r.cpu)), 0), 6)} ` +
      `${pad(variant === 'plain' ? '' : signed(delta('cpu'), 0), 5)}  ` +
      `${pad(plain(median(own.map((r) => (r.first === null ? null : r.first / 1e6))), 1), 10)} ` +
      `${pad(plain(perReport('steadyNs', 1e6), 2), 13)} ` +
      `${pad(plain(perReport('steadyBytes', 1), 0), 12)}`);
  }
  // The RSS difference of each round, not only their median: it moves from run to run.
  const spread = variants.filter((v) => v !== 'plain').map((variant) => `${variant} ` +
    ofJdk.filter((r) => r.variant === variant && base.has(r.round))
      .sort((a, b) => Number(a.round) - Number(b.round))
      .map((r) => signed(r.rss - base.get(r.round).rss, 1)).join(' '));
  console.log(`  RSS Δ round by round: ${spread.join('; ')}`);
  console.log('');
}
console.log('CPU figures depend on what else the machine runs (say so beside them); classes hardly do.');
console.log('RSS moves by up to a megabyte between rounds: glibc\'s malloc arenas keep a varying share');
console.log('of freed memory (docs/performance.md, "Fifth pass"). Per report: the agent thread from the');
console.log('first minute to the end, interpreted.');
console.log('bootstrap-otlp: the bootstrap exporting OTLP/protobuf (OTEL_EXPORTER_OTLP_ENDPOINT) instead of');
console.log('reporting to Heroku, every 5 s (OTEL_METRIC_EXPORT_INTERVAL=5000; OpenTelemetry\'s default is 60 s).');
