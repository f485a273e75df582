// The preview as a person uses it: headless Chromium (Debian's package) opens the page while real
// JVMs with the agent report to it as web.1, web.2 and worker.1, every 500 ms. Checks the empty
// state, that every chart has data for each process type, that the STW chart draws safepoint time
// beside GC pauses and the memory chart resident memory, that a legend entry toggles its line,
// that the selector switches type; saves a screenshot and the page's size and load time under
// java-agent/preview/target/. Run by `make browser` (node --test); needs the preview jar and the
// agent jar built, and /usr/bin/chromium (`make chromium` installs Debian's package).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '../..');
const PREVIEW_JAR = path.join(ROOT, 'java-agent/preview/target/jvm-metrics-preview.jar');
const AGENT_JAR = process.env.AGENT_JAR || path.join(ROOT, 'lib/jvm-metrics-agent.jar');
const CHROMIUM = '/usr/bin/chromium';
const OUT = path.join(ROOT, 'java-agent/preview/target');
const CHARTS = ['heap', 'nonheap', 'stw', 'gc', 'alloc', 'threads'];
const DYNOS = [
  { name: 'web.1', main: 'WebApp', env: { LOAD_RPS: '20' } },
  { name: 'web.2', main: 'WebApp', env: { LOAD_RPS: '60' } },
  { name: 'worker.1', main: 'Main', args: ['120'] },
];

const children = [];
let work;
let browser;
let page;
let base;
const pageErrors = [];

function start(command, args, env, name) {
  const child = spawn(command, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = '';
  child.stdout.on('data', (d) => { child.output += d; });
  child.stderr.on('data', (d) => { child.output += d; });
  child.name = name;
  children.push(child);
  return child;
}

async function waitFor(what, check, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

// In the page: which charts have at least one drawn value for the shown type.
function chartsWithData() {
  const state = window.preview;
  const result = {};
  for (const [id, chart] of Object.entries(state.charts)) {
    result[id] = chart.data.slice(1).some((column) => Array.isArray(column) && column.some((v) => v != null));
  }
  return { type: state.type, charts: result };
}

async function waitForAllCharts(type) {
  await page.waitForFunction((args) => {
    const state = window.preview;
    // The page has drawn an answer for the type, not only been asked for it.
    if (!state || state.type !== args.type || !state.last || state.last.type !== args.type) return false;
    const ids = Object.keys(state.charts);
    return args.charts.every((id) => ids.includes(id)) &&
      ids.every((id) => state.charts[id].data.slice(1).some((c) => Array.isArray(c) && c.some((v) => v != null)));
  }, { type, charts: CHARTS }, { timeout: 45_000, polling: 200 });
  return page.evaluate(chartsWithData);
}

before(async () => {
  for (const [file, what] of [[PREVIEW_JAR, 'the preview jar (make preview-jar)'], [AGENT_JAR, 'the agent jar (make java)'],
    [CHROMIUM, 'Chromium (make chromium)']]) {
    assert.ok(fs.existsSync(file), `${what} is missing: ${file}`);
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-browser-'));
  const classes = path.join(work, 'classes');
  execFileSync('javac', ['-d', classes, path.join(ROOT, 'test/fixtures/web/WebApp.java'), path.join(ROOT, 'test/fixtures/app/Main.java')]);

  const portFile = path.join(work, 'port');
  const preview = start('java', ['-jar', PREVIEW_JAR, '--port', '0', '--port-file', portFile, '--period', '1s',
    '--summary-every', '0', '--stop-after', '180s'], {}, 'preview');
  const port = await waitFor('the preview to listen', () => fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').trim(), 20_000)
    .catch((e) => { throw new Error(`${e.message}; preview output: ${preview.output}`); });
  base = `http://127.0.0.1:${port}`;

  // launch() gives the browser a fresh, temporary user-data-dir of its own (Playwright refuses a
  // --user-data-dir argument), removed when it closes.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
});

after(async () => {
  if (browser) await browser.close();
  for (const child of children.reverse()) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('before any report the page says what to do', async () => {
  await page.goto(`${base}/`);
  await page.waitForSelector('#empty:not([hidden])');
  const text = await page.textContent('#empty');
  assert.match(text, /No reports yet/);
  assert.match(text, new RegExp(`HEROKU_METRICS_URL=${base}/dynos/web\\.1`));
  assert.match(text, /-javaagent:lib\/jvm-metrics-agent\.jar/);
  await page.screenshot({ path: path.join(OUT, 'preview-empty.png') });
});

test('every chart has data for each process type, fed by real agents', async () => {
  for (const dyno of DYNOS) {
    start('java', [`-javaagent:${AGENT_JAR}`, '-Xmx128m', '-cp', path.join(work, 'classes'), dyno.main, ...(dyno.args || [])], {
      HEROKU_METRICS_URL: `${base}/dynos/${dyno.name}`, HEROKU_METRICS_INTERVAL: '500ms', DYNO: dyno.name, PORT: '0', ...dyno.env,
    }, dyno.name);
  }
  // The page shows the first type that reported; on a busy machine that may be the worker.
  await page.waitForFunction(() => document.querySelectorAll('#type option').length === 2, null, { timeout: 45_000 });
  const options = await page.$$eval('#type option', (list) => list.map((o) => o.value));
  assert.deepEqual(options, ['web', 'worker']);
  await page.selectOption('#type', 'web');
  const web = await waitForAllCharts('web');
  assert.deepEqual(web.charts, Object.fromEntries(CHARTS.map((id) => [id, true])));

  await page.selectOption('#type', 'worker');
  const worker = await waitForAllCharts('worker');
  assert.deepEqual(worker.charts, Object.fromEntries(CHARTS.map((id) => [id, true])));
  const label = await page.$eval('#type', (select) => select.selectedOptions[0].textContent);
  assert.equal(label, 'worker (1 dyno)');
  const dynos = await page.textContent('#status');
  assert.match(dynos, /worker\.1/);
  assert.doesNotMatch(dynos, /web\.1/);

  await page.selectOption('#type', 'web');
  await waitForAllCharts('web');
  assert.match(await page.textContent('#status'), /web\.1.*web\.2/s);
});

// In the page: whether the series labelled LABEL of chart ID has a drawn value.
function seriesHasData(args) {
  const chart = window.preview.charts[args.id];
  const index = chart ? chart.series.findIndex((s) => s.label === args.label) : -1;
  return index > 0 && chart.data[index].some((v) => v != null);
}

test('the STW chart draws safepoint time and the memory chart resident memory', async () => {
  for (const [id, label] of [['stw', 'Safepoint time, all dynos'], ['stw', 'GC pause time, all dynos'], ['heap', 'Resident max']]) {
    await page.waitForFunction(seriesHasData, { id, label }, { timeout: 20_000, polling: 200 });
  }
  // Each stop series gives its share of the dynos' wall time over the window in its legend entry.
  const legend = await page.$$eval('#chart-stw .u-legend .u-series .u-label', (labels) => labels.map((l) => l.textContent));
  assert.match(legend[1], /^Safepoint time, all dynos \(\d+\.\d{3} % of wall time over the window\)$/);
  assert.match(legend[2], /^GC pause time, all dynos \(\d+\.\d{3} % of wall time over the window\)$/);
});

test('a legend entry toggles its line, as on Heroku', async () => {
  const entry = '#chart-heap .u-legend .u-series:nth-child(4)'; // Time, quota, used max, used avg
  assert.equal((await page.textContent(`${entry} .u-label`)).trim(), 'Heap used avg');
  await page.click(`${entry} .u-label`);
  assert.equal(await page.evaluate(() => window.preview.charts.heap.series[3].show), false);
  assert.match(await page.getAttribute(entry, 'class'), /u-off/);
  await page.click(`${entry} .u-label`);
  assert.equal(await page.evaluate(() => window.preview.charts.heap.series[3].show), true);
  // Left off in the screenshot's other chart, to show what a toggled entry looks like.
  await page.click('#chart-threads .u-legend .u-series:nth-child(5) .u-label');
  assert.equal(await page.evaluate(() => window.preview.charts.threads.series[4].show), false);
  // A refresh keeps the choice.
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => window.preview.charts.threads.series[4].show), false);
});

test('screenshot, page size and load time', async () => {
  await page.waitForTimeout(3000); // a few more periods on the charts
  const screenshot = path.join(OUT, 'preview-screenshot.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  assert.ok(fs.statSync(screenshot).size > 20_000);

  // A fresh page with an empty cache: every byte the page needs, and the time until it is drawn.
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const fresh = await context.newPage();
  const started = Date.now();
  await fresh.goto(`${base}/`, { waitUntil: 'load' });
  await fresh.waitForFunction(() => window.preview && window.preview.charts.heap &&
    window.preview.charts.heap.data[0].length > 0, null, { timeout: 10_000 });
  const drawnMs = Date.now() - started;
  const figures = await fresh.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const files = [navigation, ...resources.filter((r) => !r.name.includes('/api/'))];
    const state = resources.filter((r) => r.name.includes('/api/state'));
    return {
      files: files.length,
      bytes: files.reduce((sum, r) => sum + r.encodedBodySize, 0),
      stateBytes: state.length ? state[state.length - 1].encodedBodySize : 0,
      loadMs: Math.round(navigation.loadEventEnd - navigation.startTime),
    };
  });
  await context.close();
  const line = `page: ${figures.files} files, ${(figures.bytes / 1024).toFixed(1)} KB (uncompressed); ` +
    `load event after ${figures.loadMs} ms, charts drawn after ${drawnMs} ms; ` +
    `one /api/state answer ${(figures.stateBytes / 1024).toFixed(1)} KB`;
  fs.writeFileSync(path.join(OUT, 'preview-page-figures.txt'), `${line}\n`);
  console.log(line);
  console.log(`screenshot: ${path.relative(ROOT, screenshot)}`);
  assert.equal(figures.files, 5);
  assert.deepEqual(pageErrors, []);
});
