// Photos: uploaded over HTTP (POST /media with the bearer token) before the report that lists
// them, and shown by fetching with the same header into a blob: URL, because an <img> cannot
// send the header. The token goes only to this origin's /media, never to another host.

/** The server's limit per photo (web-server's /media): refused here before the upload. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
export const MAX_PHOTOS = 9;

const MEDIA_PATH = /^\/media\/[0-9a-f]{64}$/;

/** Uploads one photo; resolves to its URL /media/<sha256>, rejects with {code, message}. */
export async function upload(file, token) {
  if (!PHOTO_TYPES.includes(file.type)) {
    throw {code: 'UNSUPPORTED_TYPE', message: file.type};
  }
  if (file.size > MAX_PHOTO_BYTES) {
    throw {code: 'TOO_LARGE', message: String(file.size)};
  }
  let response;
  try {
    response = await fetch('/media', {
      method: 'POST',
      headers: {'Authorization': `Bearer ${token}`, 'Content-Type': file.type},
      body: file,
    });
  } catch (e) {
    throw {code: 'OFFLINE', message: String(e)};
  }
  const body = await response.json().catch(() => ({}));
  if (response.status !== 201 || typeof body.url !== 'string') {
    throw {code: body.error || `HTTP_${response.status}`, message: body.message || ''};
  }
  return body.url;
}

/** The path of a photo of this server's /media, or null for anything else. */
export function mediaPath(url) {
  try {
    const parsed = new URL(url, location.origin);
    if (parsed.origin !== location.origin || !MEDIA_PATH.test(parsed.pathname)) return null;
    return parsed.pathname;
  } catch (e) {
    return null;
  }
}

/**
 * Fetches a photo with the token and resolves to a blob: URL (revoke it when the screen goes).
 * A link to any other place resolves to null: the token must not leave for it, and it is shown
 * as a plain link instead.
 */
export async function photoUrl(url, token) {
  const path = mediaPath(url);
  if (!path) return null;
  const response = await fetch(path, {headers: {'Authorization': `Bearer ${token}`}});
  if (!response.ok) throw {code: `HTTP_${response.status}`, message: path};
  return URL.createObjectURL(await response.blob());
}

/** Keeps the blob: URLs a screen made, to revoke them all on unmount. */
export class BlobUrls {
  constructor() {
    this.urls = new Set();
  }

  add(url) {
    if (url) this.urls.add(url);
    return url;
  }

  revoke(url) {
    if (this.urls.delete(url)) URL.revokeObjectURL(url);
  }

  revokeAll() {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls.clear();
  }
}
