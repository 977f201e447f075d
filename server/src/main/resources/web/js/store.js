// The device's memory, in IndexedDB: the token and device id (kv), the delivered cursor per
// channel (cursors), the notices this device holds (notices, keyed [channel, seq] so a notice is
// stored once however often it arrives) and the notices this device sent (sent). Each browser
// profile is one device: its id is generated once and kept here.

const DB_NAME = 'gridcast';
const DB_VERSION = 1;
/** A phone keeps the newest notices; older ones are fetched again if ever needed. */
const MAX_NOTICES = 2000;
const MAX_SENT = 200;

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export class Store {
  constructor(db) {
    this.db = db;
  }

  static async open(name = DB_NAME) {
    const request = indexedDB.open(name, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('kv');
      db.createObjectStore('cursors');
      const notices = db.createObjectStore('notices', { keyPath: ['channel', 'seq'] });
      notices.createIndex('posted', 'posted_at_ms');
      db.createObjectStore('sent', { keyPath: ['channel', 'seq'] });
    };
    return new Store(await promised(request));
  }

  async get(key) {
    return promised(this.db.transaction('kv').objectStore('kv').get(key));
  }

  async set(key, value) {
    const tx = this.db.transaction('kv', 'readwrite');
    tx.objectStore('kv').put(value, key);
    return done(tx);
  }

  async del(key) {
    const tx = this.db.transaction('kv', 'readwrite');
    tx.objectStore('kv').delete(key);
    return done(tx);
  }

  /** This profile's device id, created on first use. */
  async deviceId() {
    let id = await this.get('device');
    if (!id) {
      const bytes = crypto.getRandomValues(new Uint8Array(8));
      id = 'h5-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      await this.set('device', id);
    }
    return id;
  }

  /** Every delivered cursor: Map channel → seq. */
  async cursors() {
    const tx = this.db.transaction('cursors');
    const store = tx.objectStore('cursors');
    const [keys, values] = await Promise.all([promised(store.getAllKeys()), promised(store.getAll())]);
    return new Map(keys.map((k, i) => [k, values[i]]));
  }

  async setCursors(entries) {
    const tx = this.db.transaction('cursors', 'readwrite');
    for (const [channel, seq] of entries) tx.objectStore('cursors').put(seq, channel);
    return done(tx);
  }

  async putNotices(notices) {
    if (notices.length === 0) return;
    const tx = this.db.transaction('notices', 'readwrite');
    for (const n of notices) tx.objectStore('notices').put(storable(n));
    return done(tx);
  }

  /** The stored notices, newest first, at most MAX_NOTICES (older ones are dropped here). */
  async notices() {
    const all = await promised(this.db.transaction('notices').objectStore('notices').getAll());
    all.sort((a, b) => b.posted_at_ms - a.posted_at_ms || (a.channel < b.channel ? -1 : 1) || b.seq - a.seq);
    if (all.length > MAX_NOTICES) {
      const tx = this.db.transaction('notices', 'readwrite');
      for (const n of all.slice(MAX_NOTICES)) tx.objectStore('notices').delete([n.channel, n.seq]);
      await done(tx);
      return all.slice(0, MAX_NOTICES);
    }
    return all;
  }

  async notice(channel, seq) {
    return promised(this.db.transaction('notices').objectStore('notices').get([channel, seq]));
  }

  async addSent(record) {
    const tx = this.db.transaction('sent', 'readwrite');
    tx.objectStore('sent').put(record);
    return done(tx);
  }

  /** Notices this device sent, newest first. */
  async sent() {
    const all = await promised(this.db.transaction('sent').objectStore('sent').getAll());
    all.sort((a, b) => b.at - a.at);
    return all.slice(0, MAX_SENT);
  }

  /** Sign-out: forget everything but the device id (the profile stays the same device). */
  async clear() {
    const tx = this.db.transaction(['kv', 'cursors', 'notices', 'sent'], 'readwrite');
    const kv = tx.objectStore('kv');
    kv.delete('token');
    kv.delete('me');
    for (const name of ['cursors', 'notices', 'sent']) tx.objectStore(name).clear();
    return done(tx);
  }
}

/** IndexedDB keys must be numbers or strings; a 64-bit seq past 2^53 would arrive as a string. */
function storable(n) {
  return { ...n, seq: Number(n.seq), posted_at_ms: Number(n.posted_at_ms) };
}
