package org.gridcast.loadtest.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A server's Prometheus endpoint, {@code GET http://HOST:PORT/metrics}. */
public final class MetricsEndpoint {
    /** A scrape of a loaded server can be slow; longer than this and the reading is not worth having. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The classic text format; the parser does not read OpenMetrics. */
    private static final String ACCEPT = "text/plain; version=0.0.4";

    private final URI uri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public MetricsEndpoint(InetSocketAddress address) {
        String host = address.getHostString();
        this.uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/metrics");
    }

    public MetricsScrape scrape() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", ACCEPT).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return MetricsScrape.parse(response.body());
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
