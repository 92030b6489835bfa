package org.d2aflow.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Small helpers about local TCP ports. */
public final class Ports {

    private Ports() {
    }

    private static final java.util.Random RANDOM = new java.util.Random();
    /** Ports handed out by this JVM: a server may bind its port only later, so the same one is never given twice. */
    private static final java.util.Set<Integer> GIVEN = new java.util.HashSet<>();

    /**
     * A port that was free a moment ago on every interface, chosen below Linux's ephemeral range (32768 and up), so
     * that an outgoing connection cannot take it between this call and the server binding it.
     */
    public static synchronized int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + RANDOM.nextInt(12000);
            if (GIVEN.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(port), 1);
                GIVEN.add(port);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No free local port between 20000 and 32000");
    }

    /** Whether something accepts TCP connections on host:port. */
    public static boolean answering(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
