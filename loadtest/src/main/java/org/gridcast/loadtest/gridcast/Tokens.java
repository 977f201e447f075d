package org.gridcast.loadtest.gridcast;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real login tokens for the load test's members, minted with the server's own
 * {@code org.gridcast.server.auth.TokenService} and the server's secret file, exactly as the
 * server's {@code token} command would. Bound reflectively so the load tester builds while the
 * server's auth package is written alongside it: it looks for a constructor or static factory
 * taking the secret (bytes or path) and an instance method (member, device) → token.
 */
public final class Tokens {
    static final String SERVICE = "org.gridcast.server.auth.TokenService";

    private final Object service;
    private final Method issue;

    private Tokens(Object service, Method issue) {
        this.service = service;
        this.issue = issue;
    }

    public static Tokens fromSecretFile(Path secret) throws Exception {
        Class<?> c = Class.forName(SERVICE);
        byte[] bytes = Files.readAllBytes(secret);
        Object service = null;
        for (Constructor<?> k : c.getConstructors()) {
            Class<?>[] p = k.getParameterTypes();
            if (p.length == 1 && p[0] == byte[].class) {
                service = k.newInstance((Object) bytes);
            } else if (p.length == 1 && p[0] == Path.class) {
                service = k.newInstance(secret);
            }
        }
        for (Method m : c.getMethods()) {
            if (service == null && Modifier.isStatic(m.getModifiers()) && m.getReturnType() == c && m.getParameterCount() == 1) {
                Class<?> p = m.getParameterTypes()[0];
                service = p == Path.class ? m.invoke(null, secret) : p == byte[].class ? m.invoke(null, (Object) bytes) : null;
            }
        }
        if (service == null) {
            throw new IllegalStateException(SERVICE + ": no way to build it from the secret " + secret);
        }
        for (Method m : c.getMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (!Modifier.isStatic(m.getModifiers()) && m.getReturnType() == String.class && p.length == 2
                    && p[0] == String.class && p[1] == String.class) {
                return new Tokens(service, m);
            }
        }
        throw new IllegalStateException(SERVICE + ": no (member, device) -> token method");
    }

    public String issue(String member, String device) {
        try {
            return (String) issue.invoke(service, member, device);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("token for " + member, e);
        }
    }
}
