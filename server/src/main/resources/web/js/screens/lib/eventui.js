// Pieces of the event screens that the 事件 (events.js) and 办件 (queue.js) screens share: an
// event's line in a list, the buttons of the steps a member may try with their panel, the
// handler suggestions for 派单, and the 回访 (follow-up) form.
import {h, clear, field, statusLine, showError, when, num, list} from './dom.js';
import {offeredEdges, stateName} from './workflow.js';
import {stepPhoto} from './stepphoto.js';

/** The datalist id the 派单 handler inputs point at. */
export const HANDLERS_LIST = 'event-handlers';

/** One event in a list: category, state, flag, id and time, linking to its detail page. */
export function summaryItem(e, extra) {
  return h('li', {class: 'g-event', testid: 'event', dataset: {id: e.id, state: e.state || ''}},
    h('a', {href: `#/events/${encodeURIComponent(e.id)}`, class: 'g-event-link'},
      h('span', {class: 'g-event-cat'}, e.category || ''),
      h('span', {class: `g-state g-state-${(e.state || '').toLowerCase()}`, testid: 'event-state'}, stateName(e.state)),
      e.overdue ? h('span', {class: `g-flag g-flag-${e.overdue}`}, e.overdue === 'red' ? '超期' : '即将超期') : null,
      h('span', {class: 'g-event-meta'}, `${e.id} · ${when(e.created_at_ms)}`)),
    extra || null);
}

/**
 * Units a community or town staff member may dispatch to, as suggestions: the DEPARTMENT units
 * (departments, shop alliances) of their scope. Returns the datalist to put on the page.
 */
export function handlerSuggestions(app) {
  const datalist = h('datalist', {id: HANDLERS_LIST});
  if (app.me && ['COMMUNITY_STAFF', 'TOWN_STAFF'].includes(app.me.role)) {
    app.conn.call('get_directory', {unit: app.me.unit, members: false, limit: 1000}).then((page) => {
      for (const u of list(page.units)) {
        if (u.kind === 'DEPARTMENT') datalist.append(h('option', {value: u.id}, u.name || u.id));
      }
    }, () => {
      // suggestions only: the handler field still takes any id
    });
  }
  return datalist;
}

/** The buttons of the steps the member may try on the event (null when none), each opening its panel. */
export function stepActions(app, e, reload) {
  const edges = offeredEdges(app.me || {}, e);
  if (edges.length === 0) return null;
  const panel = h('div', {class: 'g-panel', hidden: true});
  const bar = h('div', {class: 'g-actions'},
    edges.map((edge) => h('button', {type: 'button', class: 'g-secondary', testid: 'transition',
      dataset: {to: edge.to, edge: edge.name, id: e.id},
      onclick: () => openPanel(app, e, edge, panel, reload)}, edge.label)));
  return h('div', {}, bar, panel);
}

/** The panel of one step: the handler for 派单, a note, a photo for 回单, then 确认. */
function openPanel(app, e, edge, panel, reload) {
  panel.hidden = false;
  const note = h('input', {type: 'text', maxlength: 4000, testid: 'transition-note'});
  const handler = edge.to === 'DISPATCHED'
    ? h('input', {type: 'text', list: HANDLERS_LIST, required: true, testid: 'transition-handler',
      placeholder: '单位或人员编号'})
    : null;
  const photo = edge.to === 'RESOLVED' ? stepPhoto(app) : null;
  const status = statusLine('transition-status');
  const confirm = h('button', {type: 'submit', class: 'g-primary', testid: 'transition-confirm'}, `确认${edge.label}`);
  const cancel = h('button', {type: 'button', class: 'g-secondary', onclick: () => {
    if (photo) photo.dispose();
    panel.hidden = true;
    clear(panel);
  }}, '取消');
  const form = h('form', {class: 'g-form', 'aria-label': edge.label},
    handler ? field('派给', handler) : null,
    field('说明', note),
    photo ? photo.element : null,
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
      // The upload first (it may take a while on a phone), so the version read below is fresh.
      const photoUrl = photo ? await photo.url() : '';
      // Read the event again: the step is offered for the state the page showed, and the
      // version makes the server refuse it (STALE) if someone moved the event meanwhile.
      const detail = (await app.conn.call('event_call', {get: {id: e.id}})).detail || {};
      if ((detail.summary || {}).state !== e.state) {
        throw {code: 'CONFLICT', message: 'STALE: moved'};
      }
      const transition = {id: e.id, to: edge.to, note: note.value.trim(), expected_version: num(detail.version)};
      if (handler) transition.handler = handler.value.trim();
      if (photoUrl) transition.photo = photoUrl;
      await app.conn.call('event_call', {transition});
      if (photo) photo.dispose();
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

const FOLLOW_UP_ROLES = ['MICROGRID_LEADER', 'GRID_WORKER', 'COMMUNITY_STAFF', 'TOWN_STAFF'];

/** 回访: staff record a follow-up visit on a closed event (FollowUpEvent); null for anyone else. */
export function followUpForm(app, d, reload) {
  const s = d.summary || {};
  if (s.state !== 'CLOSED' || !app.me || !FOLLOW_UP_ROLES.includes(app.me.role)) return null;
  const note = h('input', {type: 'text', maxlength: 4000, testid: 'followup-note', required: true});
  const status = statusLine('followup-status');
  const submit = h('button', {type: 'submit', class: 'g-primary', testid: 'followup-submit'}, '记录回访');
  const form = h('form', {class: 'g-form', 'aria-label': '回访'},
    h('p', {class: 'g-hint', testid: 'followup-count'}, `已回访 ${num(d.follow_ups)} 次`),
    field('回访情况', note), status, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!note.value.trim()) {
      status.classList.add('g-error');
      status.textContent = '请填写回访情况';
      note.focus();
      return;
    }
    submit.disabled = true;
    try {
      await app.conn.call('event_call', {follow_up: {id: s.id, note: note.value.trim()}});
      if (app.toast) app.toast('已记录回访');
      await reload();
    } catch (err) {
      showError(status, err);
      submit.disabled = false;
    }
  });
  return h('section', {class: 'g-card'}, form);
}
