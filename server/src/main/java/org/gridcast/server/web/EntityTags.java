package org.gridcast.server.web;

/**
 * {@code If-None-Match} against an asset. The comparison is the weak one RFC 9110 asks for here
 * ({@code W/} is ignored), and either representation's tag matches: the plain and the gzip bytes
 * are the same file, so a cache holding one of them holds the current version.
 */
final class EntityTags {
    /** A browser sends one tag; a longer list is cut off here and does not match. */
    static final int MAX_CHARS = 1024;

    private EntityTags() {
    }

    static boolean matches(String ifNoneMatch, Asset asset) {
        if (ifNoneMatch == null || ifNoneMatch.length() > MAX_CHARS) {
            return false;
        }
        for (String item : ifNoneMatch.split(",")) {
            String tag = item.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(asset.etag()) || tag.equals(asset.gzipEtag())) {
                return true;
            }
        }
        return false;
    }
}
