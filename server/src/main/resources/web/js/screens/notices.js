// 通知: every notice this device holds, newest first, with the exact unread count in total and
// per channel. New notices and read cursors arrive live from the connection.
import { h, replace, when } from '../dom.js';
import { ALL_ROLES } from '../roles.js';
import { channelName, loadUnitNames } from '../names.js';

let stops = [];

export function isUnread(app, notice) {
  const c = app.conn && app.conn.channels.get(notice.channel);
  return !!c && Number(notice.seq) > Math.max(c.read, c.start);
}

export default {
  route: '#/notices',
  title: '通知',
  tab: true,
  roles: ALL_ROLES,

  async mount(el, app) {
    const total = h('strong', { 'data-testid': 'unread-total' }, String(app.unread.total));
    const chips = h('ul', { class: 'chips', 'aria-label': '各频道未读' });
    const list = h('ul', { class: 'notice-list', 'aria-label': '通知列表' });
    const empty = h('p', { class: 'empty' }, '暂无通知');
    let filter = '';
    let notices = await app.store.notices();
    let names = new Map();

    const item = (n) => {
      const unread = isUnread(app, n);
      return h('li', { class: 'notice' + (unread ? ' unread' : ''), 'data-testid': 'notice',
        'data-channel': n.channel, 'data-seq': String(n.seq), 'data-unread': unread ? '1' : '0' },
      h('a', { href: '#/notice/' + encodeURIComponent(n.channel) + '/' + n.seq, class: 'notice-link' },
        h('span', { class: 'notice-head' },
          unread ? h('span', { class: 'dot', 'aria-label': '未读' }) : null,
          h('span', { class: 'notice-title', 'data-testid': 'notice-title' }, n.body?.title || '（无标题）')),
        h('span', { class: 'notice-meta' },
          (n.sender_name || n.sender) + ' · ' + channelName(n.channel, names) + ' · ' + when(n.posted_at_ms)),
        n.body?.needs_confirm ? h('span', { class: 'tag' }, '需确认') : null));
    };

    const draw = () => {
      const counts = app.unread;
      total.textContent = String(counts.total);
      const channels = [...new Set([...Object.keys(counts.channels), ...notices.map((n) => n.channel)])].sort();
      replace(chips,
        h('li', {}, h('button', { type: 'button', class: 'chip', 'aria-pressed': filter === '' ? 'true' : 'false',
          onclick: () => { filter = ''; draw(); } }, '全部')),
        channels.map((c) => h('li', {}, h('button', { type: 'button', class: 'chip', 'data-testid': 'channel-unread',
          'data-channel': c, 'data-unread': String(counts.channels[c] || 0),
          'aria-pressed': filter === c ? 'true' : 'false', onclick: () => { filter = c; draw(); } },
        channelName(c, names), counts.channels[c] ? h('span', { class: 'badge' }, String(counts.channels[c])) : null))));
      const shown = notices.filter((n) => !filter || n.channel === filter);
      replace(list, shown.map(item));
      empty.hidden = shown.length > 0;
    };

    replace(el,
      h('p', { class: 'summary' }, '未读 ', total, ' 条'),
      chips, list, empty);
    draw();
    loadUnitNames(app).then((loaded) => {
      names = loaded;
      if (el.isConnected) draw();
    });

    stops = [
      app.conn ? app.conn.on('notice', (n) => {
        notices = [n, ...notices.filter((m) => m.channel !== n.channel || Number(m.seq) !== Number(n.seq))];
        notices.sort((a, b) => Number(b.posted_at_ms) - Number(a.posted_at_ms));
        draw();
      }) : null,
      app.conn ? app.conn.on('unread', () => draw()) : null,
    ].filter(Boolean);
  },

  unmount() {
    for (const stop of stops) stop();
    stops = [];
  },
};
