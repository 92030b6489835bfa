package org.d2aflow.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Kustomize directory as {@code kubectl kustomize DIR} does (kubectl carries Kustomize; a standalone
 * {@code kustomize build} is used when kubectl is missing). Neither needs a cluster or the network.
 */
final class Kustomize {

    private Kustomize() {
    }

    static String render(Path dir) {
        List<String> command = onPath("kubectl") ? List.of("kubectl", "kustomize", dir.toString())
                : onPath("kustomize") ? List.of("kustomize", "build", dir.toString()) : null;
        if (command == null) {
            throw new IllegalStateException("Rendering deploy/k8s needs kubectl (which carries Kustomize) or kustomize on the PATH:"
                    + " kubectl 1.27 or later, or kustomize 5 (deploy/README.md)");
        }
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(new ArrayList<>(command)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(err, StandardCharsets.UTF_8));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
