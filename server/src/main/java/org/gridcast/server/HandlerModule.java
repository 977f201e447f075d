package org.gridcast.server;

import org.gridcast.server.net.Dispatcher;

/**
 * A group of request handlers the composition root plugs in (notices, directory, events).
 * Called once at startup, before the node accepts clients, with the running services the
 * handlers may need; handlers get what they need through their constructors.
 */
@FunctionalInterface
public interface HandlerModule {
    void register(Dispatcher dispatcher, ServerRuntime runtime);
}
