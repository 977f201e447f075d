// 回执 (#/receipts/<channel>/<seq>): how many of the notice's audience have read, not read and
// confirmed it, refreshed every few seconds while open (the protocol pushes no receipts), with
// paged lists of who, and 提醒未读.
import { h, replace } from '../dom.js';
import { STAFF_ROLES } from '../roles.js';

const REFRESH_MS = 2000;
const PAGE = 50;
const LISTS = [
  { id: 'READ', label: '已读', testid: 'receipts-read' },
  { id: 'UNREAD', label: '未读', testid: 'receipts-unread' },
  { id: 'CONFIRMED', label: '已确认', testid: 'receipts-confirmed' },
];

let timer = 0;
let stopVisible = null;

export default {
  route: '#/receipts',
  title: '回执',
  tab: false,
  roles: STAFF_ROLES,

  async mount(el, app, [channel, seqText]) {
    const seq = Number(seqText);
    const status = h('p', { class: 'form-status', role: 'status', 'data-testid': 'receipts-status' });
    const counts = {};
    const countCells = LISTS.map((l) => {
      counts[l.id] = h('strong', { 'data-testid': l.testid }, '–');
      return h('div', { class: 'stat' }, counts[l.id], h('span', {}, l.label));
    });
    const members = h('strong', { 'data-testid': 'receipts-members' }, '–');
    let list = 'UNREAD';
    let token = '';
    const who = h('ul', { class: 'who', 'aria-label': '名单', 'data-testid': 'receipts-list' });
    const more = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => page(false) }, '更多');
    const listButtons = LISTS.map((l) => h('button', { type: 'button', class: 'chip', 'data-list': l.id,
      'aria-pressed': l.id === list ? 'true' : 'false', onclick: () => {
        list = l.id;
        for (const b of listButtons) b.setAttribute('aria-pressed', b.dataset.list === list ? 'true' : 'false');
        page(true);
      } }, l.label));

    // Names for the lists: the notice's unit (or the sender's own unit for a point-to-point
    // notice), one page; ids outside it are shown as ids.
    const roster = app.conn.call('get_directory', {
      unit: channel.startsWith('u:') ? channel.slice(2) : app.me.unit, members: true, limit: 1000 })
      .then((page) => new Map(page.members.map((m) => [m.id, m.name])), () => new Map());

    const refresh = async () => {
      if (!app.conn || app.conn.state !== 'online') return;
      try {
        const r = await app.conn.call('get_receipts', { channel, seq, list: 'RECEIPT_LIST_NONE' });
        members.textContent = String(r.members);
        counts.READ.textContent = String(r.read);
        counts.UNREAD.textContent = String(r.unread);
        counts.CONFIRMED.textContent = String(r.confirmed);
      } catch (e) {
        replace(status, '读取回执失败：' + (e.message || e.code));
      }
    };

    const page = async (first) => {
      if (first) {
        token = '';
        replace(who);
      }
      try {
        const r = await app.conn.call('get_receipts', { channel, seq, list, page_token: token, limit: PAGE });
        const names = await roster;
        who.append(...r.list.map((id) => h('li', { 'data-member': id }, names.has(id) ? names.get(id) + '（' + id + '）' : id)));
        token = r.next_page_token;
        more.hidden = !token;
      } catch (e) {
        replace(status, '读取名单失败：' + (e.message || e.code));
      }
    };

    const remind = h('button', { type: 'button', class: 'primary', 'data-testid': 'remind', onclick: async () => {
      remind.disabled = true;
      try {
        const r = await app.conn.call('remind_unread', { channel, seq });
        replace(status, '已提醒 ' + r.reminded + ' 人');
        app.toast('已提醒 ' + r.reminded + ' 人');
      } catch (e) {
        replace(status, e.code === 'RATE_LIMITED' ? '刚刚提醒过，请稍后再试' : '提醒失败：' + (e.message || e.code));
      } finally {
        remind.disabled = false;
      }
    } }, '提醒未读');

    replace(el, h('a', { href: '#/sent', class: 'back' }, '‹ 已发通知'),
      h('section', { class: 'card', 'aria-label': '回执统计' },
        h('p', { class: 'summary' }, '应收 ', members, ' 人'),
        h('div', { class: 'stats' }, countCells)),
      remind, status,
      h('div', { class: 'chips', role: 'group', 'aria-label': '名单' }, listButtons),
      who, more);

    await refresh();
    await page(true);
    clearInterval(timer);
    timer = setInterval(refresh, REFRESH_MS);
    const visible = () => { if (document.visibilityState === 'visible') refresh(); };
    document.addEventListener('visibilitychange', visible);
    stopVisible = () => document.removeEventListener('visibilitychange', visible);
  },

  unmount() {
    clearInterval(timer);
    if (stopVisible) stopVisible();
    stopVisible = null;
  },
};
