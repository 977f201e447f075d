// DOM helpers shared by the event, consultation, queue, members and dashboard screens.
// Text always goes in through textContent, never innerHTML: event texts, names and server
// messages are other people's input, and the page runs under a strict CSP.

/** h('button', {class: 'x', dataset: {testid: 'y'}, onclick: fn}, 'text', child...) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'testid') el.dataset.testid = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Empties el and appends children, skipping null/false (Element.append would write "null"). */
export function fill(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

/** A labelled form field: the label names the control for screen readers and taps. */
export function field(labelText, control, hint) {
  const id = control.id || (control.id = uid('f'));
  return h('div', {class: 'g-field'},
    h('label', {for: id}, labelText),
    control,
    hint ? h('p', {class: 'g-hint'}, hint) : null);
}

let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * A random id for client_report_id / client_msg_id. crypto.randomUUID exists only in secure
 * contexts, and the app is also opened as http://<LAN address>, so use getRandomValues.
 */
export function randomId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Milliseconds since the epoch as local date and time, e.g. 2026-12-02 17:38. */
export function when(ms) {
  const n = Number(ms);
  if (!n) return '';
  const d = new Date(n);
  const pad = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Links a stylesheet of the app once (style-src 'self' allows it; no <style> blocks). */
export function ensureCss(href) {
  if (document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) return;
  document.head.append(h('link', {rel: 'stylesheet', href}));
}

const scripts = new Map();
/** Loads a classic script of the app once (script-src 'self'); resolves when it ran. */
export function ensureScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const s = h('script', {src});
      s.addEventListener('load', () => resolve());
      s.addEventListener('error', () => {
        scripts.delete(src);
        reject(new Error(`无法加载 ${src}`));
      });
      document.head.append(s);
    }));
  }
  return scripts.get(src);
}

/** A status line read out by screen readers when it changes. */
export function statusLine(testid) {
  return h('p', {class: 'g-status', role: 'status', 'aria-live': 'polite', testid});
}

/** Shows an error (or clears with null) in a status line, in Chinese. */
export function showError(line, err) {
  line.classList.toggle('g-error', Boolean(err));
  line.textContent = err ? errorText(err) : '';
}

const CODES = {
  BAD_REQUEST: '请求内容有误',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '未找到',
  LIMIT_EXCEEDED: '超出限制',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  REVOKED: '此设备已被注销',
  CONFLICT: '状态已变化，无法执行此操作',
  UNAVAILABLE: '服务器暂时不可用，请稍后重试',
  INTERNAL: '服务器内部错误',
  INVALID_INVITE: '邀请码无效或已过期',
  OFFLINE: '网络已断开，请稍后重试',
};

// Event refusals arrive as "<REFUSAL>: detail" in the message (server event.workflow.Refusal).
const REFUSALS = {
  ILLEGAL_TRANSITION: '当前状态不能进行此操作',
  NOT_PERMITTED: '您不能对此事件进行此操作',
  STALE: '事件已被他人处理，请刷新后再试',
  REOPEN_WINDOW_PASSED: '办结已超过72小时，不能重新打开',
  ALREADY_RATED: '已评价过',
  NOT_CLOSED: '事件尚未办结',
  OUT_OF_SCOPE: '不在您的管辖范围内',
  UNKNOWN_EVENT: '事件不存在',
  UNKNOWN_MEMBER: '成员不存在',
  BAD_HANDLER: '承办单位或人员无效',
  BAD_STATE: '目标状态无效',
  TOO_LONG: '内容太长',
};

// HTTP /media errors (server media.MediaReply: JSON {"error": CODE}).
const MEDIA = {
  TOO_LARGE: '照片太大（最大10MB）',
  UNSUPPORTED_TYPE: '只支持 JPEG、PNG、WebP 照片',
  BUSY: '服务器繁忙，请稍后重试',
  DISK_FULL: '服务器存储已满，请联系管理员',
};

/** The Chinese sentence for an error {code, message} from app.conn.call or an upload. */
export function errorText(err) {
  if (!err) return '';
  const message = String(err.message || '');
  const refusal = message.match(/^([A-Z_]+):/);
  if (refusal && REFUSALS[refusal[1]]) return REFUSALS[refusal[1]];
  if (MEDIA[err.code]) return MEDIA[err.code];
  if (CODES[err.code]) return CODES[err.code];
  return `操作失败${err.code ? `（${err.code}）` : ''}`;
}

/** Reads a string, number or absent 64-bit field as a Number (counts and ms are far below 2^53). */
export function num(value) {
  return value === undefined || value === null || value === '' ? 0 : Number(value);
}

export function list(value) {
  return Array.isArray(value) ? value : [];
}
