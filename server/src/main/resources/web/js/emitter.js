// The listener and state plumbing that Conn (the socket, conn.js) and SharedConn (a tab's view of
// the one socket, tabs.js) both need: named events with an unsubscribe, and the session's state
// ('online' | 'offline') with listeners of its own. One copy, so the two cannot drift apart: the
// screens get app.conn.on / onState / state from whichever of the two the tab holds.
export class Emitter {
  constructor() {
    this.state = 'offline';
    this.listeners = new Map();
    this.stateListeners = new Set();
  }

  /** Calls fn(value) on every emit of `name`; returns the unsubscribe. */
  on(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
    return () => this.listeners.get(name).delete(fn);
  }

  /** Calls fn(state) on every change of state; returns the unsubscribe. */
  onState(fn) {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  /**
   * To every listener of `name`, over a copy of the set (a listener may unsubscribe itself). A
   * listener that throws is logged and the others still hear the event: one broken screen must
   * not stop the unread badge or the store from hearing of a notice.
   */
  emit(name, value) {
    for (const fn of [...(this.listeners.get(name) || [])]) {
      try {
        fn(value);
      } catch (e) {
        console.warn('listener of ' + name + ' failed', e);
      }
    }
  }

  /** Changes the state and tells the state listeners; the same state again tells nobody. */
  setState(state) {
    if (this.state === state) return;
    this.state = state;
    for (const fn of [...this.stateListeners]) fn(state);
  }
}
