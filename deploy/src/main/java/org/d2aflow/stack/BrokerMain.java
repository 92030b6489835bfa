package org.d2aflow.stack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Entry point of the broker JVM: formats the KRaft storage on first start, optionally exits when the
 * process that owns it dies (so a killed test run never leaves a broker behind), then runs Kafka.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BrokerMain <server.properties> <cluster-id> [--watch-pid PID]");
            System.exit(2);
        }
        String config = args[0];
        String clusterId = args[1];
        if (args.length == 4 && "--watch-pid".equals(args[2])) {
            watchOwner(Long.parseLong(args[3]));
        }
        formatIfNeeded(config, clusterId);
        kafka.Kafka.main(new String[] {config});
    }

    private static void formatIfNeeded(String config, String clusterId) throws Exception {
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(Path.of(config), StandardCharsets.UTF_8)) {
            props.load(in);
        }
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        List<String> formatArgs = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config, "--ignore-formatted"));
        int rc = kafka.tools.StorageTool.execute(formatArgs.toArray(String[]::new), new PrintStream(System.out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            System.err.println("Formatting the KRaft storage in " + logDir + " failed with code " + rc);
            System.exit(rc);
        }
    }

    private static void watchOwner(long ownerPid) {
        Thread watcher = new Thread(() -> {
            while (true) {
                if (ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false)) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                } else {
                    System.err.println("Owner process " + ownerPid + " is gone: stopping the broker.");
                    System.exit(0);
                }
            }
        }, "owner-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
