package org.gridcast.server.directory;

/**
 * What {@link DirectoryStore#importIfEmpty} did: {@code imported} false when Redis already held
 * a directory (then the counts are 0 and {@code marker} is what the earlier import recorded).
 */
public record ImportResult(boolean imported, long units, long members, String marker, long elapsedMs) {
}
