// 政策咨询: a resident types a question and sees the community's FAQ answers the server
// matches (Ask without send) while typing; 发送 opens or continues the conversation with their
// micro-grid leader (Ask with send). Both parties chat on channel c:<id>: history on open, live
// NoticePushes after, MarkRead as messages are shown. Route #/consult, a chat #/consult/<id>.
import {h, clear, field, statusLine, showError, randomId, when, ensureCss, num, list} from './lib/dom.js';
import {memberNames, personName} from './lib/names.js';

/** Matching waits for a pause in typing, so a question costs a few Ask calls, not one per key. */
const SUGGEST_DELAY_MS = 400;
const HISTORY_PAGE = 100;
/** Stops paging a history that keeps returning full pages (100 × 100 messages). */
const MAX_HISTORY_PAGES = 100;

let stops = [];

export default {
  route: '#/consult',
  title: '咨询',
  tab: true,
  roles: ['RESIDENT', 'MICROGRID_LEADER', 'GRID_WORKER', 'COMMUNITY_STAFF', 'TOWN_STAFF'],

  async mount(el, app, params) {
    ensureCss('/css/screens2.css');
    const raw = Array.isArray(params) ? params[0] : params;
    const id = typeof raw === 'string' && /^[A-Za-z0-9_:-]{1,64}$/.test(raw) ? raw : null;
    if (id) {
      await mountChat(el, app, id);
    } else {
      await mountHome(el, app);
    }
  },

  unmount() {
    for (const stop of stops) stop();
    stops = [];
  },
};

function onState(app, fn) {
  if (!app.conn.onState) return;
  const off = app.conn.onState(fn);
  if (typeof off === 'function') stops.push(off);
}

// ------------------------------------------------------------------ ask + conversations

async function mountHome(el, app) {
  const conversations = h('ul', {class: 'g-list', testid: 'conversations', 'aria-label': '咨询记录'});
  const listStatus = statusLine('conversations-status');
  const reload = () => loadConversations(app, conversations, listStatus);
  const resident = app.me && app.me.role === 'RESIDENT';
  clear(el).append(
    resident ? h('section', {class: 'g-card', 'aria-labelledby': 'ask-heading'},
      h('h2', {id: 'ask-heading'}, '政策咨询'),
      askForm(app)) : h('h2', {}, '居民咨询'),
    h('section', {class: 'g-card', 'aria-labelledby': 'conv-heading'},
      h('h3', {id: 'conv-heading'}, '咨询记录'),
      listStatus,
      conversations));
  const off = app.conn.on('notice', (notice) => {
    if (notice && String(notice.channel || '').startsWith('c:')) reload();
  });
  if (typeof off === 'function') stops.push(off);
  onState(app, (s) => {
    if (s === 'online') reload();
  });
  await reload();
}

function askForm(app) {
  const question = h('textarea', {testid: 'ask-text', rows: 3, maxlength: 4000, placeholder: '例如：怎么办理居住证？'});
  const suggestions = h('ul', {class: 'g-faq', testid: 'faq-matches', 'aria-label': '常见问题解答', 'aria-live': 'polite'});
  const status = statusLine('ask-status');
  const send = h('button', {type: 'submit', class: 'g-primary', testid: 'ask-send'}, '发送给网格长');
  let timer = null;
  let asked = '';
  let msgId = randomId();
  const suggest = async () => {
    const text = question.value.trim();
    if (text === asked) return;
    asked = text;
    if (text.length < 2) {
      clear(suggestions);
      return;
    }
    try {
      const result = await app.conn.call('event_call', {ask: {text}});
      if (asked !== text) return; // a newer question is on its way
      showMatches(suggestions, list((result.ask || {}).matches));
    } catch (err) {
      showError(status, err);
    }
  };
  question.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, SUGGEST_DELAY_MS);
  });
  stops.push(() => clearTimeout(timer));
  const form = h('form', {class: 'g-form'},
    field('您的问题', question, '输入时会先显示常见问题的解答；仍需帮助可发送给网格长。'),
    suggestions, status, send);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = question.value.trim();
    if (!text) {
      status.classList.add('g-error');
      status.textContent = '请输入问题';
      question.focus();
      return;
    }
    send.disabled = true;
    try {
      const result = (await app.conn.call('event_call', {ask: {text, send: true, client_msg_id: msgId}})).ask || {};
      msgId = randomId();
      showMatches(suggestions, list(result.matches));
      const conv = result.conversation || {};
      if (conv.id) app.navigate(`#/consult/${encodeURIComponent(conv.id)}`);
    } catch (err) {
      showError(status, err);
    } finally {
      send.disabled = false;
    }
  });
  return form;
}

function showMatches(ul, matches) {
  clear(ul);
  for (const m of matches) {
    ul.append(h('li', {testid: 'faq-match', dataset: {id: m.id || ''}},
      h('details', {},
        h('summary', {testid: 'faq-question'}, m.question || ''),
        h('p', {testid: 'faq-answer'}, m.answer || ''))));
  }
}

async function loadConversations(app, ul, status) {
  try {
    const [result, names] = await Promise.all([app.conn.call('event_call', {conversations: {}}), memberNames(app)]);
    const items = list((result.conversations || {}).conversations);
    clear(ul);
    showError(status, null);
    if (items.length === 0) status.textContent = '暂无咨询';
    for (const c of items) {
      const other = app.me && c.resident === app.me.member ? c.staff : c.resident;
      ul.append(h('li', {testid: 'conversation', dataset: {id: c.id}},
        h('a', {href: `#/consult/${encodeURIComponent(c.id)}`, class: 'g-event-link'},
          h('span', {}, `与 ${personName(app, names, other)} 的咨询`),
          c.overdue ? h('span', {class: 'g-flag g-flag-red'}, '超时未回复')
            : num(c.waiting_since_ms) ? h('span', {class: 'g-flag g-flag-yellow'}, '待回复') : null,
          h('span', {class: 'g-event-meta'}, when(c.opened_at_ms)))));
    }
  } catch (err) {
    showError(status, err);
  }
}

// ------------------------------------------------------------------ one conversation

async function mountChat(el, app, id) {
  const channel = `c:${id}`;
  const messages = h('ol', {class: 'g-chat', testid: 'chat-messages', 'aria-live': 'polite', 'aria-label': '消息'});
  const status = statusLine('chat-status');
  const receipt = h('p', {class: 'g-hint', testid: 'chat-peer-read'});
  const input = h('textarea', {testid: 'chat-text', rows: 2, maxlength: 4000});
  const send = h('button', {type: 'submit', class: 'g-primary', testid: 'chat-send'}, '发送');
  const form = h('form', {class: 'g-form g-chat-form'}, field('回复', input), status, send);
  const seen = new Set();
  let last = 0;
  let peerRead = 0;
  let msgId = randomId();
  const names = await memberNames(app);

  const show = (m) => {
    const seq = num(m.seq);
    if (seen.has(seq)) return;
    seen.add(seq);
    last = Math.max(last, seq);
    const mine = app.me && m.sender === app.me.member;
    const item = h('li', {class: mine ? 'g-msg g-mine' : 'g-msg', testid: 'chat-message',
      dataset: {seq: String(seq), sender: m.sender || ''}},
      h('span', {class: 'g-actor'}, mine ? '我' : personName(app, names, m.sender)),
      h('time', {}, when(m.at_ms)),
      h('p', {}, m.text || ''));
    // keep seq order whatever order history and pushes arrived in
    const after = Array.from(messages.children).find((li) => Number(li.dataset.seq) > seq);
    messages.insertBefore(item, after || null);
  };
  const markRead = async () => {
    if (last > 0) {
      try {
        // the shell's markRead also lowers its own unread count at once
        if (app.conn.markRead) await app.conn.markRead(channel, last);
        else await app.conn.call('mark_read', {channel, seq: last});
      } catch (e) {
        // the badge catches up on the next read
      }
    }
  };
  const showReceipt = () => {
    const mineRead = Array.from(messages.children).filter((li) => li.classList.contains('g-mine')
      && Number(li.dataset.seq) <= peerRead).length;
    receipt.textContent = peerRead ? `对方已读到第 ${peerRead} 条（我的消息已读 ${mineRead} 条）` : '';
  };
  const history = async () => {
    try {
      for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
        const r = (await app.conn.call('event_call', {chat: {conversation: id, history: true, after_seq: last,
          limit: HISTORY_PAGE}})).chat || {};
        peerRead = num(r.peer_read);
        const batch = list(r.messages);
        for (const m of batch) show(m);
        if (batch.length < HISTORY_PAGE) break;
      }
      showError(status, null);
      showReceipt();
      await markRead();
    } catch (err) {
      showError(status, err);
    }
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    send.disabled = true;
    try {
      const r = (await app.conn.call('event_call', {chat: {conversation: id, send: text, client_msg_id: msgId}})).chat || {};
      msgId = randomId();
      input.value = '';
      show({seq: r.seq, sender: app.me && app.me.member, at_ms: Date.now(), text});
      showError(status, null);
    } catch (err) {
      showError(status, err);
    } finally {
      send.disabled = false;
    }
  });

  const off = app.conn.on('notice', (n) => {
    if (!n || n.channel !== channel) return;
    show({seq: n.seq, sender: n.sender, at_ms: n.posted_at_ms, text: (n.body || {}).text});
    markRead();
  });
  if (typeof off === 'function') stops.push(off);
  onState(app, (s) => {
    if (s === 'online') history();
  });

  clear(el).append(
    h('p', {}, h('a', {href: '#/consult', class: 'g-back'}, '← 咨询记录')),
    h('h2', {}, '政策咨询'),
    messages, receipt, form);
  await history();
}
