// A tiny element builder: h('button', {class: 'primary', onclick: fn, 'data-testid': 'x'}, '确定').
// Text children become text nodes (never innerHTML), so notice text from the server cannot
// inject markup; the CSP forbids inline script anyway.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'text') {
      el.textContent = value;
    } else if (name in el && typeof value !== 'string') {
      el[name] = value; // checked, disabled, value as properties
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
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

/** Empties an element and fills it again. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const TIME = new Intl.DateTimeFormat('zh-CN', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A millisecond timestamp as people read it (12/2 09:30). */
export function when(ms) {
  return ms ? TIME.format(new Date(Number(ms))) : '';
}
