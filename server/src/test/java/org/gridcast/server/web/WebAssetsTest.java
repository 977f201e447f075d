package org.gridcast.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebAssetsTest {

    /** A class path holding {@code web/} files and a stand-in uPlot WebJar of version 9.9.9. */
    static ClassLoader classPath(Path root) throws IOException {
        write(root.resolve("META-INF/maven/org.webjars.npm/uplot/pom.properties"), "version=9.9.9\n");
        write(root.resolve("META-INF/resources/webjars/uplot/9.9.9/dist/uPlot.iife.min.js"), "var uPlot=1;");
        write(root.resolve("META-INF/resources/webjars/uplot/9.9.9/dist/uPlot.min.css"), ".u{}");
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void theAppOnTheClassPathLoadsWithinTheDefaultBounds() {
        WebAssets assets = WebAssets.fromClasspath();
        Asset index = assets.find("/index.html");
        assertThat(index.type()).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(index.bytes(), StandardCharsets.UTF_8)).contains("<script type=\"module\" src=\"/js/app.js\">");
        assertThat(assets.find("/vendor/uplot/uPlot.iife.min.js").cacheControl()).isEqualTo("public, max-age=2592000");
        assertThat(assets.find("/vendor/uplot/uPlot.min.css")).isNotNull();
        assertThat(assets.count()).isLessThanOrEqualTo(WebAssets.DEFAULT_MAX_FILES);
    }

    @Test
    void filesAreKeyedByPathWithTypesTagsAndGzip(@TempDir Path root) throws IOException {
        write(root.resolve("web/index.html"), "<!DOCTYPE html><title>网格通</title>" + "<p>重复的内容</p>".repeat(50));
        write(root.resolve("web/js/screens/events.js"), "export default {};");
        write(root.resolve("web/icon.png"), "not really a png");
        write(root.resolve("web/notes.md"), "# no type: not served");
        write(root.resolve("web/.hidden.js"), "x");
        WebAssets assets = WebAssets.fromClasspath(classPath(root), 1 << 20, 100);

        assertThat(assets.count()).isEqualTo(5); // index, events.js, icon.png, two uPlot files
        Asset index = assets.find("/index.html");
        assertThat(index.gzip()).isNotNull();
        assertThat(index.gzip().length).isLessThan(index.bytes().length);
        assertThat(index.etag()).matches("\"[0-9a-f]{32}\"");
        assertThat(index.gzipEtag()).isEqualTo(index.etag().replace("\"", "").transform(t -> "\"" + t + "-gz\""));
        assertThat(assets.find("/js/screens/events.js").type()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(assets.find("/icon.png").gzip()).as("images are not gzipped").isNull();
        assertThat(assets.find("/notes.md")).isNull();
        assertThat(assets.find("/.hidden.js")).isNull();
        assertThat(assets.find("/vendor/uplot/uPlot.min.css").cacheControl()).isEqualTo("public, max-age=2592000");
    }

    @Test
    void moreBytesThanTheBoundFailTheStart(@TempDir Path root) throws IOException {
        write(root.resolve("web/index.html"), "<!DOCTYPE html>");
        write(root.resolve("web/big.png"), "x".repeat(5_000));
        ClassLoader loader = classPath(root);
        assertThat(WebAssets.fromClasspath(loader, 6_000, 100).count()).isEqualTo(4);
        assertThatThrownBy(() -> WebAssets.fromClasspath(loader, 4_999, 100))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exceed 4999 bytes");
    }

    @Test
    void moreFilesThanTheBoundFailTheStart(@TempDir Path root) throws IOException {
        write(root.resolve("web/index.html"), "<!DOCTYPE html>");
        for (int i = 0; i < 5; i++) {
            write(root.resolve("web/js/m" + i + ".js"), "export const x = " + i + ";");
        }
        ClassLoader loader = classPath(root);
        assertThat(WebAssets.fromClasspath(loader, 1 << 20, 8).count()).isEqualTo(8);
        assertThatThrownBy(() -> WebAssets.fromClasspath(loader, 1 << 20, 7))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than 7 files");
    }
}
