#!/usr/bin/env node
// Usage: check-victoria-metrics.js VM_URL TOTALS_FILE LABELS_JSON
// The OTLP end-to-end check (test/otlp-victoria-metrics.bats): asks VictoriaMetrics' HTTP API
// for every jvm.* series it ingested from the agent, and compares them with the JVM's own totals
// at exit, as test/fixtures/otlp-app/GcTotals.java printed them (TOTALS_FILE):
//   - collections (jvmmetrics.gc.collection.count) equal to the beans' total at exit, stop-the-world
//     pauses (jvmmetrics.gc.pause.count, .time) at least the beans' pauses, and jvm.gc.duration per
//     bean within what the bean counted (it counts from the moment the agent listens);
//   - heap used (jvm.memory.used, summed over the heap pools) is above zero and at most heap
//     committed, which is within the JVM's own heap committed at exit, halved or doubled;
//   - the stable names are there: jvm.memory.used|committed, jvm.gc.duration, jvm.thread.count,
//     jvm.class.loaded, jvm.cpu.time;
//   - every series carries the resource attributes in LABELS_JSON as labels.
// Cumulative series: the latest sample of each is the total. Prints one line per check that
// passed and the query's answer for jvm.gc.duration's count; exits 1 listing every problem.
'use strict';

const fs = require('fs');

const REQUIRED = ['jvm.memory.used', 'jvm.memory.committed', 'jvm.gc.duration_count',
  'jvm.thread.count', 'jvm.class.loaded', 'jvm.cpu.time', 'jvmmetrics.gc.collection.count'];

async function get(base, path) {
  const response = await fetch(base + path);
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text}`);
  return text;
}

function latest(series) {
  let at = -1;
  let value;
  series.timestamps.forEach((timestamp, i) => {
    if (timestamp >= at) {
      at = timestamp;
      value = series.values[i];
    }
  });
  return value;
}

function totals(file) {
  const gcs = new Map();
  let heap;
  let at;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const fields = line.split('\t');
    if (fields[0] === 'gc') gcs.set(fields[1], { count: Number(fields[2]), millis: Number(fields[3]) });
    if (fields[0] === 'heap') heap = { used: Number(fields[1]), committed: Number(fields[2]) };
    if (fields[0] === 'at') at = Number(fields[1]);
  }
  if (!gcs.size || !heap || !at) throw new Error(`${file} holds no gc, heap or at line: the app did not finish`);
  return { gcs, heap, at };
}

async function main() {
  const [base, totalsFile, labelsJson] = process.argv.slice(2);
  const jvm = totals(totalsFile);
  const labels = JSON.parse(labelsJson);
  const problems = [];
  const passed = [];
  // The agent's final export at shutdown follows the app's reading (at): wait until
  // VictoriaMetrics shows a sample from then on. It makes ingested rows searchable
  // asynchronously, a second or so after the request, even after a forced flush.
  const match = encodeURIComponent('{__name__=~"jvm[.].*|jvmmetrics[.].*"}');
  const giveUp = Date.now() + 60_000;
  let series = [];
  for (;;) {
    await get(base, '/internal/force_flush');
    const exported = await get(base, `/api/v1/export?match[]=${match}`);
    series = exported.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
    if (series.some((s) => s.timestamps.some((t) => t >= jvm.at))) break;
    if (Date.now() > giveUp) {
      console.log(`VictoriaMetrics holds no jvm.* sample from ${jvm.at} on (the app's exit): `
        + `${series.length} series before it; the agent's final export is missing`);
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const named = (name) => series.filter((s) => s.metric.__name__ === name);

  for (const name of REQUIRED) {
    if (named(name).length) passed.push(`${name}: ${named(name).length} series`);
    else problems.push(`no ${name} series (names seen: ${[...new Set(series.map((s) => s.metric.__name__))].join(', ')})`);
  }

  // Collections: every collector bean's count, except the "… Pauses" beans of ZGC and
  // Shenandoah, whose pauses are not collections (docs/metrics.md, GC accounting). Read from the
  // beans by the agent too, so the totals at exit are equal.
  let collections = 0;
  let pauses = 0;
  let pauseMillis = 0;
  for (const [gc, own] of jvm.gcs) {
    if (gc.endsWith(' Pauses')) {
      pauses += own.count;
      pauseMillis += own.millis;
    } else {
      collections += own.count;
      if (!gc.endsWith(' Cycles')) {
        pauses += own.count;
        pauseMillis += own.millis;
      }
    }
  }
  const total = (name) => named(name).reduce((sum, s) => sum + latest(s), 0);
  const exportedCollections = total('jvmmetrics.gc.collection.count');
  if (exportedCollections !== collections) {
    problems.push(`jvmmetrics.gc.collection.count is ${exportedCollections}, the JVM's beans counted ${collections}`);
  } else passed.push(`jvmmetrics.gc.collection.count ${collections}, as the JVM's beans counted`);
  // Stop-the-world pauses come from the JVM's performance counters, which also count the pauses
  // no bean reports (G1's remark and cleanup before JDK 20): at least the beans' pauses.
  const exportedPauses = total('jvmmetrics.gc.pause.count');
  const exportedPauseMillis = total('jvmmetrics.gc.pause.time') * 1000;
  if (exportedPauses < pauses || exportedPauseMillis < pauseMillis - pauses - 1) {
    problems.push(`jvmmetrics.gc.pause.count/time ${exportedPauses}/${exportedPauseMillis.toFixed(3)} ms is below the beans' stop-the-world ${pauses}/${pauseMillis} ms`);
  } else {
    passed.push(`jvmmetrics.gc.pause.count/time ${exportedPauses}/${exportedPauseMillis.toFixed(3)} ms; the beans' stop-the-world ${pauses}/${pauseMillis} ms`);
  }
  // jvm.gc.duration counts every GC notification from the moment the agent listens, per bean:
  // never more than the bean counted, and with its durations adding up to no more than the
  // bean's time (each event's duration is whole milliseconds, hence the slack of 1 ms each).
  for (const [gc, own] of jvm.gcs) {
    const count = named('jvm.gc.duration_count').filter((s) => s.metric['jvm.gc.name'] === gc)
      .reduce((sum, s) => sum + latest(s), 0);
    const millis = named('jvm.gc.duration_sum').filter((s) => s.metric['jvm.gc.name'] === gc)
      .reduce((sum, s) => sum + latest(s), 0) * 1000;
    if (count > own.count || millis > own.millis + count + 1) {
      problems.push(`${gc}: jvm.gc.duration holds ${count} collections, ${millis.toFixed(3)} ms; the bean counted ${own.count}, ${own.millis} ms`);
    } else {
      passed.push(`${gc}: jvm.gc.duration ${count} collections, ${millis.toFixed(3)} ms; the bean counted ${own.count}, ${own.millis} ms`);
    }
  }
  if (collections > 0 && total('jvm.gc.duration_count') === 0) {
    problems.push('jvm.gc.duration counted no collection at all');
  }

  const heapOf = (name) => named(name)
    .filter((s) => s.metric['jvm.memory.type'] === 'heap')
    .reduce((total, s) => total + latest(s), 0);
  const used = heapOf('jvm.memory.used');
  const committed = heapOf('jvm.memory.committed');
  if (!(used > 0 && used <= committed)) problems.push(`heap used ${used} is not within (0, committed ${committed}]`);
  else if (committed < jvm.heap.committed / 2 || committed > jvm.heap.committed * 2) {
    problems.push(`heap committed ${committed} is far from the JVM's own ${jvm.heap.committed}`);
  } else passed.push(`heap used ${used} of ${committed} committed; the JVM's own: ${jvm.heap.used} of ${jvm.heap.committed}`);

  for (const s of series) {
    for (const [key, value] of Object.entries(labels)) {
      if (s.metric[key] !== value) {
        problems.push(`${s.metric.__name__} has ${key}=${s.metric[key]}, not ${value}`);
      }
    }
  }
  if (!problems.some((p) => p.includes(' has '))) passed.push(`all ${series.length} series carry ${labelsJson}`);

  const promql = 'sum by (jvm.gc.name, service.name, service.instance.id) (jvm.gc.duration_count)';
  const query = await get(base, `/api/v1/query?query=${encodeURIComponent(promql)}&nocache=1`);
  passed.push(`query ${promql}: ${query}`);

  for (const line of passed) console.log(`ok: ${line}`);
  if (problems.length) {
    for (const line of problems) console.log(`problem: ${line}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.log(`check-victoria-metrics: ${error.message}`);
  process.exit(1);
});
