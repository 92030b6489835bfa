package org.d2aflow.testkit.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP/1.1 over a plain socket, one connection per request: the only client that sends exactly the bytes asked for
 * (NUL in a header, invalid UTF-8 in the path, a chunked body of any size), which java.net.http and REST Assured
 * refuse to or silently fix.
 */
public final class RawHttp {

    private final String host;
    private final int port;
    private final int timeoutMillis;

    public RawHttp(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** What came back; status -1 when the server closed the connection without an answer. */
    public record Answer(int status, Map<String, String> headers, byte[] body, String failure) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public Answer send(HostileRequest r) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write(r.method().getBytes(StandardCharsets.ISO_8859_1));
            head.write(' ');
            head.write(r.target());
            head.write(" HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            line(head, "Host", host + ":" + port);
            for (String[] h : r.headers()) {
                line(head, h[0], h[1]);
            }
            if (r.body() != null) {
                if (r.chunked()) {
                    line(head, "Transfer-Encoding", "chunked");
                } else {
                    line(head, "Content-Length", Integer.toString(r.body().length));
                }
            }
            line(head, "Connection", "close");
            head.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            // The server may answer (413, 431) and close before the request is all written: write on the side, read here.
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    out.write(head.toByteArray());
                    if (r.body() != null) {
                        if (r.chunked()) {
                            writeChunked(out, r.body());
                        } else {
                            out.write(r.body());
                        }
                    }
                    out.flush();
                } catch (IOException e) {
                    writeFailure.set(e);
                }
            }, "hostile-writer");
            writer.setDaemon(true);
            writer.start();
            byte[] raw = readAll(socket.getInputStream());
            writer.join(timeoutMillis);
            return parse(raw, writeFailure.get());
        } catch (IOException e) {
            return new Answer(-1, Map.of(), new byte[0], e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void line(ByteArrayOutputStream out, String name, String value) throws IOException {
        // Header values go as UTF-8 bytes: a test may put NUL, controls or non-ASCII in them on purpose.
        out.write(name.getBytes(StandardCharsets.UTF_8));
        out.write(": ".getBytes(StandardCharsets.ISO_8859_1));
        out.write(value.getBytes(StandardCharsets.UTF_8));
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void writeChunked(OutputStream out, byte[] body) throws IOException {
        int chunk = 8192;
        for (int at = 0; at < body.length; at += chunk) {
            int n = Math.min(chunk, body.length - at);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                buf.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            if (buf.size() == 0) {
                throw e;
            }
        }
        return buf.toByteArray();
    }

    static Answer parse(byte[] raw, IOException writeFailure) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            return new Answer(-1, Map.of(), raw, "no complete answer" + (writeFailure == null ? "" : " (" + writeFailure + ")"));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            body = java.util.Arrays.copyOf(body, Math.min(length, body.length));
        }
        return new Answer(Integer.parseInt(status[1]), headers, body, null);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int eol = indexOf(java.util.Arrays.copyOfRange(body, at, body.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (eol < 0) {
                break;
            }
            String size = new String(body, at, eol, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            at += eol + 2;
            out.write(body, at, Math.min(n, body.length - at));
            at += n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
