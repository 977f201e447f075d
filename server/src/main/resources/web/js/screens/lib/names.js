// Member names for timelines and chats, from one GetDirectory with members per connection: a
// resident gets the staff of their chain (micro-grid leader, grid worker, community staff), staff
// the first page of their scope. An id not found there is shown as the id.
import {list} from './dom.js';

/** At most this many members are asked for: a community's scope is thousands, a name list is a help. */
const NAMES_LIMIT = 500;
const cache = new WeakMap();

/** Resolves to a Map member id → name (empty when the directory could not be read). */
export function memberNames(app) {
  if (!app.conn || app.conn.state !== 'online') return Promise.resolve(new Map());
  if (!cache.has(app.conn)) {
    cache.set(app.conn, app.conn.call('get_directory', {members: true, limit: NAMES_LIMIT})
      .then((page) => new Map(list(page.members).map((m) => [m.id, m.name])))
      .catch(() => new Map()));
  }
  return cache.get(app.conn);
}

/** "陈水芳", "张三（我）", or the id. */
export function personName(app, names, id) {
  if (app.me && id === app.me.member) return `${app.me.name || id}（我）`;
  return (names && names.get(id)) || id || '';
}
