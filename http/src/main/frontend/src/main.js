// PipeTwin dashboard: charts of one platform's queue, waiting time and utilisation with the latest
// forecast's p10-p90 band drawn ahead of the observed series, updated through Server-Sent Events.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './style.css';

const MAX_OBSERVED = 600;
// Observed history shown before the forecast start, in multiples of the forecast horizon.
const HISTORY_HORIZONS = 3;
const state = {
  platform: null,
  scenario: 'baseline',
  observed: new Map(),   // chart id -> [[timeSeconds, value]...]
  latest: new Map(),     // chart id -> latest forecast record value
  charts: new Map(),     // chart id -> { plot, element }
  extra: new Map(),      // series name -> Map(key -> record)
  events: 0,
  source: null,
};
window.__pipetwin = { platform: null, events: 0, points: {} };

const $ = (id) => document.getElementById(id);

function quantile(point, p) {
  const qs = point.quantiles || [];
  let best = null;
  for (const q of qs) {
    if (best === null || Math.abs(q.probability - p) < Math.abs(best.probability - p)) best = q;
  }
  return best && Math.abs(best.probability - p) < 0.051 ? best.value : point.mean;
}

// Chart ids and what to plot, per forecast series.
function chartsOf(series, value) {
  if (value.scenario !== undefined && value.scenario !== state.scenario) return [];
  if (series === 'queue') {
    return [
      { section: 'queue', id: `queue/${value.pool}`, title: `pool ${value.pool}`, now: value.queueLengthNow,
        start: value.startTime, horizon: value.queueLength },
      { section: 'waiting', id: `waiting/${value.pool}`, title: `pool ${value.pool}`,
        now: value.waitingTimeSeconds && value.waitingTimeSeconds.length ? value.waitingTimeSeconds[0].mean : null,
        start: value.startTime, horizon: value.waitingTimeSeconds || [] },
    ];
  }
  if (series === 'resources') {
    return [{ section: 'resources', id: `resources/${value.pool}/${value.resource}`,
      title: `${value.pool} · ${String(value.resource).toLowerCase()}`, now: value.utilisationNow,
      start: value.startTime, horizon: value.utilisation, percent: true }];
  }
  return [];
}

function chartData(id) {
  const observed = state.observed.get(id) || [];
  const forecast = state.latest.get(id);
  const xs = [], obs = [], lo = [], mid = [], hi = [];
  let fromSeconds = -Infinity;
  if (forecast && forecast.horizon.length) {
    const spanSeconds = (forecast.horizon[forecast.horizon.length - 1].time - forecast.start) / 1000;
    fromSeconds = forecast.start / 1000 - HISTORY_HORIZONS * spanSeconds;
  }
  for (const [t, v] of observed) {
    if (t < fromSeconds) continue;
    xs.push(t); obs.push(v); lo.push(null); mid.push(null); hi.push(null);
  }
  if (forecast) {
    const startSeconds = forecast.start / 1000;
    for (const point of forecast.horizon) {
      const t = point.time / 1000;
      if (t <= startSeconds && xs.length && t <= xs[xs.length - 1]) continue;
      xs.push(t); obs.push(null);
      lo.push(quantile(point, 0.1)); mid.push(quantile(point, 0.5)); hi.push(quantile(point, 0.9));
    }
    // Joins the band to the last observed point, so the forecast starts where the observation ends.
    const join = xs.indexOf(startSeconds);
    if (join >= 0 && forecast.now !== null) { lo[join] = forecast.now; mid[join] = forecast.now; hi[join] = forecast.now; }
  }
  const order = xs.map((x, i) => i).sort((a, b) => xs[a] - xs[b]);
  const pick = (arr) => order.map((i) => arr[i]);
  return [pick(xs), pick(obs), pick(lo), pick(mid), pick(hi)];
}

function ensureChart(spec) {
  let chart = state.charts.get(spec.id);
  if (chart) return chart;
  const container = $(spec.section);
  const empty = container.querySelector('.empty');
  if (empty) empty.remove();

  const element = document.createElement('div');
  element.className = 'chart';
  element.dataset.chart = spec.id;
  element.dataset.points = '0';
  const title = document.createElement('h3');
  title.textContent = spec.title;
  element.appendChild(title);
  container.appendChild(element);

  const scale = spec.percent ? (u, v) => (v == null ? '' : (v * 100).toFixed(0) + '%') : undefined;
  const opts = {
    width: Math.max(320, Math.floor((container.clientWidth - 16) / 2) - 40),
    height: 220,
    legend: { live: false },
    // Utilisation keeps a 0-100% axis even while all values are 0; overcommit can push it above 100%.
    scales: spec.percent
      ? { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max ?? 1)] } }
      : { x: { time: true } },
    axes: [{ stroke: '#9aa4b2', grid: { stroke: '#2a3140' } },
      { stroke: '#9aa4b2', grid: { stroke: '#2a3140' }, values: scale ? (u, vals) => vals.map((v) => scale(u, v)) : undefined }],
    series: [
      {},
      { label: 'observed', stroke: '#4fc3f7', width: 2, spanGaps: true, points: { show: false } },
      { label: 'p10', stroke: 'rgba(255,183,77,0.4)', width: 1, spanGaps: true, points: { show: false } },
      { label: 'median', stroke: '#ffb74d', width: 2, dash: [6, 4], spanGaps: true, points: { show: false } },
      { label: 'p90', stroke: 'rgba(255,183,77,0.4)', width: 1, spanGaps: true, points: { show: false } },
    ],
    bands: [{ series: [4, 2], fill: 'rgba(255,183,77,0.18)' }],
  };

  const plot = new uPlot(opts, chartData(spec.id), element);
  chart = { plot, element };
  state.charts.set(spec.id, chart);
  return chart;
}

function redraw(id) {
  const chart = state.charts.get(id);
  if (!chart) return;
  const data = chartData(id);
  chart.plot.setData(data);
  const points = data[0].length;
  chart.element.dataset.points = String(points);
  window.__pipetwin.points[id] = points;
}

function acceptForecast(message) {
  const { series, key, value } = message;
  if (value.scenario !== undefined) addScenario(value.scenario);
  const specs = chartsOf(series, value);
  if (specs.length === 0 && series !== 'queue' && series !== 'resources') {
    if (!state.extra.has(series)) state.extra.set(series, new Map());
    state.extra.get(series).set(key, value);
    renderExtra();
  }
  for (const spec of specs) {
    if (spec.now !== null && spec.now !== undefined) {
      const list = state.observed.get(spec.id) || [];
      const t = spec.start / 1000;
      if (!list.length || list[list.length - 1][0] < t) list.push([t, spec.now]);
      while (list.length > MAX_OBSERVED) list.shift();
      state.observed.set(spec.id, list);
    }
    state.latest.set(spec.id, spec);
    ensureChart(spec);
    redraw(spec.id);
  }
}

function addScenario(name) {
  const select = $('scenario');
  if ([...select.options].some((o) => o.value === name)) return;
  const option = document.createElement('option');
  option.value = option.textContent = name;
  select.appendChild(option);
}

const EXTRA_TITLES = {
  pipelines: 'Pipeline completion-time forecasts',
  'model-metrics': 'Model-metric forecasts',
  accuracy: 'Forecast accuracy (MAPE and coverage against persistence)',
};

function formatCell(value) {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') {
    if (value > 1e12 && value < 1e14) return new Date(value).toISOString().replace('T', ' ').slice(0, 19);
    return Number.isInteger(value) ? String(value) : value.toFixed(3);
  }
  if (Array.isArray(value)) {
    if (value.length && typeof value[0] === 'object' && 'mean' in value[0]) {
      const last = value[value.length - 1];
      return `${value.length} steps, last median ${formatCell(quantile(last, 0.5))}`;
    }
    return `${value.length} items`;
  }
  if (typeof value === 'object') return JSON.stringify(value).slice(0, 80);
  return String(value);
}

function renderExtra() {
  const root = $('extra');
  root.replaceChildren();
  for (const name of ['pipelines', 'model-metrics', 'accuracy', ...[...state.extra.keys()].filter((n) => !(n in EXTRA_TITLES))]) {
    const section = document.createElement('section');
    const title = document.createElement('h2');
    title.textContent = EXTRA_TITLES[name] || `Forecast series ${name}`;
    section.appendChild(title);
    const records = state.extra.get(name);
    if (!records || records.size === 0) {
      const empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'No data yet.';
      section.appendChild(empty);
    } else {
      const rows = [...records.values()].filter((r) => r.scenario === undefined || r.scenario === state.scenario);
      const columns = Object.keys(rows[0] || {}).filter((c) => c !== 'platformId');
      const table = document.createElement('table');
      table.dataset.points = String(rows.length);
      const head = table.createTHead().insertRow();
      columns.forEach((c) => { const th = document.createElement('th'); th.textContent = c; head.appendChild(th); });
      const body = table.createTBody();
      rows.slice(0, 50).forEach((r) => {
        const row = body.insertRow();
        columns.forEach((c) => { row.insertCell().textContent = formatCell(r[c]); });
      });
      section.appendChild(table);
    }
    root.appendChild(section);
  }
}

function renderSummary(summary) {
  const cards = [
    ['Nodes in service', summary.nodesInService],
    ['Tasks waiting', summary.tasksWaiting],
    ['Tasks running', summary.tasksRunning],
    ['Events applied', summary.counters?.events_applied],
    ['Events rejected', summary.counters?.events_rejected],
    ['Forecasts published', summary.counters?.forecasts_published],
    ['Event time', summary.latestEventTime > 0 ? new Date(summary.latestEventTime).toISOString().replace('T', ' ').slice(0, 16) : '–'],
    ['Served by', summary.servedBy],
  ];
  const root = $('summary');
  root.replaceChildren(...cards.map(([label, value]) => {
    const card = document.createElement('div');
    card.className = 'card';
    card.innerHTML = '<span class="label"></span><span class="value"></span>';
    card.querySelector('.label').textContent = label;
    const valueElement = card.querySelector('.value');
    valueElement.textContent = value ?? '–';
    if (typeof value === 'string') valueElement.classList.add('text');
    return card;
  }));
}

function resetCharts() {
  for (const { plot, element } of state.charts.values()) { plot.destroy(); element.remove(); }
  state.charts.clear(); state.observed.clear(); state.latest.clear(); state.extra.clear();
  for (const id of ['queue', 'waiting', 'resources']) {
    $(id).innerHTML = '<p class="empty">No data yet.</p>';
  }
  window.__pipetwin.points = {};
  renderExtra();
}

async function selectPlatform(platform) {
  if (state.source) state.source.close();
  state.platform = platform;
  window.__pipetwin.platform = platform;
  resetCharts();
  if (!platform) return;
  const id = encodeURIComponent(platform);
  const history = await (await fetch(`/api/platforms/${id}/forecasts/history`)).json();
  history.records.forEach(acceptForecast);
  const stateResponse = await fetch(`/api/platforms/${id}/state`);
  if (stateResponse.ok) renderSummary(await stateResponse.json());
  const source = new EventSource(`/api/platforms/${id}/events`);
  source.addEventListener('forecast', (e) => {
    state.events++;
    window.__pipetwin.events = state.events;
    document.body.dataset.events = String(state.events);
    acceptForecast(JSON.parse(e.data));
    $('status').textContent = `live · ${state.events} updates`;
  });
  source.addEventListener('state', (e) => renderSummary(JSON.parse(e.data)));
  source.onopen = () => { $('status').textContent = 'live'; $('status').className = 'status live'; };
  source.onerror = () => { $('status').textContent = 'reconnecting…'; $('status').className = 'status'; };
  state.source = source;
}

async function loadPlatforms() {
  const select = $('platform');
  const response = await fetch('/api/platforms');
  const body = await response.json();
  const ids = body.platforms.map((p) => p.platformId);
  const known = [...select.options].map((o) => o.value);
  for (const id of ids) {
    if (!known.includes(id)) {
      const option = document.createElement('option');
      option.value = option.textContent = id;
      select.appendChild(option);
    }
  }
  if (!state.platform && ids.length) {
    const requested = new URLSearchParams(location.search).get('platform');
    const first = requested && ids.includes(requested) ? requested : ids[0];
    select.value = first;
    await selectPlatform(first);
  }
}

$('platform').addEventListener('change', (e) => selectPlatform(e.target.value));
$('scenario').addEventListener('change', (e) => { state.scenario = e.target.value; selectPlatform(state.platform); });
renderExtra();
loadPlatforms();
setInterval(loadPlatforms, 5000);
