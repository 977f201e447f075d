// 事件上报 + 我的事件: the report form (category, text, address, up to 9 photos uploaded to
// /media first, previews from blob: URLs), the member's own events, and an event's detail with
// its timeline, photos and 评价 (rating) once closed. Route #/events, detail #/events/<id>.
import {h, clear, fill, field, statusLine, showError, errorText, randomId, when, ensureCss, num, list} from './lib/dom.js';
import {CATEGORIES, RATINGS, STEPS, stateName, ratingName} from './lib/workflow.js';
import {summaryItem, stepActions, handlerSuggestions, followUpForm} from './lib/eventui.js';
import {upload, photoUrl, mediaPath, BlobUrls, MAX_PHOTOS, PHOTO_TYPES} from './lib/media.js';
import {memberNames, personName} from './lib/names.js';

let blobs = new BlobUrls();
let stops = [];

export default {
  route: '#/events',
  title: '事件',
  tab: true,
  roles: ['RESIDENT', 'MICROGRID_LEADER', 'GRID_WORKER', 'COMMUNITY_STAFF', 'TOWN_STAFF', 'OPERATOR'],

  async mount(el, app, params) {
    ensureCss('/css/screens2.css');
    blobs = new BlobUrls();
    const id = eventId(params);
    if (id) {
      await mountDetail(el, app, id);
    } else {
      await mountList(el, app);
    }
  },

  unmount() {
    for (const stop of stops) stop();
    stops = [];
    blobs.revokeAll();
  },
};

/** The router gives what follows the route: a string or an array of path parts. */
function eventId(params) {
  const raw = Array.isArray(params) ? params[0] : params;
  return typeof raw === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(raw) ? raw : null;
}

/**
 * Re-reads when an event update reaches the inbox (Notice.kind "event"); the shell's 'notice'
 * also carries the updates caught up after a reconnect, once each.
 */
function onEventUpdate(app, reload) {
  let timer = null;
  const stop = app.conn.on('notice', (notice) => {
    if (notice && notice.kind === 'event') {
      clearTimeout(timer);
      timer = setTimeout(reload, 150);
    }
  });
  stops.push(() => {
    clearTimeout(timer);
    if (typeof stop === 'function') stop();
  });
  if (app.conn.onState) {
    const off = app.conn.onState((state) => {
      if (state === 'online') reload();
    });
    if (typeof off === 'function') stops.push(off);
  }
}

// ------------------------------------------------------------------ list + form

async function mountList(el, app) {
  const mine = h('ul', {class: 'g-list', testid: 'my-events', 'aria-label': '我的事件'});
  const listStatus = statusLine('events-status');
  const reload = () => loadMine(app, mine, listStatus);
  clear(el).append(
    h('section', {class: 'g-card', 'aria-labelledby': 'report-heading'},
      h('h2', {id: 'report-heading'}, '事件上报'),
      reportForm(app, reload)),
    h('section', {class: 'g-card', 'aria-labelledby': 'mine-heading'},
      h('h2', {id: 'mine-heading'}, '我的事件'),
      listStatus,
      mine));
  onEventUpdate(app, reload);
  await reload();
}

function reportForm(app, onReported) {
  const category = h('select', {testid: 'report-category', name: 'category', required: true},
    h('option', {value: ''}, '请选择类别'),
    CATEGORIES.map(([level1, level2s]) => h('optgroup', {label: level1},
      level2s.map((l2) => h('option', {value: `${level1}/${l2}`}, `${level1} · ${l2}`)))));
  const text = h('textarea', {testid: 'report-text', name: 'text', rows: 4, maxlength: 4000, required: true,
    placeholder: '请描述问题：在哪里、什么情况'});
  const address = h('input', {testid: 'report-address', name: 'address', type: 'text', maxlength: 200,
    autocomplete: 'street-address', placeholder: '例如：航海路12号'});
  const urgent = h('input', {testid: 'report-urgent', type: 'checkbox', name: 'urgent'});
  const photoInput = h('input', {testid: 'report-photo', type: 'file', accept: PHOTO_TYPES.join(','), multiple: true});
  const previews = h('ul', {class: 'g-photos', testid: 'report-previews', 'aria-label': '已选照片'});
  const status = statusLine('report-status');
  const submit = h('button', {type: 'submit', class: 'g-primary', testid: 'report-submit'}, '提交');

  // One id per filled-in form, so a retry after a lost reply returns the first event.
  let reportId = randomId();
  let photos = []; // {file, preview, url (when uploaded), promise, item}

  photoInput.addEventListener('change', () => {
    showError(status, null);
    for (const file of Array.from(photoInput.files || [])) {
      if (photos.length >= MAX_PHOTOS) {
        showError(status, {code: 'LIMIT_EXCEEDED'});
        status.textContent = `最多上传${MAX_PHOTOS}张照片`;
        break;
      }
      photos.push(addPhoto(app, file, previews, (p) => {
        photos = photos.filter((x) => x !== p);
      }));
    }
    photoInput.value = '';
  });

  const form = h('form', {class: 'g-form', novalidate: true},
    field('类别', category),
    field('问题描述', text),
    field('地址', address),
    h('div', {class: 'g-check'}, urgent, h('label', {for: urgent.id || (urgent.id = 'report-urgent')}, '紧急')),
    field(`照片（最多${MAX_PHOTOS}张）`, photoInput),
    previews,
    status,
    submit);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!category.value || !text.value.trim()) {
      status.classList.add('g-error');
      status.textContent = !category.value ? '请选择类别' : '请填写问题描述';
      (category.value ? text : category).focus();
      return;
    }
    submit.disabled = true;
    status.classList.remove('g-error');
    status.textContent = '正在提交…';
    try {
      const urls = await Promise.all(photos.map((p) => p.promise));
      const report = {category: category.value, text: text.value.trim(), client_report_id: reportId,
        attachments: urls, urgent: urgent.checked};
      if (address.value.trim()) report.location = {address: address.value.trim()};
      const result = await app.conn.call('event_call', {report});
      const ref = result.event || {};
      status.textContent = `已提交，事件编号 ${ref.id}`;
      if (app.toast) app.toast('事件已上报');
      form.reset();
      for (const p of photos) blobs.revoke(p.preview);
      photos = [];
      clear(previews);
      reportId = randomId();
      await onReported();
    } catch (err) {
      showError(status, err);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** Shows a preview at once and uploads in the background; the form waits for it on submit. */
function addPhoto(app, file, previews, onRemove) {
  const preview = blobs.add(URL.createObjectURL(file));
  const state = h('span', {class: 'g-photo-state'}, '上传中…');
  const photo = {file, preview, url: null};
  const remove = h('button', {type: 'button', class: 'g-small', 'aria-label': `删除照片 ${file.name}`}, '删除');
  const item = h('li', {testid: 'report-preview'},
    h('img', {src: preview, alt: `照片 ${file.name}`}), state, remove);
  previews.append(item);
  photo.promise = upload(file, app.token).then((url) => {
    photo.url = url;
    state.textContent = '已上传';
    item.dataset.url = url;
    return url;
  }, (err) => {
    state.textContent = errorText(err);
    item.classList.add('g-error');
    throw err;
  });
  photo.promise.catch(() => {}); // reported on submit; no unhandled rejection in the console
  remove.addEventListener('click', () => {
    item.remove();
    blobs.revoke(preview);
    onRemove(photo);
  });
  return photo;
}

async function loadMine(app, ul, status) {
  try {
    const result = await app.conn.call('event_call', {list: {queue: 'MINE', limit: 50}});
    const events = list((result.page || {}).events);
    clear(ul);
    showError(status, null);
    if (events.length === 0) status.textContent = '还没有上报过事件';
    for (const e of events) ul.append(summaryItem(e));
  } catch (err) {
    showError(status, err);
  }
}

// ------------------------------------------------------------------ detail

async function mountDetail(el, app, id) {
  const body = h('div', {class: 'g-detail'});
  const status = statusLine('event-status');
  clear(el).append(
    h('p', {}, h('a', {href: '#/events', class: 'g-back'}, '← 我的事件')),
    status,
    body);
  // Drawn again only when the event changed: an update that says nothing new must not wipe a
  // rating or a note being typed.
  let shown = '';
  const reload = async () => {
    try {
      const [result, names] = await Promise.all([app.conn.call('event_call', {get: {id}}), memberNames(app)]);
      showError(status, null);
      const d = result.detail || {};
      const seen = [num(d.version), (d.summary || {}).state, d.rating, num(d.follow_ups), list(d.timeline).length].join('|');
      if (seen === shown) return;
      shown = seen;
      renderDetail(app, body, d, names, reload);
    } catch (err) {
      showError(status, err);
    }
  };
  onEventUpdate(app, reload);
  await reload();
}

function renderDetail(app, body, d, names, reload) {
  const s = d.summary || {};
  const location = d.location || {};
  const photos = h('ul', {class: 'g-photos', testid: 'event-photos', 'aria-label': '照片'});
  for (const url of list(d.attachments)) photos.append(photoItem(app, url));
  fill(body,
    h('h2', {testid: 'event-title'}, s.category || ''),
    h('p', {},
      h('span', {class: `g-state g-state-${(s.state || '').toLowerCase()}`, testid: 'event-state'}, stateName(s.state)),
      ` 编号 ${s.id}`),
    h('p', {class: 'g-text', testid: 'event-text'}, d.text || ''),
    location.address ? h('p', {testid: 'event-address'}, `地址：${location.address}`) : null,
    photos,
    h('h3', {}, '办理过程'),
    timeline(app, d, names),
    ratingPart(app, d, reload),
    // the steps this member may try (the reporter: 撤回, 重新打开; staff: the queue's steps)
    stepActions(app, {...s, dispatcher: d.dispatcher}, reload),
    followUpForm(app, d, reload),
    handlerSuggestions(app));
}

/** A photo of the report (testid event-photo) or of a step (timeline-photo); the img is `${testid}-img`. */
function photoItem(app, url, testid = 'event-photo') {
  const item = h('li', {testid, dataset: {src: url}});
  if (!mediaPath(url)) {
    item.append(h('a', {href: url, rel: 'noopener noreferrer', target: '_blank'}, '查看附件'));
    return item;
  }
  item.append(h('span', {class: 'g-photo-state'}, '加载中…'));
  photoUrl(url, app.token).then((blobUrl) => {
    clear(item).append(h('img', {src: blobs.add(blobUrl), alt: '事件照片', testid: `${testid}-img`}));
  }, (err) => {
    clear(item).append(h('span', {class: 'g-error'}, `照片无法显示：${errorText(err)}`));
  });
  return item;
}

/**
 * Every step: what happened, who, when, the note, and its photo (回单). A rating and a follow-up are steps on a
 * closed event that keep it CLOSED; the server marks them by their notes ("rated:<score> ...",
 * "followup: ..."), which are shown in words here.
 */
function timeline(app, d, names) {
  const ol = h('ol', {class: 'g-timeline', testid: 'timeline'});
  for (const t of list(d.timeline)) {
    const [step, note] = describe(t);
    ol.append(h('li', {testid: 'timeline-entry', dataset: {state: t.state || '', actor: t.actor || ''}},
      h('span', {class: 'g-step'}, step),
      h('span', {class: 'g-actor', testid: 'timeline-actor'}, personName(app, names, t.actor)),
      h('time', {datetime: new Date(num(t.at_ms)).toISOString()}, when(t.at_ms)),
      note ? h('span', {class: 'g-note', testid: 'timeline-note'}, note) : null,
      t.photo ? h('ul', {class: 'g-photos', 'aria-label': '回单照片'}, photoItem(app, t.photo, 'timeline-photo')) : null));
  }
  return ol;
}

function describe(t) {
  const note = t.note || '';
  if (t.state === 'CLOSED') {
    const rated = note.match(/^rated:(\w+)\s*(.*)$/s);
    if (rated) return [`评价：${ratingName(rated[1]) || rated[1]}`, rated[2]];
    const followUp = note.match(/^followup:?\s*(.*)$/s);
    if (followUp) return ['回访', followUp[1]];
  }
  return [`${STEPS[t.state] || t.state} → ${stateName(t.state)}`, note];
}

function ratingPart(app, d, reload) {
  const s = d.summary || {};
  if (d.rating) {
    return h('p', {testid: 'event-rating', dataset: {score: d.rating}},
      `评价：${ratingName(d.rating)}`, d.rating_comment ? `（${d.rating_comment}）` : '');
  }
  if (s.state !== 'CLOSED' || !app.me || s.reporter !== app.me.member) return null;
  const status = statusLine('rate-status');
  const choices = h('fieldset', {class: 'g-choices'}, h('legend', {}, '评价办理结果'),
    RATINGS.map(([score, label], i) => {
      const input = h('input', {type: 'radio', name: 'rating', value: score, id: `rate-${score}`,
        testid: `rate-${score}`, checked: i === 0});
      return h('div', {class: 'g-check'}, input, h('label', {for: `rate-${score}`}, label));
    }));
  const comment = h('input', {type: 'text', maxlength: 200, testid: 'rate-comment'});
  const submit = h('button', {type: 'submit', class: 'g-primary', testid: 'rate-submit'}, '提交评价');
  const form = h('form', {class: 'g-form'}, choices, field('留言（可选）', comment), status, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      const score = form.querySelector('input[name="rating"]:checked').value;
      await app.conn.call('event_call', {rate: {id: s.id, score, comment: comment.value.trim()}});
      if (app.toast) app.toast('感谢您的评价');
      await reload();
    } catch (err) {
      showError(status, err);
      submit.disabled = false;
    }
  });
  return h('section', {class: 'g-card'}, form);
}
