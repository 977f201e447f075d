package org.gridcast.loadtest.target;

import org.gridcast.loadtest.gridcast.GridcastTarget;
import org.gridcast.loadtest.mqtt.MqttTarget;
import org.gridcast.loadtest.nats.NatsTarget;
import org.gridcast.loadtest.raw.RawTarget;
import org.gridcast.loadtest.redis.RedisPubSubTarget;

/** Names on the command line to targets. */
public final class Targets {
    private Targets() {
    }

    public static Target create(String name) {
        return switch (name) {
            case "gridcast" -> new GridcastTarget();
            case "raw" -> new RawTarget();
            case "nats" -> new NatsTarget();
            case "mosquitto" -> new MqttTarget();
            case "redis-pubsub" -> new RedisPubSubTarget();
            default -> throw new IllegalArgumentException("unknown target " + name);
        };
    }
}
