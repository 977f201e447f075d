package org.gridcast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebPathsTest {
    static int status(String target) {
        return WebPaths.resolve(target).status();
    }

    @Test
    void plainPathsResolveToThemselvesAndRootToIndex() {
        assertThat(WebPaths.resolve("/").path()).isEqualTo("/index.html");
        assertThat(WebPaths.resolve("/?v=2").path()).isEqualTo("/index.html");
        assertThat(WebPaths.resolve("/js/app.js?x=1#frag").path()).isEqualTo("/js/app.js");
        assertThat(WebPaths.resolve("/js/%61pp.js").path()).isEqualTo("/js/app.js");
        assertThat(WebPaths.resolve("/a+b.js").path()).isEqualTo("/a+b.js");
        assertThat(WebPaths.resolve("/%E5%9B%BE.png").path()).isEqualTo("/图.png");
    }

    @Test
    void traversalIsNotFound() {
        assertThat(status("/..")).isEqualTo(404);
        assertThat(status("/js/../index.html")).isEqualTo(404);
        assertThat(status("/%2e%2e/x")).isEqualTo(404);
        assertThat(status("/%2E./x")).isEqualTo(404);
        assertThat(status("/js/./app.js")).isEqualTo(404);
        assertThat(status("/js//app.js")).isEqualTo(404);
        assertThat(status("/js%2f..%2findex.html")).isEqualTo(404);
        assertThat(status("/js/")).isEqualTo(404);
        assertThat(status("/" + "a".repeat(WebPaths.MAX_PATH_CHARS))).isEqualTo(404);
    }

    @Test
    void bytesThatHaveNoPlaceInAPathAreBadRequests() {
        assertThat(status("/a%00.js")).isEqualTo(400);
        assertThat(status("/a\\..\\b")).isEqualTo(400);
        assertThat(status("/a%5cb")).isEqualTo(400);
        assertThat(status("/a%0d%0aSet-Cookie:x")).isEqualTo(400);
        assertThat(status("/%zz")).isEqualTo(400);
        assertThat(status("/%e5")).as("truncated UTF-8").isEqualTo(400);
        assertThat(status("/%c0%ae")).as("overlong UTF-8").isEqualTo(400);
        assertThat(status("/%")).isEqualTo(400);
        assertThat(status("http://evil/index.html")).isEqualTo(400);
        assertThat(status("*")).isEqualTo(400);
        assertThat(status("/\u00e9")).as("raw non-ASCII").isEqualTo(400);
    }
}
