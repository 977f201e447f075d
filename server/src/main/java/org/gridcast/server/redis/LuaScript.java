package org.gridcast.server.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A Lua script kept in {@code resources/lua/}, read once. */
public final class LuaScript {
    private final String name;
    private final String body;

    private LuaScript(String name, String body) {
        this.name = name;
        this.body = body;
    }

    /** @param name file name under {@code /lua/}, e.g. {@code presence_claim.lua} */
    public static LuaScript load(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream("/lua/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing script /lua/" + name);
            }
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public String body() {
        return body;
    }
}
