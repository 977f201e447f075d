package org.gridcast.server;

import org.gridcast.server.redis.RedisLink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.gridcast.server.fanout.ConversationParties;
import org.gridcast.server.fanout.InMemoryUnitHierarchy;
import org.gridcast.server.fanout.MemberMovedListener;
import org.gridcast.server.fanout.UnitHierarchy;
import org.gridcast.server.media.EventViewers;
import org.gridcast.server.net.ConnectionLimits;
import org.gridcast.server.presence.PresenceTimings;
import org.gridcast.server.session.LoginStateProvider;
import org.gridcast.server.session.MemberResolver;
import org.gridcast.server.session.RedisMemberResolver;

/**
 * What the composition root plugs into the runtime: the directory and notice adapters, extra
 * handler modules, the meter registry and clock, and limits. Pieces that need the Redis
 * connection are given as functions of it. Unset pieces take the defaults named on each setter.
 */
public final class Services {
    final Function<RedisLink<String, byte[]>, MemberResolver> members;
    final Function<RedisLink<String, byte[]>, LoginStateProvider> loginStates;
    final UnitHierarchy hierarchy;
    final ConversationParties parties;
    final MemberMovedListener moves;
    final List<HandlerModule> modules;
    final MeterRegistry meterRegistry;
    final Clock clock;
    final ConnectionLimits limits;
    final PresenceTimings presenceTimings;
    final EventViewers eventViewers;

    private Services(Builder b) {
        this.members = b.members;
        this.loginStates = b.loginStates;
        this.hierarchy = b.hierarchy;
        this.parties = b.parties;
        this.moves = b.moves;
        this.modules = List.copyOf(b.modules);
        this.meterRegistry = b.meterRegistry != null ? b.meterRegistry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.clock = b.clock;
        this.limits = b.limits;
        this.presenceTimings = b.presenceTimings;
        this.eventViewers = b.eventViewers;
    }

    public static Services defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Function<RedisLink<String, byte[]>, MemberResolver> members = RedisMemberResolver::new;
        private Function<RedisLink<String, byte[]>, LoginStateProvider> loginStates = c -> LoginStateProvider.EMPTY;
        private UnitHierarchy hierarchy = InMemoryUnitHierarchy.flat();
        private ConversationParties parties = ConversationParties.NONE;
        private MemberMovedListener moves = MemberMovedListener.IGNORE;
        private final List<HandlerModule> modules = new ArrayList<>();
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();
        private ConnectionLimits limits = ConnectionLimits.DEFAULTS;
        private PresenceTimings presenceTimings = PresenceTimings.DEFAULTS;
        private EventViewers eventViewers = EventViewers.NOBODY;

        /** Default: {@link RedisMemberResolver} on {@code dir:member:<id>}. */
        public Builder membersFrom(Function<RedisLink<String, byte[]>, MemberResolver> members) {
            this.members = members;
            return this;
        }

        public Builder members(MemberResolver members) {
            return membersFrom(c -> members);
        }

        /** Default: {@link LoginStateProvider#EMPTY}. */
        public Builder loginStatesFrom(Function<RedisLink<String, byte[]>, LoginStateProvider> states) {
            this.loginStates = states;
            return this;
        }

        public Builder loginStates(LoginStateProvider states) {
            return loginStatesFrom(c -> states);
        }

        /** Default: a flat hierarchy (every unit alone). */
        public Builder hierarchy(UnitHierarchy hierarchy) {
            this.hierarchy = hierarchy;
            return this;
        }

        /** Default: no conversations. */
        public Builder parties(ConversationParties parties) {
            this.parties = parties;
            return this;
        }

        /** Default: member moves are ignored. */
        public Builder memberMoves(MemberMovedListener moves) {
            this.moves = moves;
            return this;
        }

        public Builder module(HandlerModule module) {
            this.modules.add(module);
            return this;
        }

        /** Default: a new {@code PrometheusMeterRegistry}. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder limits(ConnectionLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder presenceTimings(PresenceTimings timings) {
            this.presenceTimings = timings;
            return this;
        }

        /** Who may see an event, for its photos; default: nobody but a photo's uploader. */
        public Builder eventViewers(EventViewers viewers) {
            this.eventViewers = viewers;
            return this;
        }

        public Services build() {
            return new Services(this);
        }
    }
}
