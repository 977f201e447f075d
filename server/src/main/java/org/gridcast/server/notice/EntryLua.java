package org.gridcast.server.notice;

import org.gridcast.server.redis.LuaScript;

/**
 * The scripts that append an entry to a channel ({@code post_unit}, {@code append},
 * {@code inbox_copy}): each is {@code lua/entry_lib.lua} followed by its own file, so what they
 * share (the protobuf varint that writes the seq into the stored entry) is written once.
 */
final class EntryLua {
    static final String LIBRARY = "entry_lib";

    private EntryLua() {
    }

    static LuaScript named(String name) {
        return LuaScript.withLibrary(LIBRARY, name);
    }
}
