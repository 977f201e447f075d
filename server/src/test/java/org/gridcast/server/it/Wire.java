package org.gridcast.server.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.ErrorCode;
import org.gridcast.protocol.Notice;

/**
 * A blocking raw-protocol session over a real socket that, unlike a plain request/reply helper,
 * keeps the pushes that arrive while it waits for a reply, so a test sees every push exactly as
 * the server sent it (no client-side dedupe).
 */
final class Wire implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Deque<Envelope> pushes = new ArrayDeque<>();
    private long nextId = 1;

    Wire(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) (ItServer.WAIT_SECONDS * 1000));
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Sends a request and returns its reply; pushes read meanwhile are kept for {@link #push()}. */
    Envelope call(Envelope.Builder body) throws IOException {
        long id = nextId++;
        byte[] bytes = body.setVersion(1).setRequestId(id).build().toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
        while (true) {
            Envelope e = read();
            if (e.getRequestId() == id) {
                return e;
            }
            if (e.getRequestId() == 0) {
                pushes.add(e);
            }
        }
    }

    /** Calls and fails the test on an Error reply. */
    Envelope ok(Envelope.Builder body) throws IOException {
        Envelope reply = call(body);
        if (reply.hasError()) {
            throw new AssertionError("expected success for " + body.getBodyCase() + ", got " + reply.getError());
        }
        return reply;
    }

    /** Calls and returns the error code of the reply (ERROR_CODE_UNSPECIFIED when it succeeded). */
    ErrorCode error(Envelope.Builder body) throws IOException {
        Envelope reply = call(body);
        return reply.hasError() ? reply.getError().getCode() : ErrorCode.ERROR_CODE_UNSPECIFIED;
    }

    /** The next push, kept or read (bounded by the socket timeout). */
    Envelope push() throws IOException {
        if (!pushes.isEmpty()) {
            return pushes.poll();
        }
        while (true) {
            Envelope e = read();
            if (e.getRequestId() == 0) {
                return e;
            }
        }
    }

    /** The next push of kind {@code body}; other pushes before it are dropped. */
    Envelope push(Envelope.BodyCase body) throws IOException {
        while (true) {
            Envelope e = push();
            if (e.getBodyCase() == body) {
                return e;
            }
        }
    }

    /** The next NoticePush's notice; other pushes before it are dropped. */
    Notice notice() throws IOException {
        return push(Envelope.BodyCase.NOTICE_PUSH).getNoticePush().getNotice();
    }

    /** "channel#seq" of the next NoticePush. */
    String noticeKey() throws IOException {
        Notice n = notice();
        return n.getChannel() + "#" + n.getSeq();
    }

    /** True when a push is already waiting or arrives within {@code millis}. Only used to show absence after a barrier. */
    boolean hasPush(int millis) throws IOException {
        if (!pushes.isEmpty()) {
            return true;
        }
        int before = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            Envelope e = read();
            if (e.getRequestId() == 0) {
                pushes.add(e);
                return true;
            }
            return false;
        } catch (SocketTimeoutException none) {
            return false;
        } finally {
            socket.setSoTimeout(before);
        }
    }

    private Envelope read() throws IOException {
        int length = in.readInt();
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return Envelope.parseFrom(bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
