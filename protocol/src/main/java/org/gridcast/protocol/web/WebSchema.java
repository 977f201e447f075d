package org.gridcast.protocol.web;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.gridcast.protocol.Gridcast;
import org.gridcast.protocol.GridcastEvents;

/**
 * Writes the H5 app's view of the wire protocol: every message, field, oneof and enum of
 * {@code gridcast.proto} and {@code events.proto} as one JSON object inside an ES module
 * ({@code web/js/schema.js}), which the browser's hand-written codec ({@code js/proto.js}) walks.
 * Generated from the compiled descriptors rather than parsed from the .proto text, so the browser
 * sees exactly the numbers and types the Java side was built with; a unit test fails when the
 * committed file is stale ({@code scripts/gen-web-schema.sh} regenerates it).
 *
 * <p>Names are the proto names without the package ({@code Envelope}, {@code UnreadCounts.ChannelsEntry}).
 * A field is {@code [name, number, type, flags, ref, oneof]}: type is the proto scalar name
 * ({@code uint64}, {@code string}, ...), {@code message} or {@code enum}; flags is a string of
 * {@code r} (repeated), {@code p} (packed), {@code m} (map); ref names the message or enum; oneof
 * names the oneof the field belongs to (empty for none). Output is sorted, so it is stable.
 */
public final class WebSchema {

    private static final String PACKAGE_PREFIX = "gridcast.v1.";

    private final Map<String, String> messages = new TreeMap<>();
    private final Map<String, String> enums = new TreeMap<>();

    private WebSchema() {
    }

    /** The whole module text. */
    public static String render() {
        WebSchema schema = new WebSchema();
        for (FileDescriptor file : List.of(Gridcast.getDescriptor(), GridcastEvents.getDescriptor())) {
            file.getMessageTypes().forEach(schema::addMessage);
            file.getEnumTypes().forEach(schema::addEnum);
        }
        return schema.module();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: WebSchema OUTPUT_FILE");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), render(), StandardCharsets.UTF_8);
    }

    private void addMessage(Descriptor message) {
        StringBuilder fields = new StringBuilder();
        for (FieldDescriptor f : message.getFields()) {
            if (fields.length() > 0) {
                fields.append(",\n    ");
            }
            fields.append('[').append(quote(f.getName())).append(',').append(f.getNumber()).append(',')
                    .append(quote(typeOf(f))).append(',').append(quote(flagsOf(f))).append(',')
                    .append(quote(refOf(f))).append(',').append(quote(oneofOf(f))).append(']');
        }
        messages.put(shortName(message.getFullName()), "[\n    " + fields + "\n  ]");
        message.getNestedTypes().forEach(this::addMessage);
        message.getEnumTypes().forEach(this::addEnum);
    }

    private void addEnum(EnumDescriptor e) {
        StringBuilder values = new StringBuilder();
        for (EnumValueDescriptor v : e.getValues()) {
            if (values.length() > 0) {
                values.append(',');
            }
            values.append(quote(v.getName())).append(':').append(v.getNumber());
        }
        enums.put(shortName(e.getFullName()), "{" + values + "}");
    }

    private static String typeOf(FieldDescriptor f) {
        return switch (f.getType()) {
            case MESSAGE, GROUP -> "message";
            case ENUM -> "enum";
            default -> f.getType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String flagsOf(FieldDescriptor f) {
        String flags = "";
        if (f.isRepeated()) {
            flags += "r";
        }
        if (f.isPacked()) {
            flags += "p";
        }
        if (f.isMapField()) {
            flags += "m";
        }
        return flags;
    }

    private static String refOf(FieldDescriptor f) {
        return switch (f.getJavaType()) {
            case MESSAGE -> shortName(f.getMessageType().getFullName());
            case ENUM -> shortName(f.getEnumType().getFullName());
            default -> "";
        };
    }

    /** Only real oneofs: proto3 {@code optional} makes a synthetic one the wire does not know. */
    private static String oneofOf(FieldDescriptor f) {
        OneofDescriptor oneof = f.getRealContainingOneof();
        return oneof == null ? "" : oneof.getName();
    }

    private static String shortName(String fullName) {
        return fullName.startsWith(PACKAGE_PREFIX) ? fullName.substring(PACKAGE_PREFIX.length()) : fullName;
    }

    private String module() {
        StringBuilder out = new StringBuilder();
        out.append("// Generated by org.gridcast.protocol.web.WebSchema from gridcast.proto and events.proto.\n")
                .append("// Do not edit: run scripts/gen-web-schema.sh. Field: [name, number, type, flags (r repeated,\n")
                .append("// p packed, m map), message or enum it refers to, oneof].\n")
                .append("export default {\n\"messages\": {\n");
        appendEntries(out, messages);
        out.append("},\n\"enums\": {\n");
        appendEntries(out, enums);
        out.append("}\n};\n");
        return out.toString();
    }

    private static void appendEntries(StringBuilder out, Map<String, String> entries) {
        int i = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            out.append("  ").append(quote(e.getKey())).append(": ").append(e.getValue());
            out.append(++i < entries.size() ? ",\n" : "\n");
        }
    }

    private static String quote(String s) {
        // Proto identifiers are [A-Za-z0-9_.]; nothing to escape.
        return '"' + s + '"';
    }
}
