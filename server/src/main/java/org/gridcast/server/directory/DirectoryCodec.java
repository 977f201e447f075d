package org.gridcast.server.directory;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridcast.seeds.Role;
import org.gridcast.seeds.UnitKind;

/** Units and members to and from their Redis hashes (UTF-8 values). */
final class DirectoryCodec {
    private DirectoryCodec() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    static String text(byte[] b) {
        return b == null ? "" : new String(b, UTF_8);
    }

    static Map<String, byte[]> unitHash(UnitInfo u) {
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put(DirectoryFields.F_PARENT, bytes(u.parent()));
        h.put(DirectoryFields.F_KIND, bytes(u.kind().name()));
        h.put(DirectoryFields.F_NAME, bytes(u.name()));
        return h;
    }

    static UnitInfo unit(String id, Map<String, byte[]> h) {
        return new UnitInfo(id, text(h.get(DirectoryFields.F_PARENT)),
                UnitKind.valueOf(text(h.get(DirectoryFields.F_KIND))), text(h.get(DirectoryFields.F_NAME)));
    }

    static Map<String, byte[]> memberHash(MemberInfo m) {
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put(DirectoryFields.F_UNIT, bytes(m.unit()));
        h.put(DirectoryFields.F_ROLE, bytes(m.role().name()));
        h.put(DirectoryFields.F_NAME, bytes(m.name()));
        h.put(DirectoryFields.F_TAG, bytes(m.tag()));
        h.put(DirectoryFields.F_JOINED, bytes(Long.toString(m.joinedAtMs())));
        return h;
    }

    /** Null when the hash is empty (no such member). */
    static MemberInfo member(String id, Map<String, byte[]> h) {
        if (h == null || h.isEmpty()) {
            return null;
        }
        String joined = text(h.get(DirectoryFields.F_JOINED));
        return new MemberInfo(id, text(h.get(DirectoryFields.F_UNIT)), Role.valueOf(text(h.get(DirectoryFields.F_ROLE))),
                text(h.get(DirectoryFields.F_NAME)), text(h.get(DirectoryFields.F_TAG)),
                joined.isEmpty() ? 0 : Long.parseLong(joined));
    }

    /** A flat HGETALL reply (field, value, field, value...) starting at {@code from}. */
    static Map<String, byte[]> hash(List<Object> flat, int from) {
        Map<String, byte[]> h = new LinkedHashMap<>();
        for (int i = from; i + 1 < flat.size(); i += 2) {
            h.put(text((byte[]) flat.get(i)), (byte[]) flat.get(i + 1));
        }
        return h;
    }
}
