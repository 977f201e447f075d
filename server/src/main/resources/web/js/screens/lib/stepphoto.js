// The one photo a step of an event may carry: 回单 (resolve) with a picture of the work done.
// Chosen from the phone's camera or gallery, shown at once from a blob: URL and uploaded in the
// background (POST /media with the token, lib/media.js), as the report form does; the step waits
// for the upload and sends its /media/<sha256> as TransitionEvent.photo. The server takes there
// only the sender's own upload, and once the step is stored lets the event's viewers fetch it.
import {h, clear, field, errorText} from './dom.js';
import {upload, PHOTO_TYPES} from './media.js';

/**
 * The picker: `element` to put in the step's form, `url()` resolving to the uploaded photo's URL
 * ('' when none was chosen; rejecting with {code, message} when the upload failed), `dispose()`
 * to drop the preview.
 */
export function stepPhoto(app) {
  const input = h('input', {type: 'file', accept: PHOTO_TYPES.join(','), testid: 'transition-photo'});
  const previews = h('ul', {class: 'g-photos', 'aria-label': '已选照片'});
  let chosen = null; // {preview, promise}

  const drop = () => {
    if (chosen) URL.revokeObjectURL(chosen.preview);
    chosen = null;
    clear(previews);
  };

  input.addEventListener('change', () => {
    const file = (input.files || [])[0];
    input.value = '';
    if (!file) return;
    drop();
    const photo = {preview: URL.createObjectURL(file)};
    const state = h('span', {class: 'g-photo-state'}, '上传中…');
    const remove = h('button', {type: 'button', class: 'g-small', 'aria-label': `删除照片 ${file.name}`,
      onclick: drop}, '删除');
    const item = h('li', {testid: 'transition-photo-preview'},
      h('img', {src: photo.preview, alt: `照片 ${file.name}`}), state, remove);
    photo.promise = upload(file, app.token).then((url) => {
      state.textContent = '已上传';
      item.dataset.url = url;
      return url;
    }, (err) => {
      state.textContent = errorText(err);
      item.classList.add('g-error');
      throw err;
    });
    photo.promise.catch(() => {}); // reported on 确认; no unhandled rejection in the console
    chosen = photo;
    previews.append(item);
  });

  return {
    element: h('div', {}, field('照片（可选）', input), previews),
    url: () => (chosen ? chosen.promise : Promise.resolve('')),
    dispose: drop,
  };
}
