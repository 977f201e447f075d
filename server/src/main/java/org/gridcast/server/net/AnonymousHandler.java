package org.gridcast.server.net;

import com.google.protobuf.Message;
import io.netty.channel.Channel;
import java.util.concurrent.CompletionStage;
import org.gridcast.protocol.Envelope;

/** Answers a request that comes before a session exists: Login, RedeemInvite. */
@FunctionalInterface
public interface AnonymousHandler {
    CompletionStage<? extends Message> handle(Channel channel, Envelope request);
}
