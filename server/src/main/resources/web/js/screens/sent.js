// 发布 (staff): the notices this member sent — those this device posted, and those in the
// channels it follows with this member as sender — each opening its live receipts.
import { h, replace, when } from '../dom.js';
import { STAFF_ROLES } from '../roles.js';
import { channelName, loadUnitNames } from '../names.js';

export default {
  route: '#/sent',
  title: '发布',
  tab: true,
  roles: STAFF_ROLES,

  async mount(el, app) {
    const names = await Promise.race([loadUnitNames(app), new Promise((r) => setTimeout(() => r(new Map()), 1500))]);
    const posted = await app.store.sent();
    const known = new Set(posted.map((s) => s.channel + '#' + s.seq));
    for (const n of await app.store.notices()) {
      if (n.sender === app.me.member && n.kind !== 'reminder' && !known.has(n.channel + '#' + n.seq)) {
        posted.push({ channel: n.channel, seq: Number(n.seq), title: n.body?.title || '', at: Number(n.posted_at_ms) });
      }
    }
    posted.sort((a, b) => b.at - a.at);
    replace(el,
      h('a', { href: '#/compose', class: 'button primary', 'data-testid': 'compose-open' }, '发通知'),
      h('h2', { class: 'section-title' }, '已发通知'),
      posted.length === 0 ? h('p', { class: 'empty' }, '还没有发过通知') : null,
      h('ul', { class: 'notice-list', 'aria-label': '已发通知' }, posted.map((s) =>
        h('li', { class: 'notice', 'data-testid': 'sent', 'data-channel': s.channel, 'data-seq': String(s.seq) },
          h('a', { class: 'notice-link', href: '#/receipts/' + encodeURIComponent(s.channel) + '/' + s.seq },
            h('span', { class: 'notice-title' }, s.title || '（无标题）'),
            h('span', { class: 'notice-meta' }, channelName(s.channel, names) + ' · ' + when(s.at)))))));
  },

  unmount() {},
};
