// One notice (#/notice/<channel>/<seq>). Opening it marks it read on every device of the member;
// a notice that asks for it shows 确认收到 (回执).
import { h, replace, when } from '../dom.js';
import { ALL_ROLES } from '../roles.js';
import { channelName, loadUnitNames } from '../names.js';

async function load(app, channel, seq) {
  const held = await app.store.notice(channel, seq);
  if (held) return held;
  const page = await app.conn.call('fetch', { channel, after_seq: seq - 1, limit: 1 });
  const found = page.notices.find((n) => Number(n.seq) === seq);
  if (found) await app.store.putNotices([found]);
  return found;
}

export default {
  route: '#/notice',
  title: '通知详情',
  tab: false,
  roles: ALL_ROLES,

  async mount(el, app, [channel, seqText]) {
    const seq = Number(seqText);
    if (!channel || !Number.isSafeInteger(seq) || seq < 1) {
      replace(el, h('p', { class: 'error', role: 'alert' }, '无效的通知地址'));
      return;
    }
    const n = await load(app, channel, seq);
    if (!n) {
      replace(el, h('p', { class: 'error', role: 'alert' }, '找不到这条通知'));
      return;
    }
    const names = await Promise.race([loadUnitNames(app), new Promise((r) => setTimeout(() => r(new Map()), 1500))]);
    const confirmedKey = 'confirmed:' + channel + '#' + seq;
    const status = h('p', { class: 'form-status', role: 'status' });
    const back = h('a', { href: '#/notices', class: 'back' }, '‹ 返回通知');
    const attachments = (n.body?.attachments || []).map((url) =>
      h('li', {}, h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url)));

    let confirm = null;
    if (n.body?.needs_confirm) {
      const done = await app.store.get(confirmedKey);
      confirm = h('button', { type: 'button', class: 'primary', 'data-testid': 'confirm', disabled: !!done,
        onclick: async () => {
          confirm.disabled = true;
          try {
            await app.conn.confirm(channel, seq);
            await app.store.set(confirmedKey, Date.now());
            confirm.textContent = '已确认收到';
            replace(status, '已确认，发布人可以看到您的回执');
          } catch (e) {
            confirm.disabled = false;
            replace(status, '确认失败：' + (e.message || e.code));
          }
        } }, done ? '已确认收到' : '确认收到');
    }

    replace(el, back,
      h('article', { class: 'card notice-detail', 'aria-labelledby': 'notice-detail-title' },
        h('h2', { id: 'notice-detail-title', 'data-testid': 'notice-title' }, n.body?.title || '（无标题）'),
        h('p', { class: 'notice-meta' },
          (n.sender_name || n.sender) + ' · ' + channelName(n.channel, names) + ' · ' + when(n.posted_at_ms)),
        n.body?.category ? h('p', { class: 'tag' }, n.body.category) : null,
        h('div', { class: 'notice-text', 'data-testid': 'notice-text' }, n.body?.text || ''),
        attachments.length ? h('ul', { class: 'attachments', 'aria-label': '附件' }, attachments) : null),
      confirm, status);
    el.querySelector('h2').focus?.();

    const c = app.conn && app.conn.channels.get(channel);
    if (c && seq > c.read && app.conn.state === 'online') {
      app.conn.markRead(channel, seq).catch((e) => replace(status, '未能标记已读：' + (e.message || e.code)));
    }
  },

  unmount() {},
};
