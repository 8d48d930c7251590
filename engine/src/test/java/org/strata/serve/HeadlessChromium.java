package org.strata.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium (Debian's {@code chromium}), driven over the DevTools protocol with the JDK's own
 * WebSocket client: pages are loaded, scripts evaluated, and console errors, exceptions and every network
 * request the page makes are collected.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  /** Console errors and uncaught exceptions, as text. */
  public final List<String> errors = new CopyOnWriteArrayList<>();
  /** Every URL the page requested. */
  public final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  public static HeadlessChromium start(Path profile) throws Exception {
    String binary = binary();
    Process p = new ProcessBuilder(binary, "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--user-data-dir=" + profile,
        "--window-size=1280,1600", "about:blank")
        .redirectErrorStream(true).redirectOutput(profile.resolveSibling("chromium.log").toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
      if (System.nanoTime() > deadline || !p.isAlive()) {
        p.destroyForcibly();
        throw new IllegalStateException("Chromium did not start: " + Files.readString(profile.resolveSibling("chromium.log")));
      }
      Thread.sleep(50);
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
    HttpClient http = HttpClient.newHttpClient();
    String ws = null;
    while (ws == null) {
      JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
      for (JsonNode t : targets) {
        if (t.get("type").asText().equals("page")) {
          ws = t.get("webSocketDebuggerUrl").asText();
        }
      }
      if (ws == null) {
        Thread.sleep(50);
      }
    }
    HeadlessChromium[] self = new HeadlessChromium[1];
    Listener listener = new Listener(self);
    WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), listener).get(30, TimeUnit.SECONDS);
    self[0] = new HeadlessChromium(p, socket);
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      self[0].call(domain + ".enable", JSON.createObjectNode());
    }
    return self[0];
  }

  /** The chromium on the PATH; the test fails, not skips, without one. */
  private static String binary() {
    for (String name : List.of("chromium", "chromium-browser")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    throw new IllegalStateException("no chromium on the PATH: apt-get install -y chromium");
  }

  /** Loads a page and waits for its load event. */
  public void navigate(String url) throws Exception {
    loaded = new CompletableFuture<>();
    ObjectNode p = JSON.createObjectNode().put("url", url);
    call("Page.navigate", p);
    loaded.get(30, TimeUnit.SECONDS);
  }

  /** Evaluates an expression in the page (awaiting a promise) and returns its value as JSON. */
  public JsonNode eval(String expression) throws Exception {
    ObjectNode p = JSON.createObjectNode().put("expression", expression).put("awaitPromise", true)
        .put("returnByValue", true);
    JsonNode r = call("Runtime.evaluate", p);
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Saves what the page shows as a PNG. */
  public void screenshot(Path png) throws Exception {
    JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
        .put("captureBeyondViewport", true));
    Files.write(png, java.util.Base64.getDecoder().decode(r.get("data").asText()));
  }

  /** Waits until an expression is true in the page. */
  public void waitFor(String expression, long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!eval("Boolean(" + expression + ")").asBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true in " + seconds + " s: " + expression + "; errors " + errors);
      }
      Thread.sleep(100);
    }
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
    m.set("params", params);
    socket.sendText(m.toString(), true).get(10, TimeUnit.SECONDS);
    JsonNode r = f.get(30, TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + ": " + r.get("error"));
    }
    return r.path("result");
  }

  private void onMessage(JsonNode m) {
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
      if (f != null) {
        f.complete(m);
      }
      return;
    }
    String method = m.path("method").asText();
    JsonNode p = m.path("params");
    switch (method) {
      case "Runtime.consoleAPICalled":
        if (p.path("type").asText().equals("error")) {
          errors.add("console.error: " + p.path("args"));
        }
        break;
      case "Runtime.exceptionThrown":
        errors.add("exception: " + p.path("exceptionDetails"));
        break;
      case "Log.entryAdded":
        if (p.path("entry").path("level").asText().equals("error")) {
          errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
        }
        break;
      case "Network.requestWillBeSent":
        requests.add(p.path("request").path("url").asText());
        break;
      case "Page.loadEventFired":
        loaded.complete(null);
        break;
      default:
        break;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      socket.abort();
    } finally {
      // Chromium's helpers (zygote, renderers, crash handler) can outlive it for a moment and still write to
      // the profile: wait for every one, so that the profile's directory can be removed after.
      List<ProcessHandle> helpers = process.descendants().toList();
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      for (ProcessHandle h : helpers) {
        h.destroy();
        try {
          h.onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          h.destroyForcibly();
        }
      }
    }
  }

  /** Reassembles fragmented text frames into messages. */
  private static final class Listener implements WebSocket.Listener {
    private final HeadlessChromium[] self;
    private final StringBuilder text = new StringBuilder();

    Listener(HeadlessChromium[] self) {
      this.self = self;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String m = text.toString();
        text.setLength(0);
        try {
          while (self[0] == null) {
            Thread.onSpinWait(); // the first replies can race the constructor
          }
          self[0].onMessage(JSON.readTree(m));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
