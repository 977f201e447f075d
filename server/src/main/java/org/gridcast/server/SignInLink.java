package org.gridcast.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The H5 app's sign-in link: {@code BASE/#token=TOKEN}. The token rides in the fragment, which
 * browsers never send to a server, so it stays out of access logs and Referer headers; the app
 * reads it, stores it on the device and removes it from the address bar.
 */
final class SignInLink {
    private SignInLink() {
    }

    static String of(String base, String token) {
        return base + "/#token=" + token;
    }

    /**
     * A base URL as operators give it: http or https, a host, no query or fragment (the link adds
     * its own); a trailing slash is dropped.
     */
    static String checkBase(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--public-url is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("--public-url must start with http:// or https://, got " + url);
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("--public-url must be scheme://host[:port][/path], got " + url);
        }
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
