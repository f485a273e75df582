#!/usr/bin/env node
// Usage: summarize-startup.js RESULTS.tsv RUNS
// Reads startup.sh's rows (variant, round, wall µs, peak RSS KB) and prints one line per variant:
// median and range of wall time and peak RSS, the ratio of medians to the empty-agent floor, and
// the median of per-round differences from the floor.
'use strict';

const fs = require('fs');

const [file, runs] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => {
  const [variant, round, wallMicros, rssKb] = line.split('\t');
  return { variant, round, wallMs: Number(wallMicros) / 1000, rssMb: Number(rssKb) / 1024 };
});

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const range = (values) => `${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)}`;

const variants = [...new Set(rows.map((row) => row.variant))];
const of = (variant) => rows.filter((row) => row.variant === variant);
const floor = of('empty-agent');
const floorByRound = new Map(floor.map((row) => [row.round, row]));
const floorWall = median(floor.map((row) => row.wallMs));
const floorRss = median(floor.map((row) => row.rssMb));

console.log(`Start-up: hello world, ${runs} runs each, alternating; floor = empty-agent`);
console.log(['variant'.padEnd(15), 'wall ms: median (min-max)'.padEnd(27), '÷floor', 'Δfloor ms',
  'peak RSS MB: median (min-max)'.padEnd(30), 'Δfloor MB'].join(' '));
for (const variant of variants) {
  const mine = of(variant);
  const walls = mine.map((row) => row.wallMs);
  const rss = mine.map((row) => row.rssMb);
  const wallDiffs = mine.map((row) => row.wallMs - floorByRound.get(row.round).wallMs);
  const rssDiffs = mine.map((row) => row.rssMb - floorByRound.get(row.round).rssMb);
  console.log([
    variant.padEnd(15),
    `${median(walls).toFixed(1)} (${range(walls)})`.padEnd(27),
    (median(walls) / floorWall).toFixed(3).padStart(6),
    median(wallDiffs).toFixed(1).padStart(9),
    `${median(rss).toFixed(1)} (${range(rss)})`.padEnd(30),
    median(rssDiffs).toFixed(2).padStart(9),
  ].join(' '));
}
console.log(`(Δfloor: median of each round's difference from that round's empty-agent run; ` +
  `floor medians ${floorWall.toFixed(1)} ms, ${floorRss.toFixed(1)} MB)`);
