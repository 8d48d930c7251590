package org.strata.serve;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.strata.format.InvalidInputException;
import org.strata.run.ResultsDirectory;

/**
 * The command centre's service: the JSON API ({@link Api}), the dashboard and the OpenAPI document on an
 * embedded Jetty server, following a results directory's publishes. A watcher looks at the results'
 * {@code CURRENT} pointer several times a second; when a run publishes, the next requests are answered from
 * it, while requests already started finish on the run they took (each holds one {@link ServedRun}).
 *
 * <pre>{@code
 * try (StrataServer s = StrataServer.start(new StrataServer.Config(results, store, access, audit, null,
 *     "127.0.0.1", 8080, null, null))) {
 *   s.join();
 * }
 * }</pre>
 */
public final class StrataServer implements AutoCloseable {
  /** Request headers larger than this are refused (431). */
  public static final int MAX_HEADER_BYTES = 8 * 1024;
  /** Request bodies larger than this are refused (413); the API takes none. */
  public static final int MAX_BODY_BYTES = 4 * 1024;
  private static final long WATCH_MILLIS = 200;
  private static final String DASHBOARD = "/org/strata/serve/dashboard/";

  /**
   * What to serve and where.
   *
   * @param capacity the capacity file, or null
   * @param tlsKeystore a PKCS#12 keystore to serve HTTPS with, or null for HTTP
   * @param tlsPassword its password (null when there is no keystore)
   */
  public record Config(Path results, Path store, Path access, Path audit, Path capacity, String bind, int port,
      Path tlsKeystore, String tlsPassword) {}

  private final Server server;
  private final ServerConnector connector;
  private final Path results;
  private final Path store;
  private final AtomicReference<ServedRun> current = new AtomicReference<>();
  private final ScheduledExecutorService watcher;
  private final AuditLog audit;
  private final boolean tls;
  private final Api api;
  private volatile String lastProblem;

  private StrataServer(Config config, Access access, AuditLog audit, Capacity capacity, ServedRun first)
      throws IOException {
    this.results = config.results();
    this.store = config.store();
    this.audit = audit;
    this.tls = config.tlsKeystore() != null;
    Api api = new Api(access, audit, capacity);
    this.api = api;
    api.prepare(first);
    current.set(first);
    Map<String, byte[]> assets = assets();

    // few threads: answers take microseconds and are made on the connections' own I/O threads (one selector a
    // core, see Routes); dozens of runnable threads on a few cores only make some wait whole scheduler slices
    // mid-answer (docs/PERFORMANCE.md has the measurements)
    int cores = Runtime.getRuntime().availableProcessors();
    QueuedThreadPool pool = new QueuedThreadPool(Integer.getInteger("strata.serve.threads", 4 + 2 * cores), 4);
    pool.setName("strata-serve");
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    if (tls) {
      http.addCustomizer(new SecureRequestCustomizer());
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(config.tlsKeystore().toAbsolutePath().toString());
      ssl.setKeyStoreType("PKCS12");
      ssl.setKeyStorePassword(config.tlsPassword() == null ? "" : config.tlsPassword());
      connector = new ServerConnector(server, 1, cores, new SslConnectionFactory(ssl, "http/1.1"),
          new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, 1, cores, new HttpConnectionFactory(http));
    }
    connector.setHost(config.bind());
    connector.setPort(config.port());
    server.addConnector(connector);
    server.setErrorHandler(new JsonErrors());
    server.setHandler(new GracefulHandler(new SizeLimitHandler(MAX_BODY_BYTES, -1) {
      {
        setHandler(new Routes(api, assets));
      }
    }));
    server.setStopTimeout(10_000);
    server.setStopAtShutdown(true); // SIGTERM: stop accepting, finish what is in flight, then exit
    watcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strata-serve-watch");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Loads the current run and starts serving it.
   *
   * @throws InvalidInputException when an input is missing or malformed, or nothing is published yet
   */
  public static StrataServer start(Config config) throws Exception {
    Access access = Access.load(config.access());
    Capacity capacity = config.capacity() == null ? null : Capacity.load(config.capacity());
    if (!Files.isDirectory(config.results())) {
      throw new InvalidInputException(config.results() + ": no such results directory (strata run --out)");
    }
    ServedRun first = ServedRun.load(config.results(), config.store(), ResultsDirectory.current(config.results()));
    Path auditFile = config.audit();
    if (auditFile.getParent() != null) {
      Files.createDirectories(auditFile.getParent());
    }
    AuditLog audit = new AuditLog(auditFile, access.auditKey());
    StrataServer s = new StrataServer(config, access, audit, capacity, first);
    try {
      s.server.start();
    } catch (IOException e) {
      s.close();
      throw new InvalidInputException(config.bind() + ":" + config.port() + ": cannot listen there ("
          + e.getMessage() + ")");
    }
    s.watcher.scheduleWithFixedDelay(s::follow, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    return s;
  }

  /** The port listened on (the one given, or the one chosen for port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The service's address, for the start message. */
  public String url() {
    String host = connector.getHost();
    try {
      if (host == null || InetAddress.getByName(host).isAnyLocalAddress()) {
        host = "localhost";
      }
    } catch (IOException e) {
      // keep the name given
    }
    return (tls ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
  }

  /** The run being served now. */
  public String servedRun() {
    return current.get().run;
  }

  /** The store generation the run being served was made from. */
  public int servedGeneration() {
    return current.get().storeGeneration;
  }

  /** Loads a newly published run, if there is one: called by the watcher, and by tests that will not wait. */
  public void follow() {
    try {
      Path now = ResultsDirectory.current(results);
      ServedRun old = current.get();
      if (now.equals(old.dir)) {
        return;
      }
      ServedRun next = ServedRun.load(results, store, now);
      api.prepare(next);
      current.set(next);
      old.release();
      lastProblem = null;
    } catch (Exception e) {
      // the run stays served; say so once per different problem, naming no patient
      String said = e.getMessage();
      if (!java.util.Objects.equals(said, lastProblem)) {
        lastProblem = said;
        System.err.println("strata: serve: still serving run " + current.get().run + ": the newest run cannot be"
            + " loaded yet (" + said + ")");
      }
    }
  }

  /** Blocks until the server stops (SIGTERM, or {@link #close}). */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    watcher.shutdownNow();
    try {
      server.stop();
    } finally {
      audit.close();
      ServedRun r = current.getAndSet(null);
      if (r != null) {
        r.release();
      }
    }
  }

  private ServedRun acquire() {
    while (true) {
      ServedRun r = current.get();
      if (r == null || r.acquire()) {
        return r;
      }
    }
  }

  private static Map<String, byte[]> assets() throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    for (String name : new String[] {"index.html", "dashboard.js", "dashboard.css", "echarts.min.js"}) {
      // The chart library is vendored once, beside the report that inlines it.
      String at = name.equals("echarts.min.js") ? "/org/strata/output/vendor/" : DASHBOARD;
      try (InputStream in = StrataServer.class.getResourceAsStream(at + name)) {
        if (in == null) {
          throw new IOException("the dashboard's " + name + " is missing from the jar");
        }
        out.put(name, in.readAllBytes());
      }
    }
    try (InputStream in = StrataServer.class.getResourceAsStream("/org/strata/serve/openapi.json")) {
      if (in == null) {
        throw new IOException("openapi.json is missing from the jar");
      }
      out.put("openapi.json", in.readAllBytes());
    }
    return out;
  }

  /** Every path: health, readiness, the API, the OpenAPI document and the dashboard. */
  /**
   * Non-blocking: every answer is made from memory (worklists and aggregates are built before a run is
   * served), a positional read of the history's page-cached files and one append to the audit trail, so Jetty
   * runs it on the selector thread that read the request instead of handing it to another thread. On 2 cores
   * under 64 clients that took the service's own p99 from 2.3 ms to 0.5 ms.
   */
  private final class Routes extends Handler.Abstract.NonBlocking {
    private final Api api;
    private final Map<String, byte[]> assets;

    Routes(Api api, Map<String, byte[]> assets) {
      this.api = api;
      this.assets = assets;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        return json(response, callback, Api.error(405, "only GET is served"));
      }
      switch (path) {
        case "/health":
          return json(response, callback, new Api.Reply(200, "{\"status\":\"ok\"}".getBytes()));
        case "/":
        case "/index.html":
          return asset(response, callback, "index.html", "text/html; charset=utf-8");
        case "/dashboard.js":
          return asset(response, callback, "dashboard.js", "text/javascript; charset=utf-8");
        case "/dashboard.css":
          return asset(response, callback, "dashboard.css", "text/css; charset=utf-8");
        case "/echarts.min.js":
          return asset(response, callback, "echarts.min.js", "text/javascript; charset=utf-8");
        case "/api/v1/openapi.json":
          return asset(response, callback, "openapi.json", "application/json");
        default:
          break;
      }
      ServedRun run = acquire();
      if (run == null) {
        return json(response, callback, Api.error(503, "stopping"));
      }
      try {
        if (path.equals("/ready")) {
          com.fasterxml.jackson.databind.node.ObjectNode o = Api.envelope(run);
          o.put("status", "ready");
          return json(response, callback, new Api.Reply(200, o.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (!path.startsWith(Api.PREFIX + "/")) {
          return json(response, callback, Api.error(404, "no such path: " + path));
        }
        Map<String, String> query = new HashMap<>();
        try {
          Fields fields = Request.extractQueryParameters(request);
          for (Fields.Field f : fields) {
            if (f.getValues().size() != 1) {
              return json(response, callback, Api.error(400, "parameter '" + f.getName() + "' is given twice"));
            }
            query.put(f.getName(), f.getValue());
          }
        } catch (RuntimeException e) {
          return json(response, callback, Api.error(400, "malformed query string"));
        }
        long started = System.nanoTime();
        Api.Reply reply = api.get(run, path, query, request.getHeaders().get(HttpHeader.AUTHORIZATION));
        response.getHeaders().put("X-Strata-Run", run.run);
        // the time spent answering, audit line included (W3C Server-Timing, milliseconds): what load tests read
        response.getHeaders().put("Server-Timing", serverTiming(System.nanoTime() - started));
        return json(response, callback, reply);
      } catch (Exception e) {
        // never a stack trace to the client, and never a patient key to the log
        System.err.println("strata: serve: " + path.replaceAll("/patients/[^/]+", "/patients/…") + ": "
            + e.getClass().getSimpleName());
        return json(response, callback, Api.error(500, "internal error; nothing was served"));
      } finally {
        run.release();
      }
    }

    private boolean asset(Response response, Callback callback, String name, String type) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.write(true, ByteBuffer.wrap(assets.get(name)), callback);
      return true;
    }
  }

  /** {@code app;dur=MS} with three decimals, built by hand: String.format costs more than most answers. */
  static String serverTiming(long nanos) {
    long us = Math.max(0, nanos / 1000);
    String frac = Long.toString(1000 + us % 1000).substring(1);
    return "app;dur=" + us / 1000 + "." + frac;
  }

  private static boolean json(Response response, Callback callback, Api.Reply reply) {
    response.setStatus(reply.status());
    if (reply.status() == 401) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
    return true;
  }

  /** Jetty's own errors (a header too large, a malformed request line) as the API's JSON, with no stack. */
  private static final class JsonErrors extends ErrorHandler {
    JsonErrors() {
      setShowStacks(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus() > 0 ? response.getStatus() : 500;
      Object m = request.getAttribute(ERROR_MESSAGE);
      String message = m == null ? HttpStatus.getMessage(status) : m.toString();
      return json(response, callback, Api.error(status, message));
    }
  }
}
