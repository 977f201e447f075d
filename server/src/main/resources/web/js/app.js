// The shell: signs the device in, owns the connection, routes hashes to screens (js/screens/
// index.js is the one table of them), draws the header, the bottom tab bar for the member's role
// and toasts. Screens get the `app` object below and nothing else.
import { Store } from './store.js';
import { tokenDevice } from './conn.js';
import { SharedConn } from './tabs.js';
import { h, replace } from './dom.js';
import screens from './screens/index.js';

export const ROLE_NAMES = {
  RESIDENT: '居民',
  MICROGRID_LEADER: '微网格长',
  GRID_WORKER: '网格员',
  COMMUNITY_STAFF: '社区工作人员',
  TOWN_STAFF: '镇街工作人员',
  OPERATOR: '运维',
};

const SIGN_IN = '#/signin';
const TOAST_MS = 3000;
const LARGE_TEXT_KEY = 'gridcast.largeText';

class App {
  constructor(store) {
    this.store = store;
    this.me = null;
    this.token = null;
    this.conn = null;
    this.unread = { total: 0, channels: {} };
    this.current = null;
    this.mountSeq = 0;
    this.toastTimer = 0;
    this.main = document.getElementById('main');
  }

  async boot() {
    this.setupChrome();
    this.drawTabs();
    await this.takeTokenFromLink(); // a link starts its session itself
    if (!this.conn) {
      this.token = (await this.store.get('token')) || null;
      this.me = (await this.store.get('me')) || null;
      if (this.token) await this.startSession();
    }
    window.addEventListener('hashchange', () => this.route());
    this.route();
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('service worker not registered', e));
    }
  }

  /** A sign-in link (#token=...) is stored and removed from the address bar and the history. */
  async takeTokenFromLink() {
    const match = /^#token=([A-Za-z0-9._~-]+)$/.exec(location.hash);
    if (!match) return;
    history.replaceState(null, '', location.pathname + location.search);
    await this.signedIn(match[1], false);
  }

  /** Called by the sign-in screen (and the link) with a fresh token. */
  async signedIn(token, navigate = true) {
    if (this.conn) this.conn.stop();
    this.conn = null;
    await this.store.clear();
    await this.store.set('token', token);
    this.token = token;
    this.me = null;
    await this.startSession();
    if (navigate) this.navigate('#/');
  }

  async startSession() {
    const device = tokenDevice(this.token) || await this.store.deviceId();
    const conn = new SharedConn({ token: this.token, device, store: this.store });
    this.conn = conn;
    const loggedIn = new Promise((resolve) => conn.on('login', resolve));
    conn.onState((state) => this.showConnection(state));
    conn.on('login', (ok) => {
      const me = { member: ok.member, role: ok.role, unit: ok.unit, name: ok.name };
      const changed = !this.me || this.me.role !== me.role || this.me.member !== me.member;
      this.me = me;
      this.store.set('me', me);
      this.drawTabs();
      if (changed) this.route();
    });
    conn.on('directory_changed', (d) => {
      if (this.me) {
        this.me = { ...this.me, unit: d.unit, role: d.role };
        this.drawTabs();
      }
    });
    conn.on('unread', (counts) => {
      this.unread = counts;
      this.drawBadge();
    });
    conn.on('fatal', (e) => this.signOut(e.code === 'REPLACED' ? '已在另一台设备登录' : '登录已失效，请重新登录'));
    await conn.start();
    // Offline start (PWA): the cached identity draws the shell; a first start waits for LoginOk.
    if (!this.me) await Promise.race([loggedIn, new Promise((r) => setTimeout(r, 5000))]);
  }

  async signOut(message) {
    if (this.conn) this.conn.stop();
    this.conn = null;
    this.token = null;
    this.me = null;
    await this.store.clear();
    this.drawTabs();
    if (message) this.toast(message);
    this.navigate(SIGN_IN);
  }

  // ------------------------------------------------------------------ routing

  navigate(hash) {
    if (location.hash === hash) this.route();
    else location.hash = hash;
  }

  allowed(screen) {
    if (!this.me) return screen.route === SIGN_IN;
    return screen.route !== SIGN_IN && screen.roles.includes(this.me.role);
  }

  /** The screen for a hash: '#/notice/u:x/3' is the screen '#/notice' with params ['u:x', '3']. */
  match(hash) {
    for (const screen of screens) {
      if (hash === screen.route) return { screen, params: [] };
      if (hash.startsWith(screen.route + '/')) {
        return { screen, params: hash.slice(screen.route.length + 1).split('/').map(decodeURIComponent) };
      }
    }
    return null;
  }

  home() {
    if (!this.me) return SIGN_IN;
    const first = screens.find((s) => s.tab && this.allowed(s));
    return first ? first.route : SIGN_IN;
  }

  async route() {
    const found = this.match(location.hash);
    if (!found || !this.allowed(found.screen)) {
      const home = this.home();
      if (location.hash !== home) {
        location.replace(location.pathname + location.search + home);
        return;
      }
      if (!found) return;
    }
    const { screen, params } = found;
    const seq = ++this.mountSeq;
    if (this.current && this.current.unmount) {
      try {
        this.current.unmount();
      } catch (e) {
        console.warn('unmount failed', e);
      }
    }
    this.current = screen;
    document.getElementById('screen-title').textContent = screen.title;
    document.title = screen.title + ' · 网格通';
    this.markTab(screen);
    const el = h('section', { class: 'screen', 'data-screen': screen.route.slice(2) });
    replace(this.main, el);
    try {
      await screen.mount(el, this, params);
    } catch (e) {
      if (seq !== this.mountSeq) return;
      console.warn('screen failed', e);
      replace(el, h('p', { class: 'error', role: 'alert' }, '加载失败：' + (e.message || e.code || e)));
    }
  }

  // ------------------------------------------------------------------ chrome

  setupChrome() {
    const large = localStorage.getItem(LARGE_TEXT_KEY) === '1';
    this.setLargeText(large);
    document.getElementById('large-text').addEventListener('click', () => {
      this.setLargeText(!document.documentElement.classList.contains('large-text'));
    });
    document.getElementById('sign-out').addEventListener('click', () => this.signOutOnServer());
  }

  setLargeText(on) {
    document.documentElement.classList.toggle('large-text', on);
    document.getElementById('large-text').setAttribute('aria-pressed', on ? 'true' : 'false');
    localStorage.setItem(LARGE_TEXT_KEY, on ? '1' : '0');
  }

  async signOutOnServer() {
    if (!confirm('退出登录？退出后需要新的邀请码或登录链接。')) return;
    if (this.conn && this.conn.state === 'online') {
      await this.conn.call('logout', {}).catch(() => {});
    }
    await this.signOut('已退出');
  }

  showConnection(state) {
    const el = document.querySelector('[data-testid=connection]');
    el.textContent = state;
    el.dataset.state = state;
    el.setAttribute('aria-label', state === 'online' ? '已连接' : '未连接');
  }

  drawTabs() {
    const nav = document.getElementById('tabs');
    document.getElementById('sign-out').hidden = !this.me;
    if (!this.me) {
      replace(nav);
      nav.hidden = true;
      return;
    }
    const tabs = screens.filter((s) => s.tab && this.allowed(s));
    nav.hidden = tabs.length === 0;
    replace(nav, tabs.map((s) => h('a', { class: 'tab', href: s.route, 'data-route': s.route },
      h('span', { class: 'tab-label' }, s.title),
      s.route === '#/notices' ? h('span', { class: 'badge', 'data-testid': 'tab-badge', 'aria-label': '未读' }) : null)));
    nav.style.setProperty('--tabs', String(Math.max(1, tabs.length)));
    this.markTab(this.current);
    this.drawBadge();
  }

  markTab(screen) {
    for (const a of document.querySelectorAll('#tabs .tab')) {
      if (screen && a.dataset.route === screen.route) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  drawBadge() {
    const badge = document.querySelector('[data-testid=tab-badge]');
    if (!badge) return;
    badge.textContent = this.unread.total > 99 ? '99+' : String(this.unread.total);
    badge.hidden = this.unread.total === 0;
    badge.setAttribute('aria-label', this.unread.total + ' 条未读');
  }

  toast(text) {
    const el = document.getElementById('toast');
    el.textContent = text;
    el.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => { el.hidden = true; }, TOAST_MS);
  }
}

const app = new App(await Store.open());
window.gridcast = app; // for the browser tests and a curious operator's console
await app.boot();
