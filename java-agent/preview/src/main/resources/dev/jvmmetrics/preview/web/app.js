// The preview page: polls /api/state and draws the six charts with uPlot, one process type at a
// time. Every number arrives aggregated and in display units; this file only lays them out.
'use strict';

// The six charts of Heroku's language metrics, JVM analogs. Each series names a column of
// /api/state; a `scale` of its own puts it on a second axis at the right, ticked in `axis` units; `share`
// names the column of its share of wall time, and `window` that share over the whole window.
const CHARTS = [
  {
    id: 'heap', title: 'Memory: heap, resident and quota', unit: 'MB',
    note: 'Heap used and committed (the GC goal\u2019s analog): the maximum and the average across the dynos. Resident is all the memory the process holds in RAM; what it holds beyond heap and non-heap committed is native memory the JVM does not report (malloc arenas, thread stacks, GC structures). The memory quota is the container\u2019s limit.',
    series: [
      { key: 'memory_quota', label: 'Memory quota', color: '#d04a4a', dash: [6, 4] },
      { key: 'heap_used_max', label: 'Heap used max', color: '#5a3fbf' },
      { key: 'heap_used_avg', label: 'Heap used avg', color: '#a995ee' },
      { key: 'heap_committed_max', label: 'Committed max', color: '#1d8a66' },
      { key: 'heap_committed_avg', label: 'Committed avg', color: '#86ccb1' },
      { key: 'nonheap_committed_max', label: 'Non-heap committed max', color: '#c2621b', dash: [4, 3] },
      { key: 'resident_max', label: 'Resident max', color: '#1b1a24', width: 2.5 },
      { key: 'resident_avg', label: 'Resident avg', color: '#7a7890' },
    ],
  },
  {
    id: 'nonheap', title: 'Memory: non-heap and stacks', unit: 'MB',
    note: 'What the JVM holds outside the heap: metaspace, code cache, direct buffers, and thread stacks where Native Memory Tracking is on.',
    series: [
      { key: 'nonheap_used_max', label: 'Non-heap used max', color: '#c2621b' },
      { key: 'nonheap_used_avg', label: 'Non-heap used avg', color: '#eaa46d' },
      { key: 'nonheap_committed_max', label: 'Committed max', color: '#2e6fb5' },
      { key: 'nonheap_committed_avg', label: 'Committed avg', color: '#8db6e3' },
      { key: 'direct_buffers_max', label: 'Direct buffers max', color: '#7a7890' },
      { key: 'thread_stacks_max', label: 'Thread stacks max', color: '#b0407d' },
    ],
  },
  {
    id: 'stw', title: 'Stop-the-world time', unit: 'ms/s',
    note: 'Milliseconds per second the dynos were stopped, added up across the dynos: in GC pauses, and at safepoints \u2014 every stop, GC pauses included, with the time to reach it. Safepoint time well above pause time means something other than the collector held the application. Each legend entry gives its share of the dynos\u2019 wall time.',
    series: [
      { key: 'safepoint_ms_per_s', label: 'Safepoint time, all dynos', color: '#5a3fbf', share: 'safepoint_percent', window: 'safepointPercentWindow' },
      { key: 'pause_ms_per_s', label: 'GC pause time, all dynos', color: '#d04a4a', fill: 'rgba(208,74,74,.12)', share: 'pause_percent', window: 'pausePercentWindow' },
    ],
  },
  {
    id: 'gc', title: 'GC collections', unit: '/s',
    note: 'Collections (young, mixed, full; ZGC and Shenandoah cycles) and stop-the-world pauses per second, all dynos.',
    series: [
      { key: 'collections_per_s', label: 'Collections', color: '#1d8a66' },
      { key: 'pauses_per_s', label: 'Pauses', color: '#c2621b', dash: [4, 3] },
    ],
  },
  {
    id: 'alloc', title: 'Allocation rate', unit: 'MB/s',
    note: 'The heap objects analog: how fast each dyno allocates \u2014 the busiest, the average and the quietest dyno.',
    series: [
      { key: 'alloc_max', label: 'Max', color: '#5a3fbf' },
      { key: 'alloc_avg', label: 'Avg', color: '#a995ee' },
      { key: 'alloc_min', label: 'Min', color: '#2e6fb5', dash: [4, 3] },
    ],
  },
  {
    id: 'threads', title: 'Threads', unit: 'threads',
    note: 'The goroutines analog: live platform threads per dyno (max, avg, min) and the process type\u2019s total. On JDK 24 and later, the busiest dyno\u2019s virtual threads mounted on a carrier and queued for one (right axis), and its carriers: a queue that stays above zero means virtual threads wait for carriers.',
    series: [
      { key: 'threads_max', label: 'Max', color: '#1d8a66' },
      { key: 'threads_avg', label: 'Avg', color: '#86ccb1' },
      { key: 'threads_min', label: 'Min', color: '#2e6fb5', dash: [4, 3] },
      { key: 'threads_total', label: 'Total', color: '#7a7890', dash: [2, 3] },
      { key: 'virtual_mounted_max', label: 'Virtual mounted max', color: '#c2621b' },
      { key: 'carriers_max', label: 'Carriers max', color: '#b0407d', dash: [4, 3] },
      { key: 'virtual_queued_max', label: 'Virtual queued max (right axis)', color: '#d04a4a', scale: 'queue', axis: 'threads' },
    ],
  },
];

const state = { type: null, charts: {}, last: null, failures: 0 };
window.preview = state; // for the browser test and for a curious developer's console

function format(value, unit) {
  if (value == null || !Number.isFinite(value)) return '\u2013';
  const abs = Math.abs(value);
  const digits = unit === 'threads' ? (Number.isInteger(value) ? 0 : 1) : abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${value.toFixed(digits)} ${unit}`;
}

function axisValues(unit) {
  return (u, ticks) => ticks.map((t) => {
    const abs = Math.abs(t);
    const text = abs >= 100 || Number.isInteger(t) ? t.toFixed(0) : abs >= 1 ? t.toFixed(1) : t.toFixed(2);
    return unit === 'threads' ? text : `${text} ${unit}`;
  });
}

// Local wall-clock time on the x axis, HH:MM:SS, without uPlot's two-line date labels.
function clockValues(u, ticks) {
  return ticks.map((t) => new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }));
}

function chartWidth(card) {
  return Math.max(300, card.clientWidth - 28);
}

function makeChart(def, main) {
  const card = document.createElement('section');
  card.className = 'card';
  card.id = `chart-${def.id}`;
  card.innerHTML = `<h2></h2><p class="note"></p><div class="plot"></div>`;
  card.querySelector('h2').textContent = def.title;
  card.querySelector('.note').textContent = def.note;
  main.appendChild(card);
  const right = def.series.find((s) => s.scale);
  const axes = [
    { stroke: '#626078', grid: { stroke: '#eeedf4' }, ticks: { stroke: '#e3e1ec' }, space: 90, values: clockValues },
    { stroke: '#626078', grid: { stroke: '#eeedf4' }, ticks: { stroke: '#e3e1ec' }, size: 72, values: axisValues(def.unit) },
  ];
  if (right) {
    axes.push({ scale: right.scale, side: 1, stroke: right.color, grid: { show: false }, size: 60, values: axisValues(right.axis) });
  }
  const options = {
    width: chartWidth(card),
    height: 230,
    cursor: { drag: { x: true, y: false } },
    // Away from the cursor, the legend shows the latest period, as a summary of "now".
    hooks: { setCursor: [(u) => { if (u.cursor.idx == null) showLatest(u); }] },
    legend: { live: true },
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] }, ...(right ? { [right.scale]: { range: (u, min, max) => [0, max > 0 ? max * 1.2 : 1] } } : {}) },
    axes,
    series: [
      { label: 'Time' },
      ...def.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: s.width || 2,
        dash: s.dash,
        fill: s.fill,
        scale: s.scale || 'y',
        spanGaps: false,
        points: { show: false },
        value: (u, v, si, idx) => withShare(format(v, def.unit), s, idx),
      })),
    ],
  };
  const empty = [[], ...def.series.map(() => [])];
  const chart = new uPlot(options, empty, card.querySelector('.plot'));
  state.charts[def.id] = chart;
  return chart;
}

// A stop time's legend value, with its share of the dynos' wall time in the same period.
function withShare(text, series, idx) {
  const shares = series.share && state.last && state.last.columns ? state.last.columns[series.share] : null;
  const share = shares && idx != null ? shares[idx] : null;
  return share == null ? text : `${text} \u00b7 ${share.toFixed(3)} %`;
}

function showLatest(chart) {
  const last = chart.data[0].length - 1;
  if (last >= 0) chart.setLegend({ idx: last }, false);
}

function ensureCharts() {
  const main = document.getElementById('charts');
  if (Object.keys(state.charts).length === 0) {
    CHARTS.forEach((def) => makeChart(def, main));
    window.addEventListener('resize', () => {
      CHARTS.forEach((def) => {
        const card = document.getElementById(`chart-${def.id}`);
        state.charts[def.id].setSize({ width: chartWidth(card), height: 230 });
      });
    });
  }
}

function setLabel(chart, index, text) {
  const label = chart.root.querySelectorAll('.u-legend .u-series')[index]?.querySelector('.u-label');
  if (label && label.textContent !== text) label.textContent = text;
}

function draw(columns, data) {
  ensureCharts();
  CHARTS.forEach((def) => {
    const chart = state.charts[def.id];
    chart.setData([columns.time, ...def.series.map((s) => columns[s.key])]);
    if (chart.cursor.idx == null) showLatest(chart);
    def.series.forEach((s, i) => {
      const values = columns[s.key] || [];
      const present = values.some((v) => v != null);
      let label = s.label;
      if (s.key === 'memory_quota' && !present) label = 'Memory quota (none: no container limit)';
      if (s.key === 'thread_stacks_max' && !present) label = 'Thread stacks (needs -XX:NativeMemoryTracking=summary)';
      if (s.window && data[s.window] != null) {
        label = `${s.label} (${data[s.window].toFixed(3)} % of wall time over the window)`;
      }
      if (s.key === 'safepoint_ms_per_s' && !present) label = 'Safepoint time (none: the JVM\u2019s performance counters are off)';
      if (s.key === 'resident_max' && !present) label = 'Resident (none: no /proc)';
      if ((s.key.startsWith('virtual_') || s.key === 'carriers_max') && !present) label = `${s.label} (none: JDK 24+ with virtual threads)`;
      setLabel(chart, i + 1, label);
    });
  });
}

function renderTypes(data) {
  const select = document.getElementById('type');
  const wanted = data.types.map((t) => t.name).join('\n');
  if (select.dataset.names !== wanted) {
    select.innerHTML = data.types.length === 0 ? '<option>no dynos yet</option>' : '';
    data.types.forEach((t) => {
      const option = document.createElement('option');
      option.value = t.name;
      select.appendChild(option);
    });
    select.dataset.names = wanted;
  }
  data.types.forEach((t, i) => {
    const count = Object.keys(t.dynos).length;
    select.options[i].textContent = `${t.name} (${count} dyno${count === 1 ? '' : 's'})`;
  });
  select.disabled = data.types.length === 0;
  if (data.type) select.value = data.type;
}

function renderStatus(data, current) {
  const status = document.getElementById('status');
  status.textContent = '';
  const time = new Date().toLocaleTimeString();
  const points = data.columns ? data.columns.time.length : 0;
  const shown = points > 0 ? `${points} period${points === 1 ? '' : 's'} shown`
    : 'waiting for the first full period (every dyno of the type reports past its end)';
  status.append(`Updated ${time} \u00b7 one point per ${data.periodSeconds} s period \u00b7 ` +
    `window ${Math.round(data.windowSeconds / 60)} min \u00b7 ${shown} \u00b7 dynos:`);
  Object.entries(current ? current.dynos : {}).forEach(([name, live]) => {
    const chip = document.createElement('span');
    chip.className = live ? 'dyno' : 'dyno silent';
    chip.title = live ? 'reporting' : 'silent: not reporting any more';
    chip.textContent = name;
    status.append(chip);
  });
}

function render(data) {
  state.last = data;
  renderTypes(data);
  const current = data.types.find((t) => t.name === data.type);
  const empty = document.getElementById('empty');
  const charts = document.getElementById('charts');
  const url = `${data.reportUrl}web.1`;
  document.getElementById('empty-command').textContent =
    `HEROKU_METRICS_URL=${url} \\\n  java -javaagent:lib/jvm-metrics-agent.jar -jar your-app.jar`;
  document.getElementById('footer').textContent =
    `Reports go to ${data.reportUrl}TYPE.N (e.g. ${url}). Gauges: max and average across the dynos of a type; counters: their sum, per period.`;
  if (!current) {
    state.type = null;
    empty.hidden = false;
    charts.hidden = true;
    document.getElementById('status').textContent = 'Waiting for a first report.';
    return;
  }
  state.type = data.type;
  empty.hidden = true;
  charts.hidden = false;
  renderStatus(data, current);
  draw(data.columns, data);
}

async function refresh() {
  const asked = state.type;
  const wanted = asked ? `?type=${encodeURIComponent(asked)}` : '';
  try {
    const response = await fetch(`/api/state${wanted}`, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = await response.json();
    // The type was switched while this answer was on its way: the next refresh brings the new one.
    if (state.type !== asked) return;
    render(data);
    state.failures = 0;
  } catch (e) {
    state.failures += 1;
    document.getElementById('status').textContent =
      `The preview does not answer (${e.message}); is it still running? Retrying\u2026`;
  }
}

document.getElementById('type').addEventListener('change', (event) => {
  state.type = event.target.value;
  refresh();
});

async function loop() {
  await refresh();
  const period = state.last ? state.last.periodSeconds : 1;
  setTimeout(loop, Math.min(5000, Math.max(500, period * 500)));
}
loop();
