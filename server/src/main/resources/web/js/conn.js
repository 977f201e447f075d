// The session with the server over /ws: one binary WebSocket message per Envelope. Does what the
// Java client library does (client/src/main/java/org/gridcast/client/): Login with the device's
// delivered cursors, requests matched by request_id with a timeout, pushes to listeners, Ping at
// the heartbeat, reconnect with full-jitter backoff, and one sync path for catch-up and gap
// repair (docs/PROTOCOL.md "Sync and gap repair"). A notice reaches the screens once: delivered
// notices are remembered by channel and seq.
//
// Besides the Envelope pushes (conn.on('notice_push', fn) ...) it emits:
//   'notice'  (notice)              a notice new to this device, in seq order per channel
//   'unread'  ({total, channels})   the exact unread counts, whenever they change
//   'login'   (LoginOk)             after every successful (re)login
//   'fatal'   ({code, message})     the token is no good any more (kicked, revoked, expired)
import { encode, decode } from './proto.js';
import { Emitter } from './emitter.js';

const PROTOCOL_VERSION = 1;
const CALL_TIMEOUT_MS = 10000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8000;
const FETCH_LIMIT = 100;
/** A new device shows this many recent notices per channel, read or not, so its list is not empty. */
const HISTORY_PER_CHANNEL = 20;
/** Pages per channel in one sync pass; the next pass continues (a push or a hint starts one). */
const MAX_PAGES = 50;
/** Requests the server accepts in flight; more would be queued by it, so the app waits here. */
const MAX_IN_FLIGHT = 32;
/** Kicks after which this token will not log in again. */
const FATAL_KICKS = new Set(['REPLACED', 'REVOKED', 'UNAUTHENTICATED']);
const FATAL_LOGIN_ERRORS = new Set(['UNAUTHENTICATED', 'REVOKED', 'UNSUPPORTED_VERSION', 'FORBIDDEN', 'INVALID_INVITE']);

export function wsUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return scheme + '//' + location.host + '/ws';
}

/** Full jitter: uniform in [0, min(cap, base * 2^attempt)], as the Java client's Backoff. */
export function backoffDelay(attempt) {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 20));
  return Math.floor(Math.random() * ceiling);
}

export class Conn extends Emitter {
  constructor({ url = wsUrl(), token, device, store }) {
    super();
    this.url = url;
    this.token = token;
    this.device = device;
    this.store = store;
    this.pending = new Map();
    this.waiting = [];
    this.nextId = 1;
    this.ws = null;
    this.stopped = false;
    this.attempt = 0;
    this.reconnectTimer = 0;
    this.pingTimer = 0;
    this.session = null;
    /** channel → {head, read, start}: the member's channels as the server last described them. */
    this.channels = new Map();
    /** channel → highest seq this device holds (mirrors the store's cursors). */
    this.delivered = new Map();
    /** 'channel#seq' of every notice handed to the screens. */
    this.seen = new Set();
    this.syncQueue = Promise.resolve();
    this.onVisible = () => {
      if (document.visibilityState === 'visible') this.wake();
    };
    this.onOnline = () => this.wake();
  }

  /** Loads cursors and held notices, then connects. */
  async start() {
    this.delivered = await this.store.cursors();
    for (const n of await this.store.notices()) this.seen.add(n.channel + '#' + n.seq);
    document.addEventListener('visibilitychange', this.onVisible);
    window.addEventListener('online', this.onOnline);
    this.connect();
  }

  stop() {
    this.stopped = true;
    document.removeEventListener('visibilitychange', this.onVisible);
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    if (this.ws) this.ws.close();
    this.setState('offline');
  }

  // ------------------------------------------------------------------ requests

  /**
   * Sends a request; resolves with the reply's body object, rejects with {code, message} on an
   * Error reply, a timeout or a lost connection.
   */
  call(body, fields = {}, timeoutMs = CALL_TIMEOUT_MS) {
    if (this.state !== 'online') {
      return Promise.reject({ code: 'UNAVAILABLE', message: '网络未连接' });
    }
    const reply = this.send(body, fields, timeoutMs);
    if (body === 'mark_read' || body === 'confirm') {
      // Both read up to seq: the badge follows at once, whichever tab or screen asked.
      return reply.then((value) => {
        this.raiseRead(fields.channel, fields.seq);
        this.emit('unread', this.unread());
        return value;
      });
    }
    return reply;
  }

  send(body, fields, timeoutMs = CALL_TIMEOUT_MS) {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject({ code: 'UNAVAILABLE', message: '网络未连接' });
    }
    if (this.pending.size >= MAX_IN_FLIGHT) {
      return new Promise((resolve) => this.waiting.push(resolve))
        .then(() => this.send(body, fields, timeoutMs));
    }
    const id = this.nextId++;
    const bytes = encode('Envelope', { version: PROTOCOL_VERSION, request_id: id, [body]: fields });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(id);
        reject({ code: 'TIMEOUT', message: '服务器无响应' });
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, ws });
      ws.send(bytes);
    });
  }

  settle(id) {
    const p = this.pending.get(id);
    if (!p) return null;
    clearTimeout(p.timer);
    this.pending.delete(id);
    const next = this.waiting.shift();
    if (next) next();
    return p;
  }

  // ------------------------------------------------------------------ connection

  connect() {
    if (this.stopped || this.ws) return;
    clearTimeout(this.reconnectTimer);
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => this.login(ws);
    ws.onmessage = (e) => this.receive(ws, e.data);
    ws.onclose = () => this.closed(ws);
    ws.onerror = () => { /* onclose follows and reconnects; the console shows the browser's own line */ };
  }

  /** Reconnect now (page shown again, network back) or re-sync if still connected. */
  wake() {
    if (this.stopped) return;
    if (this.state === 'online') {
      this.resync();
    } else if (!this.ws) {
      this.attempt = 0;
      this.connect();
    }
  }

  async login(ws) {
    const cursors = [...this.delivered].map(([channel, delivered]) => ({ channel, delivered }));
    let ok;
    try {
      ok = await this.send('login', { token: this.token, device: this.device, cursors, client_version: 'h5/1' });
    } catch (e) {
      if (FATAL_LOGIN_ERRORS.has(e.code)) {
        this.fatal(e);
      } else if (ws === this.ws) {
        ws.close();
      }
      return;
    }
    if (ws !== this.ws) return;
    this.attempt = 0;
    this.session = ok;
    this.follow(ok.channels);
    clearInterval(this.pingTimer);
    const beat = Math.max(1, ok.heartbeat_seconds || 30) * 1000 / 2;
    // A Ping left unanswered means a dead path (a phone switching networks often gets no FIN):
    // drop the socket and reconnect instead of waiting for the operating system to notice.
    this.pingTimer = setInterval(() => this.send('ping', {}, beat).catch((e) => {
      if (e.code === 'TIMEOUT' && ws === this.ws) ws.close();
    }), beat);
    this.setState('online');
    this.emit('login', ok);
    this.publishUnread();
    this.resync();
  }

  receive(ws, data) {
    let env;
    try {
      env = decode('Envelope', new Uint8Array(data));
    } catch (e) {
      console.warn('undecodable frame', e);
      return;
    }
    const id = Number(env.request_id);
    if (id > 0) {
      const p = this.settle(id);
      if (!p) return;
      if (env.body === 'error') {
        p.reject({ code: env.error.code, message: env.error.message });
      } else {
        p.resolve(env[env.body]);
      }
      return;
    }
    this.push(env.body, env[env.body]);
    this.emit(env.body, env[env.body]);
  }

  closed(ws) {
    if (ws !== this.ws) return;
    this.ws = null;
    clearInterval(this.pingTimer);
    for (const id of [...this.pending.keys()]) {
      this.settle(id).reject({ code: 'UNAVAILABLE', message: '连接已断开' });
    }
    this.setState('offline');
    if (this.stopped) return;
    this.reconnectTimer = setTimeout(() => this.connect(), backoffDelay(this.attempt++));
  }

  fatal(error) {
    this.stop();
    this.emit('fatal', error);
  }

  // ------------------------------------------------------------------ pushes and sync

  push(body, value) {
    switch (body) {
      case 'notice_push':
        this.onNoticePush(value);
        break;
      case 'unread_push':
        this.raiseRead(value.channel, value.read);
        this.publishUnread(value.unread_total);
        break;
      case 'sync_hint':
      case 'directory_changed':
        this.follow(value.channels);
        this.publishUnread(value.unread_total);
        this.resync();
        break;
      case 'kicked':
        if (FATAL_KICKS.has(value.reason)) this.fatal({ code: value.reason, message: value.message });
        break;
      default:
        break;
    }
  }

  follow(states) {
    this.channels = new Map(states.map((s) => [s.channel, {
      head: Number(s.head), read: Number(s.read), start: Number(s.start) }]));
  }

  raiseRead(channel, read) {
    const c = this.channels.get(channel);
    if (c && Number(read) > c.read) c.read = Number(read);
  }

  /** Unread per channel from head, read and start; serverTotal (when given) is checked against it. */
  unread() {
    const channels = {};
    let total = 0;
    for (const [channel, c] of this.channels) {
      const n = Math.max(0, c.head - Math.max(c.read, c.start));
      if (n > 0) channels[channel] = n;
      total += n;
    }
    return { total, channels };
  }

  publishUnread(serverTotal) {
    const counts = this.unread();
    this.emit('unread', counts);
    // The server's figure includes what this page has not heard of yet (a push on its way, a
    // channel it does not know): ask for the exact counts instead of showing a wrong badge.
    if (serverTotal !== undefined && Number(serverTotal) !== counts.total && this.state === 'online') {
      this.refreshUnread();
    }
  }

  /** GetUnread, then the channels' read cursors are set so that the local counts equal it. */
  async refreshUnread() {
    let reply;
    try {
      reply = await this.call('get_unread', {});
    } catch (e) {
      return;
    }
    for (const [channel, c] of this.channels) {
      const unread = Number(reply.channels[channel] || 0);
      c.read = Math.max(c.start, c.head - unread);
    }
    this.emit('unread', this.unread());
  }

  /** Fetches every followed channel up to its head, then asks for the exact unread counts. */
  resync() {
    return this.serially(async () => {
      for (const channel of [...this.channels.keys()]) {
        await this.catchUp(channel, this.channels.get(channel)?.head ?? 0);
      }
      await this.refreshUnread();
    });
  }

  serially(task) {
    this.syncQueue = this.syncQueue.then(task).catch((e) => {
      if (e && e.code) return; // a lost connection: the next login syncs again
      console.warn('sync failed', e);
    });
    return this.syncQueue;
  }

  from(channel) {
    const c = this.channels.get(channel) || { head: 0, read: 0, start: 0 };
    if (this.delivered.has(channel)) return Math.max(this.delivered.get(channel), c.start);
    return Math.max(c.start, Math.min(c.read, c.head - HISTORY_PER_CHANNEL));
  }

  async catchUp(channel, target) {
    let after = this.from(channel);
    for (let page = 0; page < MAX_PAGES && after < target; page++) {
      const result = await this.call('fetch', { channel, after_seq: after, limit: FETCH_LIMIT });
      const c = this.channels.get(channel);
      if (c) c.head = Math.max(c.head, Number(result.head));
      target = Math.max(target, Number(result.head));
      const fresh = result.notices.filter((n) => Number(n.seq) > after);
      if (fresh.length === 0) break;
      await this.deliver(channel, fresh);
      after = Number(fresh[fresh.length - 1].seq);
    }
  }

  onNoticePush(push) {
    const notice = push.notice;
    const channel = notice.channel;
    const seq = Number(notice.seq);
    const c = this.channels.get(channel);
    if (c) c.head = Math.max(c.head, seq);
    this.serially(async () => {
      if (!this.channels.has(channel) && !this.delivered.has(channel)) {
        await this.deliver(channel, [notice]); // a channel first heard of by its push
      } else {
        const delivered = this.from(channel);
        if (seq <= delivered) return;
        if (seq > delivered + 1) await this.catchUp(channel, seq - 1);
        if (seq > this.from(channel)) await this.deliver(channel, [notice]);
      }
      this.publishUnread(Number(push.unread_total) > 0 ? push.unread_total : undefined);
    });
  }

  async deliver(channel, notices) {
    const fresh = notices.filter((n) => !this.seen.has(n.channel + '#' + n.seq));
    const last = Number(notices[notices.length - 1].seq);
    await this.store.putNotices(fresh);
    if (last > (this.delivered.get(channel) || 0)) {
      this.delivered.set(channel, last);
      await this.store.setCursors([[channel, last]]);
    }
    for (const n of fresh) {
      this.seen.add(n.channel + '#' + n.seq);
      this.emit('notice', n);
    }
  }

  // ------------------------------------------------------------------ reading

  /** Marks read up to seq in channel; the local counts follow at once (see call). */
  markRead(channel, seq) {
    return this.call('mark_read', { channel, seq });
  }

  /** 确认收到: confirms one notice, which reads up to it. */
  confirm(channel, seq) {
    return this.call('confirm', { channel, seq });
  }
}

/** The payload of a v1 token says which device it was issued for (empty: any device). */
export function tokenDevice(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const text = new TextDecoder().decode(Uint8Array.from(atob(payload), (ch) => ch.charCodeAt(0)));
    return text.split('\n')[1] || '';
  } catch (e) {
    return '';
  }
}

/**
 * Redeems an invite code on a connection of its own (RedeemInvite comes before any Login) and
 * resolves with the InviteRedeemed reply ({member, token}); rejects with {code, message}.
 */
export function redeemInvite(code, device, name, url = wsUrl()) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    let settled = false;
    const finish = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.close();
      fn(value);
    };
    const timer = setTimeout(() => finish(reject, { code: 'TIMEOUT', message: '服务器无响应' }), CALL_TIMEOUT_MS);
    ws.onopen = () => ws.send(encode('Envelope', {
      version: PROTOCOL_VERSION, request_id: 1, redeem_invite: { code, device, name } }));
    ws.onmessage = (e) => {
      const env = decode('Envelope', new Uint8Array(e.data));
      if (env.body === 'error') finish(reject, { code: env.error.code, message: env.error.message });
      else if (env.body === 'invite_redeemed') finish(resolve, env.invite_redeemed);
    };
    ws.onclose = () => finish(reject, { code: 'UNAVAILABLE', message: '无法连接服务器' });
  });
}
