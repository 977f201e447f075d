// 发通知 (staff): to a unit in the sender's scope, picked from the directory tree, or to named
// members; title, text and whether it needs 确认收到. The client_msg_id is fixed when the form
// opens, so pressing send again after a lost reply cannot post twice.
import { h, replace } from '../dom.js';
import { STAFF_ROLES } from '../roles.js';

const KIND_NAMES = { TOWN: '镇/街道', COMMUNITY: '村/社区', GRID: '网格', MICROGRID: '微网格', DEPARTMENT: '部门' };
const MAX_PAGES = 20;

/** Every unit of the sender's scope, as a depth-first tree order with depths. */
async function unitTree(app) {
  const units = [];
  let token = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    const reply = await app.conn.call('get_directory', { members: false, page_token: token, limit: 1000 });
    units.push(...reply.units);
    token = reply.next_page_token;
    if (!token) break;
  }
  const ids = new Set(units.map((u) => u.id));
  const children = new Map();
  for (const u of units) {
    const parent = ids.has(u.parent) ? u.parent : '';
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(u);
  }
  const ordered = [];
  const walk = (parent, depth) => {
    for (const u of (children.get(parent) || []).sort((a, b) => a.id.localeCompare(b.id))) {
      ordered.push({ ...u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk('', 0);
  return ordered;
}

export default {
  route: '#/compose',
  title: '发通知',
  tab: false,
  roles: STAFF_ROLES,

  async mount(el, app) {
    let clientMsgId = crypto.randomUUID();
    const units = await unitTree(app);
    const status = h('p', { class: 'form-status', role: 'alert', 'data-testid': 'compose-status' });
    const unit = h('select', { id: 'compose-unit', 'data-testid': 'compose-unit' },
      units.map((u) => h('option', { value: u.id, selected: u.id === app.me.unit },
        '\u3000'.repeat(u.depth) + u.name + '（' + (KIND_NAMES[u.kind] || u.kind) + '）')));
    const members = h('input', { id: 'compose-members', 'data-testid': 'compose-members',
      placeholder: '也可直接填写成员编号，用逗号分隔', autocomplete: 'off' });
    const search = h('input', { id: 'compose-search', type: 'search', placeholder: '按姓名或编号筛选',
      'data-testid': 'compose-search', autocomplete: 'off' });
    const picked = new Set();
    const pickedCount = h('span', { 'data-testid': 'compose-picked' }, '0');
    const roster = h('ul', { class: 'roster', 'aria-label': '成员' });
    let loadedFor = '';
    const loadRoster = async () => {
      if (loadedFor === unit.value) return;
      loadedFor = unit.value;
      replace(roster, h('li', {}, '正在加载…'));
      try {
        const page = await app.conn.call('get_directory', { unit: unit.value, members: true, limit: 500 });
        replace(roster, page.members.filter((m) => m.id !== app.me.member).map((m) => {
          const box = h('input', { type: 'checkbox', value: m.id, checked: picked.has(m.id),
            'data-testid': 'compose-member', 'data-id': m.id, onchange: () => {
              if (box.checked) picked.add(m.id);
              else picked.delete(m.id);
              pickedCount.textContent = String(picked.size);
            } });
          return h('li', { 'data-search': (m.name + ' ' + m.id).toLowerCase() },
            h('label', { class: 'check' }, box, h('span', {}, m.name + '（' + m.id + '）')));
        }));
        filter();
      } catch (err) {
        loadedFor = '';
        replace(roster, h('li', { class: 'error' }, '成员加载失败：' + (err.message || err.code)));
      }
    };
    const filter = () => {
      const q = search.value.trim().toLowerCase();
      for (const li of roster.children) li.hidden = !!q && !(li.dataset.search || '').includes(q);
    };
    search.addEventListener('input', filter);
    unit.addEventListener('change', () => { if (audience === 'members') loadRoster(); });
    const title = h('input', { id: 'compose-title', 'data-testid': 'compose-title', maxlength: '200', required: true });
    const text = h('textarea', { id: 'compose-text', 'data-testid': 'compose-text', rows: '6', maxlength: '4000' });
    const needsConfirm = h('input', { type: 'checkbox', id: 'compose-confirm', 'data-testid': 'compose-confirm' });
    const send = h('button', { type: 'submit', class: 'primary', 'data-testid': 'compose-send' }, '发送');
    const unitLabel = h('label', { for: 'compose-unit' }, '发给单位（含下级全部成员）');
    const unitRow = h('div', { class: 'field' }, unitLabel, unit);
    const membersRow = h('div', { class: 'field', hidden: true },
      h('label', { for: 'compose-search' }, '选择成员（已选 ', pickedCount, ' 人）'), search, roster,
      h('label', { for: 'compose-members' }, '成员编号'), members);
    let audience = 'unit';
    const pick = (value) => {
      audience = value;
      membersRow.hidden = value !== 'members';
      unitLabel.textContent = value === 'unit' ? '发给单位（含下级全部成员）' : '从该单位中选择成员';
      if (value === 'members') loadRoster();
    };

    const form = h('form', { class: 'card form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const body = { title: title.value.trim(), text: text.value.trim(), needs_confirm: needsConfirm.checked };
      if (!body.title) {
        replace(status, '请填写标题');
        title.focus();
        return;
      }
      const fields = { body, client_msg_id: clientMsgId };
      if (audience === 'unit') {
        fields.unit = unit.value;
      } else {
        const typed = members.value.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
        const ids = [...new Set([...picked, ...typed])];
        if (ids.length === 0) {
          replace(status, '请填写至少一位成员');
          members.focus();
          return;
        }
        fields.to = { members: ids };
      }
      send.disabled = true;
      replace(status, '正在发送…');
      try {
        const posted = await app.conn.call('post_notice', fields);
        await app.store.addSent({ channel: posted.channel, seq: Number(posted.seq), title: body.title,
          unit: fields.unit || '', recipients: posted.recipients, needs_confirm: body.needs_confirm, at: Date.now() });
        clientMsgId = crypto.randomUUID();
        app.toast(posted.duplicate ? '该通知已发送过' : '已发送');
        app.navigate('#/receipts/' + encodeURIComponent(posted.channel) + '/' + posted.seq);
      } catch (err) {
        replace(status, '发送失败：' + (err.message || err.code));
        send.disabled = false;
      }
    } },
    h('fieldset', { class: 'segments' }, h('legend', {}, '发送对象'),
      h('label', { class: 'segment' }, h('input', { type: 'radio', name: 'audience', value: 'unit', checked: true,
        onchange: () => pick('unit') }), h('span', {}, '单位')),
      h('label', { class: 'segment' }, h('input', { type: 'radio', name: 'audience', value: 'members',
        'data-testid': 'compose-to-members', onchange: () => pick('members') }), h('span', {}, '指定成员'))),
    unitRow, membersRow,
    h('div', { class: 'field' }, h('label', { for: 'compose-title' }, '标题'), title),
    h('div', { class: 'field' }, h('label', { for: 'compose-text' }, '正文'), text),
    h('label', { class: 'check', for: 'compose-confirm' }, needsConfirm, h('span', {}, '需要确认收到（回执）')),
    send, status);
    replace(el, h('a', { href: '#/sent', class: 'back' }, '‹ 已发通知'), form);
  },

  unmount() {},
};
