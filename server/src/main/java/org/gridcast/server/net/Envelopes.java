package org.gridcast.server.net;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.HashMap;
import java.util.Map;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Kicked;
import org.gridcast.protocol.ProtocolVersion;

/** Builds envelopes: replies carry the request's id, pushes carry 0. */
public final class Envelopes {
    public static final int VERSION = ProtocolVersion.PROTOCOL_VERSION_1_VALUE;

    /** Body message type → its field in Envelope's oneof, so a handler can return a bare body. */
    private static final Map<Descriptor, FieldDescriptor> BODY_FIELDS = new HashMap<>();

    static {
        for (FieldDescriptor f : Envelope.getDescriptor().getOneofs().get(0).getFields()) {
            BODY_FIELDS.put(f.getMessageType(), f);
        }
    }

    private Envelopes() {
    }

    /** An envelope around a body message (LoginOk, Pong, NoticePush, ...). */
    public static Envelope.Builder wrap(long requestId, Message body) {
        if (body instanceof Envelope e) {
            return e.toBuilder().setVersion(VERSION).setRequestId(requestId);
        }
        FieldDescriptor field = BODY_FIELDS.get(body.getDescriptorForType());
        if (field == null) {
            throw new IllegalArgumentException("not an Envelope body: " + body.getDescriptorForType().getFullName());
        }
        return Envelope.newBuilder().setVersion(VERSION).setRequestId(requestId).setField(field, body);
    }

    public static Envelope push(Message body) {
        return wrap(0, body).build();
    }

    public static Envelope error(long requestId, ErrorCode code, String message) {
        return Envelope.newBuilder().setVersion(VERSION).setRequestId(requestId)
                .setError(org.gridcast.protocol.Error.newBuilder().setCode(code).setMessage(message))
                .build();
    }

    public static Envelope kicked(ErrorCode reason, String message) {
        return push(Kicked.newBuilder().setReason(reason).setMessage(message).build());
    }
}
