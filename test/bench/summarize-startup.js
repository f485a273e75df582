#!/usr/bin/env node
// Usage: summarize-startup.js RESULTS.tsv RUNS
// Reads startup.sh's rows (variant, round, wall s, CPU s, peak RSS KB) and prints one line per
// variant: the median and range of wall time, CPU time and peak RSS, and the median of the
// per-round differences from plain java (Δplain) and from the empty-agent floor (Δfloor), and the
// ratio of the wall-time median to the floor's (÷floor).
'use strict';

const fs = require('fs');

const [file, runs] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => {
  const [variant, round, wallSeconds, cpuSeconds, rssKb] = line.split('\t');
  return {
    variant,
    round,
    wall: Number(wallSeconds) * 1000,
    cpu: Number(cpuSeconds) * 1000,
    rss: Number(rssKb) / 1024,
  };
});

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const range = (values, digits) =>
  `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;

const variants = [...new Set(rows.map((row) => row.variant))];
const of = (variant) => rows.filter((row) => row.variant === variant);
const byRound = (variant) => new Map(of(variant).map((row) => [row.round, row]));
const plain = byRound('plain');
const floor = byRound('empty-agent');
const floorWall = median(of('empty-agent').map((row) => row.wall));

// One column group: median (min-max), then the medians of the paired differences.
const group = (mine, key, digits) => {
  const values = mine.map((row) => row[key]);
  const fromPlain = median(mine.map((row) => row[key] - plain.get(row.round)[key]));
  const fromFloor = median(mine.map((row) => row[key] - floor.get(row.round)[key]));
  return [
    `${median(values).toFixed(digits)} (${range(values, digits)})`.padEnd(digits ? 22 : 16),
    fromPlain.toFixed(digits ? 2 : 1).padStart(7),
    fromFloor.toFixed(digits ? 2 : 1).padStart(7),
  ].join(' ');
};

console.log(`Start-up: hello world, ${runs} paired rounds, order rotating; medians`);
console.log([
  'variant'.padEnd(19),
  'wall ms (min-max)'.padEnd(16), ' Δplain', ' Δfloor', '÷floor',
  'CPU ms (min-max)'.padEnd(16), ' Δplain', ' Δfloor',
  'peak RSS MB (min-max)'.padEnd(22), ' Δplain', ' Δfloor',
].join(' '));
for (const variant of variants) {
  const mine = of(variant);
  console.log([
    variant.padEnd(19),
    group(mine, 'wall', 0),
    (median(mine.map((row) => row.wall)) / floorWall).toFixed(3).padStart(6),
    group(mine, 'cpu', 0),
    group(mine, 'rss', 1),
  ].join(' '));
}
console.log('(Δplain, Δfloor: median of each round\'s difference from that round\'s plain java and ' +
  'empty-agent runs)');
