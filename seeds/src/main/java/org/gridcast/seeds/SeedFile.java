package org.gridcast.seeds;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The seed file format: UTF-8, tab-separated, one record per line, {@code #} starts a comment.
 * <pre>
 * unit      &lt;id&gt;  &lt;parent or -&gt;  &lt;KIND&gt;  &lt;name&gt;
 * member    &lt;id&gt;  &lt;unit&gt;  &lt;ROLE&gt;  &lt;name&gt;  &lt;tag or -&gt;
 * residents &lt;unit&gt;  &lt;registered&gt;  &lt;floating&gt;  &lt;shops&gt;   (generated, see SeedParser)
 * </pre>
 * Units come first, parents before children. A malformed line, a line that is not UTF-8 and a
 * line over {@link SeedLines#MAX_LINE_BYTES} bytes fail with the line number.
 */
public final class SeedFile {
    private SeedFile() {
    }

    /** A source that reads {@code path} afresh on every {@link SeedSource#forEach}. */
    public static SeedSource read(Path path) {
        return new SeedSource() {
            @Override
            public String name() {
                return path.toString();
            }

            @Override
            public void forEach(Consumer<SeedUnit> units, Consumer<SeedMember> members) {
                try (InputStream in = Files.newInputStream(path)) {
                    parse(name(), in, units, members);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read seed file " + path, e);
                }
            }
        };
    }

    /** A source over a class-path resource, such as the built-in seeds. */
    public static SeedSource resource(String resource) {
        return new SeedSource() {
            @Override
            public String name() {
                return resource;
            }

            @Override
            public void forEach(Consumer<SeedUnit> units, Consumer<SeedMember> members) {
                InputStream stream = SeedFile.class.getClassLoader().getResourceAsStream(resource);
                if (stream == null) {
                    throw new UncheckedIOException(new IOException("no resource " + resource));
                }
                try (InputStream in = stream) {
                    parse(resource, in, units, members);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read seed resource " + resource, e);
                }
            }
        };
    }

    /**
     * Parses seed lines from UTF-8 bytes; {@code name} labels errors.
     *
     * @throws SeedFormatException for a malformed record, a line that is not UTF-8 or is longer
     *         than {@link SeedLines#MAX_LINE_BYTES}; the message names the source and the line
     */
    public static void parse(String name, InputStream in, Consumer<SeedUnit> units, Consumer<SeedMember> members)
            throws IOException {
        SeedParser parser = new SeedParser(name, units, members);
        SeedLines lines = new SeedLines(new BufferedInputStream(in), name);
        int number = 1;
        for (String line = lines.next(number); line != null; line = lines.next(++number)) {
            parser.line(number, line);
        }
    }

    /** Writes {@code source} as plain unit and member lines (generated residents written out). */
    public static void write(SeedSource source, Path path) {
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            write(source, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write seed file " + path, e);
        }
    }

    public static void write(SeedSource source, Writer out) throws IOException {
        out.write("# gridcast seed file, from " + clean(source.name()) + "\n");
        IOException[] failure = new IOException[1];
        source.forEach(
                u -> line(out, failure, "unit\t" + field(u.id()) + "\t" + dash(u.parent()) + "\t" + u.kind()
                        + "\t" + field(u.name())),
                m -> line(out, failure, "member\t" + field(m.id()) + "\t" + field(m.unit()) + "\t" + m.role()
                        + "\t" + field(m.name()) + "\t" + dash(m.tag())));
        if (failure[0] != null) {
            throw failure[0];
        }
        out.flush();
    }

    private static void line(Writer out, IOException[] failure, String line) {
        if (failure[0] != null) {
            return;
        }
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            failure[0] = e;
        }
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : field(value);
    }

    /** A field must not break the line structure. */
    private static String field(String value) {
        if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("tab or line break in seed field: " + value);
        }
        return value;
    }

    private static String clean(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
