package org.gridcast.server.directory;

/** Field names of the directory hashes ({@code dir:{dir}:unit:<id>}, {@code dir:{dir}:member:<id>}). */
final class DirectoryFields {
    static final String F_PARENT = "parent";
    static final String F_KIND = "kind";
    static final String F_NAME = "name";
    static final String F_UNIT = "unit";
    static final String F_ROLE = "role";
    static final String F_TAG = "tag";
    static final String F_JOINED = "joined";

    private DirectoryFields() {
    }
}
