#!/usr/bin/env node
// Usage: summarize-framework.js RESULTS.tsv RUNS
// Reads framework.sh's rows (variant, round, ms to first HTTP 200) and prints, per variant, the
// median and range, and the median of each round's difference from that round's plain run.
'use strict';

const fs = require('fs');

const [file, runs] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => {
  const [variant, round, ms] = line.split('\t');
  return { variant, round, ms: Number(ms) };
});
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const of = (variant) => rows.filter((row) => row.variant === variant);
const plain = new Map(of('plain').map((row) => [row.round, row.ms]));

console.log(`Javalin 6.3 hello world, time to first HTTP 200, ${runs} paired rounds; medians`);
console.log(['variant'.padEnd(13), 'ms (min-max)'.padEnd(24), 'Δplain ms'].join(' '));
for (const variant of [...new Set(rows.map((row) => row.variant))]) {
  const mine = of(variant);
  const ms = mine.map((row) => row.ms);
  console.log([
    variant.padEnd(13),
    `${median(ms).toFixed(1)} (${Math.min(...ms).toFixed(1)}-${Math.max(...ms).toFixed(1)})`.padEnd(24),
    median(mine.map((row) => row.ms - plain.get(row.round))).toFixed(1).padStart(9),
  ].join(' '));
}
