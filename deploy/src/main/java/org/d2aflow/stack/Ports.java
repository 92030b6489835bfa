package org.d2aflow.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Small helpers about local TCP ports. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago on the loopback interface. */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free local port", e);
        }
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
