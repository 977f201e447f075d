// Staff event queues: 待受理 (pending) / 办理中 (active) / 超期 (overdue) of the member's home
// unit (which holds its whole subtree and what was dispatched to it). Each event shows the
// transitions this member may try as buttons (lib/workflow.js offers them, the server decides);
// a step opens a small panel for its note, its handler (派单) or its photo (回单).
import {h, clear, field, statusLine, showError, ensureCss, num, list} from './lib/dom.js';
import {offeredEdges} from './lib/workflow.js';
import {upload, BlobUrls, PHOTO_TYPES} from './lib/media.js';
import {summaryItem} from './events.js';

const QUEUES = [
  ['PENDING', '待受理', 'pending'],
  ['ACTIVE', '办理中', 'active'],
  ['OVERDUE', '超期', 'overdue'],
];

let stops = [];
let blobs = new BlobUrls();

export default {
  route: '#/queue',
  title: '办件',
  tab: true,
  roles: ['MICROGRID_LEADER', 'GRID_WORKER', 'COMMUNITY_STAFF', 'TOWN_STAFF'],

  async mount(el, app) {
    ensureCss('/css/screens2.css');
    blobs = new BlobUrls();
    let current = 'PENDING';
    const tabs = h('div', {class: 'g-tabs', role: 'tablist', 'aria-label': '事件队列'});
    const ul = h('ul', {class: 'g-list', testid: 'queue', 'aria-live': 'polite'});
    const status = statusLine('queue-status');
    const handlers = h('datalist', {id: 'queue-handlers'});
    const buttons = new Map();
    for (const [queue, label, key] of QUEUES) {
      const count = h('span', {class: 'g-count', testid: `queue-count-${key}`}, '0');
      const button = h('button', {type: 'button', role: 'tab', testid: `queue-${key}`, 'aria-selected': 'false'},
        label, ' ', count);
      button.addEventListener('click', () => {
        current = queue;
        reload();
      });
      buttons.set(queue, {button, count});
      tabs.append(button);
    }
    const reload = async () => {
      for (const [queue, {button}] of buttons) {
        button.setAttribute('aria-selected', String(queue === current));
        button.classList.toggle('g-selected', queue === current);
      }
      try {
        const result = await app.conn.call('event_call', {list: {queue: current, order: 'BY_DEADLINE', limit: 100}});
        const page = result.page || {};
        buttons.get('PENDING').count.textContent = String(num(page.pending));
        buttons.get('ACTIVE').count.textContent = String(num(page.active));
        buttons.get('OVERDUE').count.textContent = String(num(page.overdue));
        clear(ul);
        showError(status, null);
        const events = list(page.events);
        if (events.length === 0) status.textContent = '队列为空';
        for (const e of events) ul.append(summaryItem(app, e, actions(app, e, reload)));
      } catch (err) {
        showError(status, err);
      }
    };
    clear(el).append(h('h2', {}, '事件办理'), tabs, status, ul, handlers);
    loadHandlers(app, handlers);
    let timer = null;
    const off = app.conn.on('notice', (notice) => {
      if (notice && notice.kind === 'event') {
        clearTimeout(timer);
        timer = setTimeout(reload, 150);
      }
    });
    stops.push(() => clearTimeout(timer));
    if (typeof off === 'function') stops.push(off);
    if (app.conn.onState) {
      const offState = app.conn.onState((s) => {
        if (s === 'online') reload();
      });
      if (typeof offState === 'function') stops.push(offState);
    }
    await reload();
  },

  unmount() {
    for (const stop of stops) stop();
    stops = [];
    blobs.revokeAll();
  },
};

/** Units the member may dispatch to, as suggestions: departments and shop alliances in scope. */
async function loadHandlers(app, datalist) {
  if (!app.me || !['COMMUNITY_STAFF', 'TOWN_STAFF'].includes(app.me.role)) return;
  try {
    const page = await app.conn.call('get_directory', {unit: app.me.unit, members: false, limit: 1000});
    for (const u of list(page.units)) {
      if (u.kind === 'DEPARTMENT') datalist.append(h('option', {value: u.id}, u.name || u.id));
    }
  } catch (e) {
    // Suggestions only: the handler field still takes any id.
  }
}

function actions(app, e, reload) {
  const edges = offeredEdges(app.me || {}, e);
  if (edges.length === 0) return null;
  const panel = h('div', {class: 'g-panel', hidden: true});
  const bar = h('div', {class: 'g-actions'},
    edges.map((edge) => h('button', {type: 'button', class: 'g-secondary', testid: 'transition',
      dataset: {to: edge.to, edge: edge.name, id: e.id},
      onclick: () => openPanel(app, e, edge, panel, reload)}, edge.label)));
  return h('div', {}, bar, panel);
}

/** The panel of one step: note, handler for 派单, photo for 回单, then 确认. */
function openPanel(app, e, edge, panel, reload) {
  panel.hidden = false;
  const note = h('input', {type: 'text', maxlength: 4000, testid: 'transition-note'});
  const handler = edge.to === 'DISPATCHED'
    ? h('input', {type: 'text', list: 'queue-handlers', required: true, testid: 'transition-handler',
      placeholder: '单位或人员编号'})
    : null;
  const photo = edge.to === 'RESOLVED'
    ? h('input', {type: 'file', accept: PHOTO_TYPES.join(','), testid: 'transition-photo'})
    : null;
  const status = statusLine('transition-status');
  const confirm = h('button', {type: 'submit', class: 'g-primary', testid: 'transition-confirm'}, `确认${edge.label}`);
  const cancel = h('button', {type: 'button', class: 'g-secondary', onclick: () => {
    panel.hidden = true;
    clear(panel);
  }}, '取消');
  const form = h('form', {class: 'g-form', 'aria-label': edge.label},
    handler ? field('派给', handler) : null,
    photo ? field('办结照片', photo) : null,
    field('说明', note),
    status,
    h('div', {class: 'g-actions'}, confirm, cancel));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (handler && !handler.value.trim()) {
      status.classList.add('g-error');
      status.textContent = '请填写承办单位或人员';
      handler.focus();
      return;
    }
    confirm.disabled = true;
    status.classList.remove('g-error');
    status.textContent = '正在提交…';
    try {
      // Read the event again: the step is offered for the state the list showed, and the
      // version makes the server refuse it (STALE) if someone moved the event meanwhile.
      const detail = (await app.conn.call('event_call', {get: {id: e.id}})).detail || {};
      if ((detail.summary || {}).state !== e.state) {
        throw {code: 'CONFLICT', message: 'STALE: moved'};
      }
      const transition = {id: e.id, to: edge.to, note: note.value.trim(), expected_version: num(detail.version)};
      if (handler) transition.handler = handler.value.trim();
      if (photo && photo.files && photo.files[0]) transition.photo = await upload(photo.files[0], app.token);
      await app.conn.call('event_call', {transition});
      if (app.toast) app.toast(`已${edge.label}`);
      await reload();
    } catch (err) {
      showError(status, err);
      confirm.disabled = false;
    }
  });
  clear(panel).append(form);
  (handler || note).focus();
}
