// Unit names for channel labels, asked once per session with GetDirectory (a resident gets the
// units of their own chain, staff the units of their scope).
const cache = new WeakMap();

export function loadUnitNames(app) {
  if (!app.conn || app.conn.state !== 'online') return Promise.resolve(new Map());
  if (!cache.has(app.conn)) {
    cache.set(app.conn, app.conn.call('get_directory', { members: false, limit: 1000 })
      .then((page) => new Map(page.units.map((u) => [u.id, u.name])))
      .catch(() => new Map()));
  }
  return cache.get(app.conn);
}

/** u:<unit> → the unit's name, i:<me> → 我的消息, o:<me> → 我发出的. */
export function channelName(channel, names) {
  if (channel.startsWith('u:')) return names.get(channel.slice(2)) || channel.slice(2);
  if (channel.startsWith('i:')) return '我的消息';
  if (channel.startsWith('o:')) return '我发出的';
  if (channel.startsWith('c:')) return '咨询';
  return channel;
}
