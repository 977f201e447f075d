// Staff event queues: 待受理 (pending) / 办理中 (active) / 超期 (overdue) of the member's home
// unit (which holds its whole subtree and what was dispatched to it). Each event shows the
// transitions this member may try as buttons (lib/workflow.js offers them, the server decides);
// a step opens a small panel for its note, for 派单 its handler, and for 回单 a photo uploaded
// like a report's (lib/stepphoto.js), which the reporter then sees in the event's timeline.
import {h, clear, statusLine, showError, ensureCss, num, list} from './lib/dom.js';
import {summaryItem, stepActions, handlerSuggestions} from './lib/eventui.js';

const QUEUES = [
  ['PENDING', '待受理', 'pending'],
  ['ACTIVE', '办理中', 'active'],
  ['OVERDUE', '超期', 'overdue'],
];

let stops = [];

export default {
  route: '#/queue',
  title: '办件',
  tab: true,
  roles: ['MICROGRID_LEADER', 'GRID_WORKER', 'COMMUNITY_STAFF', 'TOWN_STAFF'],

  async mount(el, app) {
    ensureCss('/css/screens2.css');
    let current = 'PENDING';
    const tabs = h('div', {class: 'g-tabs', role: 'tablist', 'aria-label': '事件队列'});
    const ul = h('ul', {class: 'g-list', testid: 'queue', 'aria-live': 'polite'});
    const status = statusLine('queue-status');
    const handlers = handlerSuggestions(app);
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
        for (const e of events) ul.append(summaryItem(e, stepActions(app, e, reload)));
      } catch (err) {
        showError(status, err);
      }
    };
    clear(el).append(h('h2', {}, '事件办理'), tabs, status, ul, handlers);
    // An update (any event's, this member's own step included) redraws the list, but not while a
    // step's panel is open: that would wipe the note being typed and the 回单 photo being
    // uploaded. The step itself redraws when it is done; until then the update waits.
    let timer = null;
    const refresh = () => {
      clearTimeout(timer);
      if (ul.querySelector('.g-panel:not([hidden])')) {
        timer = setTimeout(refresh, 1000);
        return;
      }
      reload();
    };
    const off = app.conn.on('notice', (notice) => {
      if (notice && notice.kind === 'event') {
        clearTimeout(timer);
        timer = setTimeout(refresh, 150);
      }
    });
    stops.push(() => clearTimeout(timer));
    if (typeof off === 'function') stops.push(off);
    if (app.conn.onState) {
      const offState = app.conn.onState((s) => {
        if (s === 'online') refresh();
      });
      if (typeof offState === 'function') stops.push(offState);
    }
    await reload();
  },

  unmount() {
    for (const stop of stops) stop();
    stops = [];
  },
};
