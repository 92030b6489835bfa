package org.d2aflow.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The classpath of the stack's own JVMs (the broker and the CLI): the jars the build resolved for this module,
 * written into the module at build time, plus the module's own classes.
 */
public final class StackClasspath {

    private StackClasspath() {
    }

    public static String get() {
        try (InputStream in = StackClasspath.class.getResourceAsStream("stack.classpath")) {
            if (in == null) {
                throw new IllegalStateException("stack.classpath is missing: build the deploy module with ./mvnw first");
            }
            String jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            Path self = Path.of(StackClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self + java.io.File.pathSeparator + jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
