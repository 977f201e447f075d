// Unit names for channel labels, asked once per session with GetDirectory (a resident gets the
// units of their own chain, staff the units of their scope). Offline, the promise waits for the
// connection; screens draw with ids first and again when the names arrive.
const cache = new WeakMap();

export function loadUnitNames(app) {
  const conn = app.conn;
  if (!conn) return Promise.resolve(new Map());
  if (!cache.has(conn)) {
    cache.set(conn, new Promise((resolve) => {
      const ask = () => conn.call('get_directory', { members: false, limit: 1000 }).then(
        (page) => resolve(new Map(page.units.map((u) => [u.id, u.name]))),
        () => {
          cache.delete(conn); // asked again by the next screen
          resolve(new Map());
        });
      if (conn.state === 'online') {
        ask();
      } else {
        const stop = conn.onState((state) => {
          if (state === 'online') {
            stop();
            ask();
          }
        });
      }
    }));
  }
  return cache.get(conn);
}

/** u:<unit> → the unit's name, i:<me> → 我的消息, o:<me> → 我发出的. */
export function channelName(channel, names) {
  if (channel.startsWith('u:')) return names.get(channel.slice(2)) || channel.slice(2);
  if (channel.startsWith('i:')) return '我的消息';
  if (channel.startsWith('o:')) return '我发出的';
  if (channel.startsWith('c:')) return '咨询';
  return channel;
}
