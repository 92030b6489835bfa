package org.d2aflow.simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of the simulator. */
final class Options {

    static final String USAGE = """
            Usage: Simulator [options]
              --days N             business days simulated, ending yesterday (default 365)
              --seed S             seed of the synthetic county; the same seed gives the same calls and payloads (default 42)
              --scale X            fraction of the county's volume, 0 < X <= 5; 1 is about 55 discharges a day (default 1)
              --referral-url URL   referral-service (default http://127.0.0.1:8081)
              --capacity-url URL   capacity-service (default http://127.0.0.1:8082)
              --placement-url URL  placement-service (default http://127.0.0.1:8083)
              --concurrency N      patients handled in parallel within a day (default 4); 1 repeats the exact call order
              --record FILE        write a JSON-lines record of every referral and what was entered for it
              --status-file FILE   keep the latest progress line in FILE (rewritten every 5 s; says done or aborted at the end)
              --run-id ID          prefix of the Idempotency-Keys (default s<seed>-<last simulated day>)
              --wait SECONDS       longest wait for an event to travel between services (default 30)
              --late-share X       share of discharges (of patients needing no service), follow-ups and declines entered
                                   late, 0 to 1: discharges 1-4 days, follow-ups 1-5 weeks, declines 1-3 days (default 0.2)
              --checkpoint N[,M..] after the N-th simulated day (and the M-th ...), wait until everything entered has
                                   settled and write that instant in the record (figures as known at it can be
                                   recomputed exactly); also after each day a discharge is voided
              --corrections N      discharges corrected after entry: amended, or voided and entered again (default 3)
              --issuer-home DIR    stack home whose development issuer signs the simulator's bearer tokens
                                   (default: the stack home it was started for, else $D2A_HOME, else .d2a)
              --plan-only          print the plan's calibration against the seeds' figures and call nothing
              --help               this text
            """;

    private static final List<String> WITH_VALUE = List.of("--days", "--seed", "--scale", "--referral-url", "--capacity-url",
            "--placement-url", "--concurrency", "--record", "--status-file", "--run-id", "--wait", "--issuer-home", "--late-share", "--corrections", "--checkpoint");

    int days = 365;
    long seed = 42;
    double scale = 1.0;
    String referralUrl = "http://127.0.0.1:8081";
    String capacityUrl = "http://127.0.0.1:8082";
    String placementUrl = "http://127.0.0.1:8083";
    int concurrency = 4;
    Path record;
    Path statusFile;
    String runId;
    int waitSeconds = 30;
    double lateShare = org.d2aflow.simulator.driver.LateEntries.DEFAULT_SHARE;
    int corrections = org.d2aflow.simulator.driver.LateEntries.DEFAULT_CORRECTIONS;
    /** The simulated days (1 = the first) after which the run settles and notes the instant. */
    List<Integer> checkpoints = new ArrayList<>();
    /** The stack home whose development issuer signs the simulator's tokens (the stack's own when launched by deploy/d2a). */
    Path issuerHome = Path.of(System.getProperty("d2a.stack.home", System.getenv().getOrDefault("D2A_HOME", ".d2a")));
    boolean planOnly;
    boolean help;

    static Options parse(String... args) {
        Options o = new Options();
        List<String> list = new ArrayList<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                list.add(a.substring(0, eq));
                list.add(a.substring(eq + 1));
            } else {
                list.add(a);
            }
        }
        for (int i = 0; i < list.size(); i++) {
            String name = list.get(i);
            switch (name) {
                case "--help":
                case "-h":
                    o.help = true;
                    continue;
                case "--plan-only":
                    o.planOnly = true;
                    continue;
                default:
                    break;
            }
            if (!WITH_VALUE.contains(name)) {
                throw new IllegalArgumentException(name.startsWith("--") ? "unknown option " + name : "unexpected argument " + name);
            }
            if (i + 1 >= list.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = list.get(++i);
            try {
                switch (name) {
                    case "--days":
                        o.days = Integer.parseInt(value);
                        break;
                    case "--seed":
                        o.seed = Long.parseLong(value);
                        break;
                    case "--scale":
                        o.scale = Double.parseDouble(value);
                        break;
                    case "--referral-url":
                        o.referralUrl = trimSlash(value);
                        break;
                    case "--capacity-url":
                        o.capacityUrl = trimSlash(value);
                        break;
                    case "--placement-url":
                        o.placementUrl = trimSlash(value);
                        break;
                    case "--concurrency":
                        o.concurrency = Integer.parseInt(value);
                        break;
                    case "--record":
                        o.record = Path.of(value);
                        break;
                    case "--status-file":
                        o.statusFile = Path.of(value);
                        break;
                    case "--run-id":
                        o.runId = value;
                        break;
                    case "--issuer-home":
                        o.issuerHome = Path.of(value);
                        break;
                    case "--wait":
                        o.waitSeconds = Integer.parseInt(value);
                        break;
                    case "--late-share":
                        o.lateShare = Double.parseDouble(value);
                        break;
                    case "--corrections":
                        o.corrections = Integer.parseInt(value);
                        break;
                    case "--checkpoint":
                        for (String day : value.split(",")) {
                            o.checkpoints.add(Integer.parseInt(day.strip()));
                        }
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + name);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": not a number: " + value);
            }
        }
        if (o.days < 1 || o.days > 3650) {
            throw new IllegalArgumentException("--days must be between 1 and 3650");
        }
        if (!(o.scale > 0) || o.scale > 5) {
            throw new IllegalArgumentException("--scale must be above 0 and at most 5");
        }
        if (o.concurrency < 1 || o.concurrency > 64) {
            throw new IllegalArgumentException("--concurrency must be between 1 and 64");
        }
        if (o.waitSeconds < 1) {
            throw new IllegalArgumentException("--wait must be at least 1 second");
        }
        if (!(o.lateShare >= 0) || o.lateShare > 1) {
            throw new IllegalArgumentException("--late-share must be between 0 and 1");
        }
        if (o.checkpoints.stream().anyMatch(d -> d < 1 || d > o.days)) {
            throw new IllegalArgumentException("--checkpoint must be simulated days, 1 to --days");
        }
        if (o.corrections < 0 || o.corrections > 1000) {
            throw new IllegalArgumentException("--corrections must be between 0 and 1000");
        }
        if (o.runId != null && !o.runId.matches("[A-Za-z0-9._-]{1,60}")) {
            throw new IllegalArgumentException("--run-id: 1-60 letters, digits, dots, dashes or underscores");
        }
        return o;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
