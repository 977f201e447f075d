package org.gridcast.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H5 app's files, all read into memory when the node starts: {@code web/} on the classpath
 * (server/src/main/resources/web) at {@code /}, and uPlot from its WebJar at {@code /vendor/uplot/}.
 * Serving from memory means a request never touches the disk and the set of servable paths is
 * fixed at start (no path a request names can reach a file that was not loaded). The total is
 * bounded so that a stray large file in the resources fails the start instead of eating the heap.
 */
public final class WebAssets {
    private static final Logger log = LoggerFactory.getLogger(WebAssets.class);
    /** Bytes held for all files, gzip copies included; the app is a few hundred KB. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 8L * 1024 * 1024;
    /** Files held; the app has tens. */
    public static final int DEFAULT_MAX_FILES = 512;
    static final String WEB_ROOT = "web";
    static final String VENDOR_UPLOT = "/vendor/uplot/";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final List<String> UPLOT_FILES = List.of("uPlot.iife.min.js", "uPlot.min.css");
    /** App files are not named by version, so browsers revalidate them (a 304 when unchanged). */
    private static final String REVALIDATE = "no-cache";
    /** uPlot's files change only with its pinned WebJar version. */
    private static final String LONG_LIVED = "public, max-age=2592000";

    private final Map<String, Asset> byPath;

    private WebAssets(Map<String, Asset> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /** The asset at a normalised path such as {@code /index.html}, or null. */
    Asset find(String path) {
        return byPath.get(path);
    }

    int count() {
        return byPath.size();
    }

    /** Loads {@code web/} and uPlot from the class path; fails when over the default bounds. */
    public static WebAssets fromClasspath() {
        return fromClasspath(WebAssets.class.getClassLoader(), DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_FILES);
    }

    static WebAssets fromClasspath(ClassLoader loader, long maxBytes, int maxFiles) {
        Builder b = new Builder(maxBytes, maxFiles);
        try {
            URL index = loader.getResource(WEB_ROOT + "/index.html");
            if (index == null) {
                throw new IllegalStateException("no web/index.html on the class path");
            }
            addTree(b, index.toURI());
            String version = uplotVersion(loader);
            for (String name : UPLOT_FILES) {
                String resource = "META-INF/resources/webjars/uplot/" + version + "/dist/" + name;
                try (InputStream in = loader.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("missing " + resource);
                    }
                    b.add(VENDOR_UPLOT + name, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        WebAssets assets = b.build();
        log.info("web: {} files, {} bytes in memory (uPlot {})", assets.count(), b.total,
                uplotVersion(loader));
        return assets;
    }

    /** Walks the directory holding index.html, in a jar or on disk. */
    private static void addTree(Builder b, URI index) throws IOException {
        FileSystem opened = null;
        if ("jar".equals(index.getScheme())) {
            try {
                opened = FileSystems.newFileSystem(index, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                // another caller holds it open; use theirs and leave it to them
            }
        }
        try {
            Path root = Path.of(index).getParent();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    String rel = root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), "/");
                    if (rel.startsWith(".") || rel.contains("/.")) {
                        continue; // editor and VCS leftovers
                    }
                    if (MediaTypes.of(rel).isEmpty()) {
                        log.warn("web: {} not served: no content type for its extension", rel);
                        continue;
                    }
                    b.add("/" + rel, Files.readAllBytes(file));
                }
            }
        } finally {
            if (opened != null) {
                opened.close();
            }
        }
    }

    private static String uplotVersion(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("uPlot WebJar not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects assets within a byte and file budget. */
    static final class Builder {
        private final long maxBytes;
        private final int maxFiles;
        private final Map<String, Asset> byPath = new HashMap<>();
        private long total;

        Builder(long maxBytes, int maxFiles) {
            this.maxBytes = maxBytes;
            this.maxFiles = maxFiles;
        }

        Builder add(String path, byte[] bytes) {
            String type = MediaTypes.of(path).orElseThrow(() -> new IllegalArgumentException("no type for " + path));
            byte[] gzip = MediaTypes.isText(path) ? gzip(bytes) : null;
            if (gzip != null && gzip.length >= bytes.length) {
                gzip = null;
            }
            String tag = tag(bytes);
            Asset a = new Asset(path, type, bytes, gzip, "\"" + tag + "\"", gzip == null ? null : "\"" + tag + "-gz\"",
                    cacheControl(path));
            if (byPath.size() >= maxFiles) {
                throw new IllegalStateException("web: more than " + maxFiles + " files");
            }
            if (total + a.size() > maxBytes) {
                throw new IllegalStateException("web: files exceed " + maxBytes + " bytes at " + path);
            }
            total += a.size();
            byPath.put(path, a);
            return this;
        }

        WebAssets build() {
            return new WebAssets(byPath);
        }

        private static String cacheControl(String path) {
            return path.startsWith(VENDOR_UPLOT) ? LONG_LIVED : REVALIDATE;
        }
    }

    private static String tag(byte[] bytes) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(sha, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
