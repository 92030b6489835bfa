package org.d2aflow.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A lean HTTP/1.1 client for one closed-loop client thread: one blocking keep-alive socket, the request's constant
 * head encoded once, each request written in one call, the response's status line and headers parsed by hand and its
 * body read whole (Content-Length or chunked). It does what the load needs and no more (no redirects, no TLS, no
 * pipelining), so that the load generator spends little of the cores it shares with the service: the pgbench
 * baselines' client is C. A connection the server closed, or one that failed, is opened again on the next request.
 */
final class RawHttp implements Closeable {

    /** A response: its status, its Location header (or null) and its body. */
    record Response(int status, String location, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int TIMEOUT_MILLIS = 60_000;

    private final String host;
    private final int port;
    private final byte[] head;
    private final ByteArrayOutputStream request = new ByteArrayOutputStream(2048);
    private final StringBuilder line = new StringBuilder(128);
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /**
     * A client for {@code POST} (or another method) to one URL with fixed headers; {@link #send} adds the per-request
     * headers, Content-Length and the body.
     */
    RawHttp(String method, String url, String... headers) {
        URI uri = URI.create(url);
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
        StringBuilder h = new StringBuilder(method).append(' ').append(uri.getRawPath()).append(" HTTP/1.1\r\nHost: ").append(host).append(':')
                .append(port).append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        this.head = h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends one request with {@code extraHeaders} (name, value, ...) and {@code body}, and reads its whole response. */
    Response send(byte[] body, String... extraHeaders) throws IOException {
        request.reset();
        request.write(head);
        StringBuilder h = new StringBuilder(128);
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            h.append(extraHeaders[i]).append(": ").append(extraHeaders[i + 1]).append("\r\n");
        }
        h.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        request.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        request.write(body);
        if (socket == null) {
            connect();
        }
        try {
            request.writeTo(out);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(TIMEOUT_MILLIS);
        s.connect(new InetSocketAddress(host, port), 5_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = s.getOutputStream();
    }

    private Response read() throws IOException {
        String status = readLine();
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closes = status.startsWith("HTTP/1.0");
        String location = null;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + header);
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "location" -> location = value;
                case "connection" -> closes = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunked();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new EOFException("the connection ended after " + body.length + " of " + length + " body bytes");
            }
        } else {
            body = in.readAllBytes(); // no length: the body ends with the connection
            closes = true;
        }
        if (closes) {
            close();
        }
        return new Response(code, location, body);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine();
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while (!readLine().isEmpty()) {
                    // trailers, ignored
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length != n) {
                throw new EOFException("the connection ended inside a chunk");
            }
            body.write(chunk);
            if (!readLine().isEmpty()) {
                throw new IOException("a chunk does not end with CRLF");
            }
        }
    }

    /** A header line without its CRLF (ISO-8859-1, as HTTP/1.1 headers are). */
    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection ended" + (line.isEmpty() ? "" : " inside a line: " + line));
            }
            if (b == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
            in = null;
            out = null;
        }
    }
}
