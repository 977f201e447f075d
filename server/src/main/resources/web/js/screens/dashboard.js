// 驾驶舱: the six rates (有效率, 流转率, 办结率, 按期办结率, 满意率, 回访率) of the events reported in
// a unit's subtree over a period, from the same GetStats request as the CLI's `stats`, rounded
// the same way (lib/rates.js). Exact numbers are text with test ids rate-<key> (data-value holds
// the CLI's number, "null" when the denominator is 0); a uPlot bar chart draws the same values.
import {h, clear, field, statusLine, showError, ensureCss, ensureScript, list} from './lib/dom.js';
import {COUNTS, rates, percent} from './lib/rates.js';

const UPLOT_JS = '/vendor/uplot/uPlot.iife.min.js';
const UPLOT_CSS = '/vendor/uplot/uPlot.min.css';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

let chart = null;
let stops = [];

export default {
  route: '#/dashboard',
  title: '驾驶舱',
  tab: true,
  roles: ['GRID_WORKER', 'COMMUNITY_STAFF', 'TOWN_STAFF', 'OPERATOR'],

  async mount(el, app) {
    ensureCss('/css/screens2.css');
    ensureCss(UPLOT_CSS);
    const me = app.me || {};
    const unit = h('select', {testid: 'stats-unit'});
    const from = h('input', {type: 'date', testid: 'stats-from'});
    const to = h('input', {type: 'date', testid: 'stats-to'});
    const submit = h('button', {type: 'submit', class: 'g-primary', testid: 'stats-submit'}, '查询');
    const status = statusLine('stats-status');
    const period = h('p', {class: 'g-hint', testid: 'stats-period'});
    const table = h('table', {class: 'g-rates', testid: 'rates'});
    const counts = h('dl', {class: 'g-counts', testid: 'counts'});
    const plot = h('div', {class: 'g-chart', testid: 'rates-chart', 'aria-hidden': 'true'});
    for (const u of await scopeUnits(app, me.unit)) unit.append(h('option', {value: u.id}, u.name || u.id));
    unit.value = me.unit;

    const form = h('form', {class: 'g-form g-inline'},
      field('单位', unit), field('开始日期', from), field('结束日期', to), submit);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = from.value;
      const t = to.value;
      if ((f && !DATE.test(f)) || (t && !DATE.test(t)) || (f && t && f > t)) {
        status.classList.add('g-error');
        status.textContent = '日期范围有误：开始日期不能晚于结束日期';
        return;
      }
      submit.disabled = true;
      try {
        const result = await app.conn.call('event_call', {stats: {unit: unit.value, from: f, to: t}});
        const stats = result.stats || {};
        showError(status, null);
        period.textContent = `${stats.from || f || '近366天'} 至 ${stats.to || t || '今天'}，按上报日期统计`;
        render(stats, table, counts);
        // what the numbers answer, for a reader of the page's markup and for the tests
        table.dataset.query = `${unit.value}|${f}|${t}`;
        await draw(plot, stats);
      } catch (err) {
        showError(status, err);
      } finally {
        submit.disabled = false;
      }
    });
    const onResize = () => {
      if (chart) chart.setSize({width: chartWidth(plot), height: chart.height});
    };
    window.addEventListener('resize', onResize);
    stops.push(() => window.removeEventListener('resize', onResize));

    clear(el).append(h('h2', {}, '驾驶舱 · 事件六率'), form, status, period, plot, table, h('h3', {}, '事件数'), counts);
    form.requestSubmit();
  },

  unmount() {
    for (const stop of stops) stop();
    stops = [];
    if (chart) chart.destroy();
    chart = null;
  },
};

async function scopeUnits(app, home) {
  try {
    const page = await app.conn.call('get_directory', {unit: home, members: false, limit: 1000});
    const units = list(page.units).filter((u) => u.kind !== 'DEPARTMENT');
    if (!units.some((u) => u.id === home)) units.unshift({id: home, name: home});
    return units;
  } catch (e) {
    return [{id: home, name: home}];
  }
}

function render(stats, table, counts) {
  clear(table).append(
    h('caption', {}, '六率（分母为0时显示“—”）'),
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, '指标'), h('th', {scope: 'col'}, '比率'),
      h('th', {scope: 'col'}, '计算'))),
    h('tbody', {}, rates(stats).map((r) => h('tr', {},
      h('th', {scope: 'row'}, r.name),
      h('td', {testid: `rate-${r.key}`, dataset: {value: r.value === null ? 'null' : r.value, name: r.name}},
        percent(r.value)),
      h('td', {class: 'g-hint'}, `${r.n} / ${r.d}`)))));
  clear(counts);
  for (const c of COUNTS) {
    counts.append(h('div', {}, h('dt', {}, c.name),
      h('dd', {testid: `count-${c.key}`}, String(stats[c.field] === undefined ? 0 : stats[c.field]))));
  }
}

function chartWidth(plot) {
  return Math.max(280, Math.min(plot.clientWidth || 360, 720));
}

/** Bars of the six rates in percent; a rate without a denominator draws no bar. */
async function draw(plot, stats) {
  await ensureScript(UPLOT_JS);
  const uPlot = window.uPlot;
  const values = rates(stats);
  const xs = values.map((_, i) => i);
  const ys = values.map((r) => (r.value === null ? null : Number(r.value) * 100));
  if (chart) {
    chart.setData([xs, ys]);
    return;
  }
  const names = values.map((r) => r.short);
  chart = new uPlot({
    width: chartWidth(plot),
    height: 240,
    legend: {show: false},
    cursor: {show: false},
    scales: {x: {time: false, range: [-0.6, values.length - 0.4]}, y: {range: [0, 100]}},
    axes: [
      {splits: () => xs, values: (u, splits) => splits.map((v) => names[v] || ''), size: 40},
      {values: (u, splits) => splits.map((v) => `${v}%`), size: 48},
    ],
    series: [{}, {label: '比率', stroke: '#c62828', fill: 'rgba(198, 40, 40, 0.45)', width: 1,
      paths: uPlot.paths.bars({size: [0.6, 64]}), points: {show: false}}],
  }, [xs, ys], plot);
}
