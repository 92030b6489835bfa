package org.d2aflow.stack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the Debian packages the stack and the tests need (PostgreSQL's server binaries, Chromium for the
 * dashboard's browser test) on a fresh machine, so that {@code ./mvnw verify} and {@code deploy/d2a up} need no
 * setup step of their own. Only root with apt-get can do it; anyone else gets a message naming the package.
 * Several test JVMs may ask at once: one installs, the others wait for it on a lock file.
 */
public final class SystemPackages {

    private static final Path APT_GET = Path.of("/usr/bin/apt-get");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);

    private SystemPackages() {
    }

    /** Whether this process may install Debian packages. */
    public static boolean canInstall() {
        return Processes.isRoot() && Files.isExecutable(APT_GET);
    }

    /** Whether dpkg says the package is installed. */
    public static boolean installed(String pkg) {
        try {
            return Processes.run(List.of("dpkg-query", "-W", "-f=${Status}", pkg), Duration.ofSeconds(30)).contains("install ok installed");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Installs {@code pkg} with apt-get unless it is there already; {@code why} says in the log what needs it.
     * Tries with the package lists the machine has, then once more after {@code apt-get update}.
     *
     * @throws IllegalStateException when this process may not install packages, or apt-get fails; the message
     *                               says what to install by hand
     */
    public static void install(String pkg, String why) {
        if (!canInstall()) {
            throw new IllegalStateException(why + " needs the Debian package " + pkg + ", which is not installed, and only root can "
                    + "install it here: run `sudo apt-get install " + pkg + "` (or your system's equivalent) and try again");
        }
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "d2a-apt-get.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (installed(pkg)) {
                return;
            }
            long started = System.nanoTime();
            System.err.printf("[d2a] Installing the Debian package %s (%s) with apt-get; this takes a minute or two, once%n", pkg, why);
            try {
                Processes.run(aptGet("install", pkg), INSTALL_TIMEOUT);
            } catch (IOException firstTry) {
                // A fresh machine may have no package lists yet, or stale ones.
                System.err.printf("[d2a] apt-get install %s failed with the package lists at hand; running apt-get update first%n", pkg);
                Processes.run(aptGet("update", null), INSTALL_TIMEOUT);
                Processes.run(aptGet("install", pkg), INSTALL_TIMEOUT);
            }
            System.err.printf("[d2a] Installed %s in %.0f s%n", pkg, (System.nanoTime() - started) / 1e9);
        } catch (IOException e) {
            throw new IllegalStateException("Could not install the Debian package " + pkg + " (" + why + "): " + e.getMessage()
                    + "\nInstall it by hand (apt-get install " + pkg + ") and try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing " + pkg, e);
        }
    }

    private static List<String> aptGet(String verb, String pkg) {
        List<String> cmd = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", APT_GET.toString(), "-q", "-y",
                "-o", "DPkg::Lock::Timeout=600", verb));
        if (pkg != null) {
            cmd.add(pkg);
        }
        return cmd;
    }
}
