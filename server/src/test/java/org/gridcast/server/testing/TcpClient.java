package org.gridcast.server.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.gridcast.protocol.Envelope;
import org.gridcast.protocol.Login;
import org.gridcast.protocol.Ping;

/** A blocking test client speaking length-prefixed Envelopes over a real socket. */
public final class TcpClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private long nextId = 1;

    public TcpClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    public Socket socket() {
        return socket;
    }

    /** Sends a request built from the body; returns its request id. */
    public long request(Envelope.Builder body) throws IOException {
        long id = nextId++;
        send(body.setVersion(1).setRequestId(id).build());
        return id;
    }

    public void send(Envelope envelope) throws IOException {
        byte[] bytes = envelope.toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Next envelope; throws EOFException when the server closed. */
    public Envelope read() throws IOException {
        int len = in.readInt();
        byte[] b = new byte[len];
        in.readFully(b);
        return Envelope.parseFrom(b);
    }

    /** Sends and returns the reply with the same request id, skipping pushes. */
    public Envelope call(Envelope.Builder body) throws IOException {
        long id = request(body);
        while (true) {
            Envelope e = read();
            if (e.getRequestId() == id) {
                return e;
            }
        }
    }

    public Envelope login(String token, String device) throws IOException {
        return call(Envelope.newBuilder().setLogin(Login.newBuilder().setToken(token).setDevice(device)));
    }

    public Envelope ping() throws IOException {
        return call(Envelope.newBuilder().setPing(Ping.getDefaultInstance()));
    }

    /** Reads until the server closes; returns the last envelope seen (null if none). */
    public Envelope readUntilClosed(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        Envelope last = null;
        try {
            while (true) {
                last = read();
            }
        } catch (EOFException | SocketException closed) {
            return last;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("server did not close within " + within + "; last " + last);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
