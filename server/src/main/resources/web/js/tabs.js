// Several tabs of one browser profile are one device (one IndexedDB, one device id, one token).
// The server allows one session per member and device — a second Login would kick the first
// (REPLACED) — so exactly one tab holds the WebSocket: the one holding the Web Lock
// 'gridcast-socket:<device>'. The other tabs send their requests to it and hear its events over a
// BroadcastChannel. When the holding tab closes, the lock passes to another tab, which connects.
//
// SharedConn has the interface screens use (app.conn): call, on, onState, state, channels,
// unread, markRead, confirm; it is the same whichever tab holds the socket.
import { Conn } from './conn.js';
import { Emitter } from './emitter.js';

const RELAY_TIMEOUT_MS = 15000;
/** Events of the socket tab that the other tabs replay to their screens. */
const RELAYED = new Set(['notice', 'unread', 'login', 'fatal', 'notice_push', 'unread_push', 'sync_hint',
  'directory_changed', 'kicked', 'pong']);

export class SharedConn extends Emitter {
  constructor({ token, device, store }) {
    super();
    this.options = { token, device, store };
    this.primary = null;
    this.mirror = new Map();
    this.session = null;
    this.seen = new Set();
    this.pending = new Map();
    this.nextId = 1;
    this.tab = crypto.randomUUID();
    this.stopped = false;
    this.release = null;
    this.bus = new BroadcastChannel('gridcast:' + device);
    this.bus.onmessage = (e) => this.fromBus(e.data);
  }

  async start() {
    for (const n of await this.options.store.notices()) this.seen.add(n.channel + '#' + n.seq);
    // The socket tab re-syncs on its own visibilitychange; a tab shown later asks it to.
    this.onVisible = () => {
      if (!this.primary && document.visibilityState === 'visible') this.wake();
    };
    document.addEventListener('visibilitychange', this.onVisible);
    if (navigator.locks) {
      navigator.locks.request('gridcast-socket:' + this.options.device, () => this.becomePrimary());
      this.post({ type: 'hello', tab: this.tab });
    } else {
      this.becomePrimary(); // no Web Locks: every tab on its own (the last login wins)
    }
  }

  /** Holds the lock until this tab stops or closes. */
  becomePrimary() {
    if (this.stopped) return Promise.resolve();
    const conn = new Conn(this.options);
    conn.emit = (name, value) => {
      Conn.prototype.emit.call(conn, name, value);
      this.fromPrimary(name, value);
    };
    conn.onState((state) => {
      this.setState(state);
      this.post({ type: 'state', state });
    });
    this.primary = conn;
    conn.start();
    return new Promise((resolve) => { this.release = resolve; });
  }

  stop() {
    this.stopped = true;
    document.removeEventListener('visibilitychange', this.onVisible);
    if (this.primary) this.primary.stop();
    if (this.release) this.release();
    this.bus.close();
    this.setState('offline');
  }

  // ------------------------------------------------------------------ the screens' interface

  get channels() {
    return this.primary ? this.primary.channels : this.mirror;
  }

  unread() {
    if (this.primary) return this.primary.unread();
    const channels = {};
    let total = 0;
    for (const [channel, c] of this.mirror) {
      const n = Math.max(0, c.head - Math.max(c.read, c.start));
      if (n > 0) channels[channel] = n;
      total += n;
    }
    return { total, channels };
  }

  call(body, fields = {}) {
    if (this.primary) return this.primary.call(body, fields);
    if (this.state !== 'online') return Promise.reject({ code: 'UNAVAILABLE', message: '网络未连接' });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject({ code: 'TIMEOUT', message: '服务器无响应' });
      }, RELAY_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.post({ type: 'call', tab: this.tab, id, body, fields });
    });
  }

  markRead(channel, seq) {
    return this.call('mark_read', { channel, seq });
  }

  confirm(channel, seq) {
    return this.call('confirm', { channel, seq });
  }

  wake() {
    if (this.primary) this.primary.wake();
    else this.post({ type: 'wake' });
  }

  // ------------------------------------------------------------------ plumbing

  /** To the other tabs; nothing once stopped (a fatal kick stops the session mid-event). */
  post(message) {
    if (!this.stopped) this.bus.postMessage(message);
  }

  /** As Emitter's, but a notice reaches this tab's screens once, whether from its socket or the bus. */
  emit(name, value) {
    if (name === 'notice') {
      const key = value.channel + '#' + value.seq;
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    super.emit(name, value);
  }

  /** The socket tab's own event: to its screens, and to the other tabs. */
  fromPrimary(name, value) {
    if (name === 'login') this.session = value;
    this.emit(name, value);
    if (RELAYED.has(name)) {
      this.post({ type: 'event', name, value, channels: [...this.primary.channels] });
    }
  }

  fromBus(m) {
    if (this.primary) {
      this.serve(m);
      return;
    }
    switch (m.type) {
      case 'snapshot':
        this.mirror = new Map(m.channels);
        this.setState(m.state);
        if (m.session) this.emit('login', m.session);
        this.emit('unread', this.unread());
        break;
      case 'state':
        this.setState(m.state);
        break;
      case 'event':
        this.mirror = new Map(m.channels);
        this.emit(m.name, m.value);
        break;
      case 'reply': {
        if (m.tab !== this.tab) return;
        const p = this.pending.get(m.id);
        if (!p) return;
        clearTimeout(p.timer);
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(m.error);
        break;
      }
      default:
        break;
    }
  }

  /** What the socket tab does for the others. */
  serve(m) {
    const conn = this.primary;
    switch (m.type) {
      case 'hello':
        this.post({ type: 'snapshot', state: conn.state, session: this.session,
          channels: [...conn.channels] });
        break;
      case 'wake':
        conn.wake();
        break;
      case 'call':
        conn.call(m.body, m.fields).then(
          (value) => this.post({ type: 'reply', tab: m.tab, id: m.id, ok: true, value }),
          (error) => this.post({ type: 'reply', tab: m.tab, id: m.id, ok: false,
            error: { code: error.code || 'INTERNAL', message: error.message || String(error) } }));
        break;
      default:
        break;
    }
  }
}
