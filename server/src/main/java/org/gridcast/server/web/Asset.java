package org.gridcast.server.web;

/**
 * One file of the H5 app held in memory: its bytes, the gzip of them when that is smaller (text
 * types only), and a strong ETag for each representation.
 *
 * @param gzip null when the file is not text or does not shrink
 */
record Asset(String path, String type, byte[] bytes, byte[] gzip, String etag, String gzipEtag,
        String cacheControl) {

    int size() {
        return bytes.length + (gzip == null ? 0 : gzip.length);
    }
}
