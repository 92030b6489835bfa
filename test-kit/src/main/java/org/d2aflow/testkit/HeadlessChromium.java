package org.d2aflow.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Debian's headless Chromium driven over the DevTools protocol: opens a page, evaluates JavaScript in it and
 * takes screenshots. Installs Debian's chromium package on first use when it can (root); fails, never skips, when it cannot.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://[^\\s]+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts Chromium on the page and connects to it. */
    public static HeadlessChromium open(URI page) throws Exception {
        Path binary = binary();
        Path profile = Files.createTempDirectory("d2a-chromium");
        Process p = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--remote-debugging-port=0", "--user-data-dir=" + profile, page.toString())
                .redirectErrorStream(true).start();
        String browserWs = null;
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (browserWs == null && System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                browserWs = m.group(1);
            }
        }
        if (browserWs == null) {
            p.destroyForcibly();
            throw new IllegalStateException("Chromium did not open its DevTools endpoint");
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe from filling up
                }
            } catch (IOException e) {
                // process gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        URI ws = URI.create(browserWs);
        String pageWs = null;
        HttpClient http = HttpClient.newHttpClient();
        while (pageWs == null && System.nanoTime() < deadline) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : JSON.readTree(list)) {
                if ("page".equals(target.path("type").asText())) {
                    pageWs = target.path("webSocketDebuggerUrl").asText();
                }
            }
            if (pageWs == null) {
                Thread.sleep(200);
            }
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        StringBuilder frame = new StringBuilder();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                frame.append(data);
                if (last) {
                    String text = frame.toString();
                    frame.setLength(0);
                    self[0].receive(text);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(p, profile, socket);
        return self[0];
    }

    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));

    /**
     * Debian's Chromium, installed on first use when this JVM may (root with apt-get), so the README's test command
     * needs no setup step; otherwise a failure that says what to install (never a skip).
     */
    static synchronized Path binary() {
        java.util.Optional<Path> found = BINARIES.stream().filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            org.d2aflow.stack.SystemPackages.install("chromium", "the dashboard's browser test (headless Chromium)");
            found = BINARIES.stream().filter(Files::isExecutable).findFirst();
        }
        return found.orElseThrow(() -> new IllegalStateException("apt-get installed chromium but none of " + BINARIES + " exists"));
    }

    private void receive(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
                if (f != null) {
                    f.complete(message);
                }
            }
        } catch (IOException e) {
            // not a protocol message
        }
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = f.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** Evaluates an expression in the page and returns its value as text (empty for null or undefined). */
    public String evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        JsonNode value = result.path("result").path("value");
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    /**
     * Evaluates an expression that gives a promise (such as axe.run()), waits for it and returns its value as JSON text
     * (an object or array comes back whole; empty for null or undefined).
     */
    public String evaluateAsync(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("The page threw: " + result.get("exceptionDetails"));
        }
        JsonNode value = result.path("result").path("value");
        return value.isMissingNode() || value.isNull() ? "" : value.isTextual() ? value.asText() : JSON.writeValueAsString(value);
    }

    /**
     * Makes the page's viewport {@code width} by {@code height} CSS pixels at scale 1; below 1000 px wide as a phone or tablet
     * would (the page's meta viewport applies), so that {@code innerWidth} is the width asked for.
     */
    public void viewport(int width, int height) throws Exception {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 1000));
    }

    /**
     * Emulates CSS media features, for example {@code Map.of("forced-colors", "active", "prefers-reduced-motion", "reduce")};
     * an empty map ends the emulation.
     */
    public void mediaFeatures(Map<String, String> features) throws Exception {
        call("Emulation.setEmulatedMedia", Map.of("features",
                features.entrySet().stream().map(e -> Map.of("name", e.getKey(), "value", e.getValue())).toList()));
    }

    /** Runs a script in every document this page loads from now on, before the page's own scripts (for example to record events). */
    public void beforeEveryPage(String script) throws Exception {
        call("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    /** Loads another address in the page (returns once the navigation has started; wait for what you need with awaitValue). */
    public void navigate(URI page) throws Exception {
        call("Page.navigate", Map.of("url", page.toString()));
    }

    /**
     * "fits" when the page does not scroll sideways ({@code document.scrollingElement.scrollWidth <= innerWidth}), otherwise
     * both widths, for an assertion message.
     */
    public String horizontalFit() throws Exception {
        return evaluate("document.scrollingElement.scrollWidth <= innerWidth ? 'fits'"
                + " : 'scrollWidth ' + document.scrollingElement.scrollWidth + ' > innerWidth ' + innerWidth");
    }

    /** Keys {@link #press} knows: the DOM key name, its code and its Windows virtual key code. */
    private static final Map<String, Object[]> KEYS = Map.of(
            "Tab", new Object[] {"Tab", 9, null},
            "Enter", new Object[] {"Enter", 13, "\r"},
            "Escape", new Object[] {"Escape", 27, null},
            "Space", new Object[] {" ", 32, " "},
            "ArrowDown", new Object[] {"ArrowDown", 40, null},
            "ArrowUp", new Object[] {"ArrowUp", 38, null});

    /**
     * Presses and releases a key as a user would (Tab, Enter, Escape, Space, ArrowDown, ArrowUp), optionally with Shift, through
     * the browser's input pipeline (CDP Input.dispatchKeyEvent): focus moves, buttons activate and dialogs close as they would.
     */
    public void press(String key, boolean shift) throws Exception {
        Object[] k = KEYS.get(key);
        if (k == null) {
            throw new IllegalArgumentException("Unknown key " + key + "; known: " + KEYS.keySet());
        }
        call("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        Map<String, Object> down = new java.util.HashMap<>(Map.of("type", k[2] == null ? "rawKeyDown" : "keyDown", "key", k[0],
                "code", key.equals("Space") ? "Space" : key, "windowsVirtualKeyCode", k[1], "nativeVirtualKeyCode", k[1],
                "modifiers", shift ? 8 : 0));
        if (k[2] != null) {
            down.put("text", k[2]);
            down.put("unmodifiedText", k[2]);
        }
        call("Input.dispatchKeyEvent", down);
        Map<String, Object> up = new java.util.HashMap<>(down);
        up.put("type", "keyUp");
        up.remove("text");
        up.remove("unmodifiedText");
        call("Input.dispatchKeyEvent", up);
    }

    /** Presses a key without modifiers. */
    public void press(String key) throws Exception {
        press(key, false);
    }

    /** Polls an expression until it gives a non-empty value that passes the check, or fails after the timeout. */
    public String awaitValue(String expression, java.util.function.Predicate<String> check, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = evaluate(expression);
            if (!last.isEmpty() && check.test(last)) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("After " + timeout.toSeconds() + "s, " + expression + " gave '" + last + "'");
    }

    /** Saves a PNG screenshot of the page: the viewport, or the whole page's length when {@code fullPage}. */
    public void screenshot(Path file, boolean fullPage) throws Exception {
        Map<String, Object> params = Map.of("format", "png");
        if (fullPage) {
            JsonNode size = call("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
            params = Map.of("format", "png", "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(),
                    "height", size.path("height").asDouble(), "scale", 1));
        }
        JsonNode result = call("Page.captureScreenshot", params);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(result.get("data").asText()));
    }

    /** Saves a PNG screenshot of the page's viewport. */
    public void screenshot(Path file) throws Exception {
        screenshot(file, false);
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException e) {
            // already closed
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            org.d2aflow.stack.Files2.deleteTree(profile);
        } catch (Exception e) {
            // best effort
        }
    }
}
