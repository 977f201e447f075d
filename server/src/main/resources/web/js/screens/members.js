// 成员: the members of the member's micro-grid (or of a unit in a staff member's scope), with
// online status from GetPresence, an invite for a new resident (IssueInvite: shows the code) and
// a move to another micro-grid in scope (MoveMember). Scope is the server's: a unit or member
// outside it is refused (FORBIDDEN) and the refusal is shown.
import {h, clear, field, statusLine, showError, when, ensureCss, num, list} from './lib/dom.js';

const PAGE = 100;
/** Online dots are refreshed this often while the screen is open (one GetPresence per refresh). */
const PRESENCE_EVERY_MS = 30000;
/** The server's limit of members per GetPresence (docs/PROTOCOL.md). */
const PRESENCE_SLICE = 1000;

const ROLES = {
  RESIDENT: '居民',
  MICROGRID_LEADER: '微网格长',
  GRID_WORKER: '网格员',
  COMMUNITY_STAFF: '社区工作人员',
  TOWN_STAFF: '镇街工作人员',
  OPERATOR: '管理员',
};
const TAGS = {floating: '流动人口', shop: '商户'};

let stops = [];

export default {
  route: '#/members',
  title: '成员',
  tab: true,
  roles: ['MICROGRID_LEADER', 'GRID_WORKER', 'COMMUNITY_STAFF', 'TOWN_STAFF', 'OPERATOR'],

  async mount(el, app) {
    ensureCss('/css/screens2.css');
    const me = app.me || {};
    const unitSelect = h('select', {testid: 'members-unit'});
    const online = h('p', {class: 'g-hint', testid: 'members-online', role: 'status'});
    const ul = h('ul', {class: 'g-list', testid: 'members', 'aria-label': '成员'});
    const more = h('button', {type: 'button', class: 'g-secondary', testid: 'members-more', hidden: true}, '加载更多');
    const status = statusLine('members-status');
    const microgrids = h('datalist', {id: 'members-microgrids'});
    const memberIds = h('datalist', {id: 'members-ids'});
    let nextToken = '';
    let shown = [];

    const units = await scopeUnits(app, me.unit, status);
    for (const u of units) {
      unitSelect.append(h('option', {value: u.id}, u.name || u.id));
      if (u.kind === 'MICROGRID') microgrids.append(h('option', {value: u.id}, u.name || u.id));
    }
    unitSelect.value = me.unit;

    const presence = async () => {
      try {
        // GetPresence takes at most 1,000 members a request: ask for the shown ones in slices.
        const ids = shown.map((m) => m.id);
        const on = new Set();
        const info = await app.conn.call('get_presence', {unit: unitSelect.value, members: ids.slice(0, PRESENCE_SLICE)});
        list(info.online).forEach((id) => on.add(id));
        for (let i = PRESENCE_SLICE; i < ids.length; i += PRESENCE_SLICE) {
          const more = await app.conn.call('get_presence', {unit: unitSelect.value, members: ids.slice(i, i + PRESENCE_SLICE)});
          list(more.online).forEach((id) => on.add(id));
        }
        online.textContent = `在线 ${num(info.online_members)} 人`;
        online.dataset.count = String(num(info.online_members));
        for (const li of ul.children) {
          const isOn = on.has(li.dataset.id);
          li.dataset.online = String(isOn);
          const dot = li.querySelector('.g-dot');
          dot.textContent = isOn ? '在线' : '离线';
          dot.classList.toggle('g-on', isOn);
        }
      } catch (err) {
        showError(status, err);
      }
    };
    const page = async (first) => {
      try {
        if (first) {
          nextToken = '';
          shown = [];
          clear(ul);
          clear(memberIds);
        }
        const result = await app.conn.call('get_directory', {unit: unitSelect.value, members: true, limit: PAGE,
          page_token: nextToken});
        for (const m of list(result.members)) {
          shown.push(m);
          ul.append(memberItem(m));
          memberIds.append(h('option', {value: m.id}, m.name || m.id));
        }
        nextToken = result.next_page_token || '';
        more.hidden = !nextToken;
        showError(status, null);
        await presence();
      } catch (err) {
        showError(status, err);
      }
    };
    unitSelect.addEventListener('change', () => page(true));
    more.addEventListener('click', () => page(false));
    const timer = setInterval(presence, PRESENCE_EVERY_MS);
    stops.push(() => clearInterval(timer));
    if (app.conn.onState) {
      const off = app.conn.onState((s) => {
        if (s === 'online') presence();
      });
      if (typeof off === 'function') stops.push(off);
    }

    clear(el).append(
      h('h2', {}, '成员'),
      field('单位', unitSelect),
      online, status, ul, more,
      inviteForm(app, unitSelect),
      moveForm(app, () => page(true)),
      microgrids, memberIds);
    await page(true);
  },

  unmount() {
    for (const stop of stops) stop();
    stops = [];
  },
};

/** The units of the member's scope (GetDirectory without members), home unit first. */
async function scopeUnits(app, home, status) {
  const units = [];
  let token = '';
  try {
    for (let i = 0; i < 20; i++) {
      const page = await app.conn.call('get_directory', {unit: home, members: false, limit: 1000, page_token: token});
      units.push(...list(page.units).filter((u) => u.kind !== 'DEPARTMENT'));
      token = page.next_page_token || '';
      if (!token) break;
    }
  } catch (err) {
    showError(status, err);
  }
  if (!units.some((u) => u.id === home)) units.unshift({id: home, name: home});
  units.sort((a, b) => (a.id === home ? -1 : b.id === home ? 1 : a.id.localeCompare(b.id)));
  return units;
}

function memberItem(m) {
  const tag = TAGS[m.tag] ? ` · ${TAGS[m.tag]}` : '';
  return h('li', {class: 'g-member', testid: 'member', dataset: {id: m.id, unit: m.unit || '', online: 'false'}},
    h('span', {class: 'g-dot', 'aria-label': '在线状态'}, '离线'),
    h('span', {class: 'g-name'}, m.name || m.id),
    h('span', {class: 'g-event-meta'}, `${ROLES[m.role] || m.role}${tag} · ${m.id}`));
}

function inviteForm(app, unitSelect) {
  const name = h('input', {type: 'text', maxlength: 64, testid: 'invite-name', autocomplete: 'off'});
  const unit = h('input', {type: 'text', list: 'members-microgrids', testid: 'invite-unit', required: true});
  const code = h('p', {class: 'g-code', testid: 'invite-code', 'aria-live': 'polite'});
  const status = statusLine('invite-status');
  const submit = h('button', {type: 'submit', class: 'g-primary', testid: 'invite-submit'}, '生成邀请码');
  unit.value = unitSelect.value;
  unitSelect.addEventListener('change', () => {
    unit.value = unitSelect.value;
  });
  const form = h('form', {class: 'g-form', 'aria-labelledby': 'invite-heading'},
    h('h3', {id: 'invite-heading'}, '邀请居民'),
    field('加入的微网格', unit), field('居民姓名（可选）', name), status, submit, code);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    clear(code);
    try {
      const issued = await app.conn.call('issue_invite', {unit: unit.value.trim(), name: name.value.trim()});
      code.dataset.code = issued.code;
      code.append('邀请码：', h('strong', {testid: 'invite-code-value'}, issued.code),
        h('span', {class: 'g-hint'}, ` 有效期至 ${when(issued.expires_at_ms)}`));
      showError(status, null);
    } catch (err) {
      showError(status, err);
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', {class: 'g-card'}, form);
}

function moveForm(app, reload) {
  const member = h('input', {type: 'text', list: 'members-ids', testid: 'move-member', required: true,
    autocomplete: 'off'});
  const to = h('input', {type: 'text', list: 'members-microgrids', testid: 'move-unit', required: true});
  const status = statusLine('move-status');
  const submit = h('button', {type: 'submit', class: 'g-primary', testid: 'move-submit'}, '调整');
  const form = h('form', {class: 'g-form', 'aria-labelledby': 'move-heading'},
    h('h3', {id: 'move-heading'}, '调整微网格'),
    field('成员编号', member), field('调入微网格', to), status, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!member.value.trim() || !to.value.trim()) {
      status.classList.add('g-error');
      status.textContent = '请填写成员和微网格';
      return;
    }
    submit.disabled = true;
    try {
      await app.conn.call('move_member', {member: member.value.trim(), to_unit: to.value.trim()});
      status.classList.remove('g-error');
      status.textContent = `已将 ${member.value.trim()} 调入 ${to.value.trim()}`;
      if (app.toast) app.toast('已调整');
      await reload();
    } catch (err) {
      showError(status, err);
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', {class: 'g-card'}, form);
}
