package org.strata.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.ProgressListener;

/**
 * The command centre's service under load: {@code strata serve} in its own JVM on loopback, a 1M-patient
 * footprint, {@code --clients} concurrent clients (default 64) for {@code --seconds} (default 60), 90% patient
 * look-ups and 10% hub or practice queries (hubs, or a practice's level-1 worklist), while {@code --publishes}
 * nightly runs (default 3) publish underneath it. Prints requests per second, errors, the runs seen, and
 * latency percentiles by kind (HdrHistogram, microseconds).
 *
 * <p>Clients are closed-loop (each sends its next request when the last is answered), so percentiles are of
 * the service time the clients saw, not of an open arrival rate. Setup (generate, first run, a warm-up of
 * {@code --warmup} seconds) is not measured. The clients, the service and the publishing runs share the
 * machine's cores, as they would on one command-centre server. Each client is one keep-alive HTTP/1.1
 * connection written here in a few lines: a general-purpose client (Jetty's, 64 blocking threads) spent more of
 * the two cores than the service did and capped the run at about 5,400 requests/s.
 */
public final class ServeLoadHarness {
  private static final String USAGE = "usage: strata-bench serve [--patients N] [--clients 64] [--seconds 60]"
      + " [--warmup 10] [--publishes 3] [--seed S] [--keep]";
  /** Threads driving the clients' connections; few, so the service keeps the cores. */
  private static final int CLIENT_THREADS = 2;
  /** The service's heap: what docs/API.md says 1M patients need, two runs held during a switch. */
  private static final String SERVE_HEAP = System.getProperty("strata.bench.serveHeap", "512m");
  private static final Pattern URL = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)/");

  private ServeLoadHarness() {}

  public static void main(String[] args) throws Exception {
    long patients = 1_000_000;
    int clients = 64;
    int seconds = 60;
    int warmup = 10;
    int publishes = 3;
    long seed = 2016;
    boolean keep = false;
    try {
      for (int i = 0; i < args.length; i++) {
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--patients" -> patients = Long.parseLong(need(args[i], v).replace("_", "").replace(",", ""));
          case "--clients" -> clients = Integer.parseInt(need(args[i], v));
          case "--seconds" -> seconds = Integer.parseInt(need(args[i], v));
          case "--warmup" -> warmup = Integer.parseInt(need(args[i], v));
          case "--publishes" -> publishes = Integer.parseInt(need(args[i], v));
          case "--seed" -> seed = Long.parseLong(need(args[i], v));
          case "--keep" -> {
            keep = true;
            continue;
          }
          case "-h", "--help" -> {
            System.out.println(USAGE);
            return;
          }
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
        i++;
      }
      if (patients < 1000 || clients < 1 || seconds < 1 || warmup < 0 || publishes < 0) {
        throw new IllegalArgumentException("--patients at least 1000; --clients, --seconds at least 1");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("serve: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
    }
    Path work = Files.createTempDirectory("strata-serve-load-");
    boolean passed;
    try {
      passed = run(work, patients, seed, clients, seconds, warmup, publishes);
    } finally {
      if (keep) {
        System.out.println("kept: " + work);
      } else {
        SyntheticExtract.delete(work);
      }
    }
    if (!passed) {
      System.exit(1);
    }
  }

  private static String need(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  /** Whether the service answered every request and served every published run. */
  private static boolean run(Path work, long patients, long seed, int clients, int seconds, int warmup,
      int publishes) throws Exception {
    boolean failed = false;
    Path input = work.resolve("input");
    Path results = work.resolve("results");
    Path store = work.resolve("results-store");
    long t0 = System.nanoTime();
    FootprintGenerator.generate(FootprintSpec.builder().patients(patients).seed(seed).threads(2).build(), input,
        ProgressListener.NONE);
    strata(work.resolve("run-0.log"), "run", "--patients", input.resolve("patients.csv").toString(), "--practices",
        input.resolve("practices.csv").toString(), "--out", results.toString(), "--form-hubs", "--quiet")
        .waitFor();
    if (!Files.exists(results.resolve("latest/patients.csv"))) {
      throw new IllegalStateException("the first run failed: " + Files.readString(work.resolve("run-0.log")));
    }
    System.out.printf(Locale.ROOT, "set up %,d patients (generate, ingest, first run) in %.1f s%n", patients,
        (System.nanoTime() - t0) / 1e9);
    long[] nhs = column(results.resolve("latest/patients.csv"), "patient_id");
    List<String> practices = new ArrayList<>();
    column(results.resolve("latest/practices.csv"), "practice_code", practices);
    byte[] secret = new byte[16];
    new java.security.SecureRandom().nextBytes(secret);
    String token = "load-" + HexFormat.of().formatHex(secret);
    Path access = work.resolve("access.yaml");
    Files.writeString(access, "audit_key: \"load-harness-audit-key-0123456789\"\ntokens:\n  - name: load\n    sha256: "
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)))
        + "\n    role: admin\n");
    Path serveLog = work.resolve("serve.log");
    Process server = strata(serveLog, "serve", "--store", store.toString(), "--results", results.toString(),
        "--access", access.toString(), "--audit", work.resolve("audit.log").toString(), "--port", "0");
    try {
      int port = Integer.parseInt(awaitUrl(server, serveLog).replaceAll(".*:", ""));
      Load warm = new Load(port, token, nhs, practices);
      if (warmup > 0) {
        warm.drive(clients, warmup, 0, null, work);
      }
      Load load = new Load(port, token, nhs, practices);
      List<Double> publishedAt = new ArrayList<>();
      load.drive(clients, seconds, publishes, publishedAt, work);
      print(load, clients, seconds, publishes, publishedAt, patients);
      // every publish that ended a few seconds before the window did must have been served within it, and the
      // last one must be served now
      long expected = 1 + publishedAt.stream().filter(t -> t < seconds - 3).count();
      String last = "r" + String.format(Locale.ROOT, "%06d", publishes + 1);
      boolean lastServed = awaitServed(port, last);
      if (load.errors.get() > 0 || load.runsSeen.size() < expected || !lastServed) {
        System.out.printf(Locale.ROOT, "FAILED: %d errors; %d runs served in the window, %d expected; %s %s%n",
            load.errors.get(), load.runsSeen.size(), expected, last, lastServed ? "served" : "never served");
        failed = true;
      }
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
    return !failed;
  }

  /** The clients' requests, what they saw, and the latency of each kind. */
  private static final class Load {
    final int port;
    final String auth;
    final long[] nhs;
    final List<String> practices;
    final Histogram patient = new Histogram(60_000_000L, 3); // microseconds, up to a minute
    final Histogram aggregate = new Histogram(60_000_000L, 3);
    final Histogram patientServer = new Histogram(60_000_000L, 3); // the service's own time (Server-Timing)
    final Histogram aggregateServer = new Histogram(60_000_000L, 3);
    final AtomicLong requests = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final ConcurrentHashMap<String, Boolean> runsSeen = new ConcurrentHashMap<>();
    volatile String firstError;
    double elapsed;

    Load(int port, String token, long[] nhs, List<String> practices) {
      this.port = port;
      this.auth = "Bearer " + token;
      this.nhs = nhs;
      this.practices = practices;
    }

    void drive(int clients, int seconds, int publishes, List<Double> publishedAt, Path work) throws Exception {
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < CLIENT_THREADS; t++) {
        int first = clients * t / CLIENT_THREADS;
        int count = clients * (t + 1) / CLIENT_THREADS - first;
        Thread thread = new Thread(() -> {
          try {
            clientLoop(first, count, end);
          } catch (IOException | RuntimeException e) {
            failures.add(e);
          }
        }, "clients-" + t);
        thread.start();
        threads.add(thread);
      }
      // the nightly batch underneath: publishes started evenly over the measured window, so that each (slower
      // under load than alone) is served before the window ends
      for (int i = 1; i <= publishes; i++) {
        long at = start + TimeUnit.SECONDS.toNanos(seconds) * (i - 1) / publishes + TimeUnit.SECONDS.toNanos(2);
        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime())));
        Path results = work.resolve("results");
        Process run = strata(work.resolve("run-" + i + ".log"), "run", "--store",
            work.resolve("results-store").toString(), "--out", results.toString(), "--form-hubs", "--quiet");
        if (run.waitFor() != 0) {
          throw new IllegalStateException("publish " + i + " failed: " + Files.readString(work.resolve("run-" + i + ".log")));
        }
        publishedAt.add((System.nanoTime() - start) / 1e9);
      }
      for (Thread t : threads) {
        t.join();
      }
      elapsed = (System.nanoTime() - start) / 1e9;
      if (!failures.isEmpty()) {
        throw new IllegalStateException("a client loop failed: " + failures.get(0));
      }
    }

    /** The next request of a client: 90% a random patient, 5% the hubs, 5% a random practice's worklist. */
    private String nextPath(SplittableRandom random, boolean[] isPatient) {
      int dice = random.nextInt(100);
      isPatient[0] = dice < 90;
      if (isPatient[0]) {
        String digits = Long.toString(nhs[random.nextInt(nhs.length)]);
        return "/api/v1/patients/" + "0".repeat(Math.max(0, 10 - digits.length())) + digits;
      }
      return dice < 95 ? "/api/v1/hubs"
          : "/api/v1/practices/" + practices.get(random.nextInt(practices.size())) + "/patients?level=1";
    }

    /**
     * Clients {@code first} to {@code first + count - 1}, each one keep-alive connection, on one selector: one
     * thread drives many connections, as load generators do, so the clients do not crowd the service off
     * the cores with threads of their own.
     */
    private void clientLoop(int first, int count, long end) throws IOException {
      Histogram p = new Histogram(60_000_000L, 3);
      Histogram a = new Histogram(60_000_000L, 3);
      Histogram ps = new Histogram(60_000_000L, 3);
      Histogram as = new Histogram(60_000_000L, 3);
      long n = 0;
      try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
        int open = 0;
        for (int c = first; c < first + count; c++) {
          Client client = new Client(new SplittableRandom(1000 + c), port, auth);
          client.send(nextPath(client.random, client.isPatient));
          client.channel.register(selector, java.nio.channels.SelectionKey.OP_WRITE, client);
          open++;
        }
        long deadline = end + TimeUnit.SECONDS.toNanos(30);
        while (open > 0 && System.nanoTime() < deadline) {
          selector.select(100);
          for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
            var key = it.next();
            it.remove();
            Client c = (Client) key.attachment();
            try {
              if (key.isWritable()) {
                c.channel.write(c.request);
                if (!c.request.hasRemaining()) {
                  key.interestOps(java.nio.channels.SelectionKey.OP_READ);
                }
                continue;
              }
              Client.Reply r = c.read();
              if (r == null) {
                continue;
              }
              n++;
              long us = (System.nanoTime() - c.sentAt) / 1000;
              (c.isPatient[0] ? p : a).recordValue(Math.min(us, 60_000_000L));
              if (r.serverMicros() >= 0) {
                (c.isPatient[0] ? ps : as).recordValue(Math.min(r.serverMicros(), 60_000_000L));
              }
              if (r.status() != 200) {
                error(c.path + ": " + r.status() + " " + r.body());
              } else if (r.run() != null) {
                runsSeen.putIfAbsent(r.run(), Boolean.TRUE);
              }
              if (System.nanoTime() < end) {
                c.send(nextPath(c.random, c.isPatient));
                key.interestOps(java.nio.channels.SelectionKey.OP_WRITE);
              } else {
                key.cancel();
                c.channel.close();
                open--;
              }
            } catch (IOException | RuntimeException e) {
              n++;
              error(c.path + ": " + e);
              key.cancel();
              c.channel.close();
              open--;
            }
          }
        }
      }
      requests.addAndGet(n);
      synchronized (this) {
        patient.add(p);
        aggregate.add(a);
        patientServer.add(ps);
        aggregateServer.add(as);
      }
    }

    private void error(String what) {
      errors.incrementAndGet();
      if (firstError == null) {
        firstError = what.replaceAll("/patients/\\d+", "/patients/…"); // never an identifier in the output
      }
    }
  }

  /**
   * One client: a keep-alive HTTP/1.1 connection to the service on loopback, non-blocking, with its request in
   * flight. Answers must carry Content-Length (the service's do).
   */
  private static final class Client {
    /** {@code serverMicros}: the service's own Server-Timing for the answer, -1 when absent. */
    record Reply(int status, String run, long serverMicros, String body) {}

    final SplittableRandom random;
    final boolean[] isPatient = new boolean[1];
    final java.nio.channels.SocketChannel channel;
    ByteBuffer request;
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    String path;
    long sentAt;
    final String auth;

    Client(SplittableRandom random, int port, String auth) throws IOException {
      this.random = random;
      this.auth = auth;
      channel = java.nio.channels.SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", port));
      channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
    }

    void send(String path) {
      this.path = path;
      request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      in.clear();
      sentAt = System.nanoTime();
    }

    /** Reads what has arrived; the whole answer once it is complete, else null. */
    Reply read() throws IOException {
      if (!in.hasRemaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
        in.flip();
        bigger.put(in);
        in = bigger;
      }
      if (channel.read(in) < 0) {
        throw new IOException("the connection closed");
      }
      byte[] b = in.array();
      int end = -1;
      for (int i = 3; i < in.position(); i++) {
        if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
          end = i + 1;
          break;
        }
      }
      if (end < 0) {
        return null;
      }
      String[] lines = new String(b, 0, end, StandardCharsets.US_ASCII).split("\r\n");
      if (!lines[0].startsWith("HTTP/1.1 ") || lines[0].length() < 12) {
        throw new IOException("not an HTTP/1.1 status line");
      }
      int status = Integer.parseInt(lines[0].substring(9, 12));
      long length = -1;
      String run = null;
      long serverMicros = -1;
      for (int i = 1; i < lines.length; i++) {
        String h = lines[i];
        int colon = h.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = h.substring(0, colon).strip();
        String value = h.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("X-Strata-Run")) {
          run = value;
        } else if (name.equalsIgnoreCase("Server-Timing") && value.startsWith("app;dur=")) {
          serverMicros = Math.round(Double.parseDouble(value.substring(8)) * 1000);
        }
      }
      if (length < 0) {
        throw new IOException("an answer without Content-Length");
      }
      if (in.position() < end + length) {
        return null;
      }
      return new Reply(status, run, serverMicros,
          status == 200 ? null : new String(b, end, (int) length, StandardCharsets.UTF_8));
    }
  }

  private static void print(Load l, int clients, int seconds, int publishes, List<Double> publishedAt, long patients) {
    System.out.printf(Locale.ROOT, "%s, %d cores, %,d patients, %d clients for %d s, %d publishes (done at %s s)%n",
        System.getProperty("java.vm.name") + " " + Runtime.version(), Runtime.getRuntime().availableProcessors(),
        patients, clients, seconds, publishes, publishedAt.stream().map(d -> String.format(Locale.ROOT, "%.1f", d))
            .toList());
    System.out.printf(Locale.ROOT, "requests %,d  (%.0f/s)  errors %d  runs served %s%n", l.requests.get(),
        l.requests.get() / l.elapsed, l.errors.get(), new java.util.TreeSet<>(l.runsSeen.keySet()));
    if (l.firstError != null) {
      System.out.println("first error: " + l.firstError);
    }
    System.out.println("latency (µs)                  count      p50      p90      p99    p99.9      max");
    row("patient look-up, client", l.patient);
    row("patient look-up, service", l.patientServer);
    row("hub or practice, client", l.aggregate);
    row("hub or practice, service", l.aggregateServer);
    System.out.printf(Locale.ROOT, "client latency is queueing as much as service: %d closed-loop clients at %.0f/s wait"
        + " %.1f ms on average (Little's law)%n", clients, l.requests.get() / l.elapsed,
        clients / (l.requests.get() / l.elapsed) * 1000);
  }

  private static void row(String name, Histogram h) {
    System.out.printf(Locale.ROOT, "%-24s %10d %8d %8d %8d %8d %8d%n", name, h.getTotalCount(),
        h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9), h.getMaxValue());
  }

  /** The distinct non-empty values of one column of a CSV file (unquoted columns), in order, into {@code strings}. */
  private static void column(Path csv, String name, List<String> strings) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      List<String> header = List.of(r.readLine().split(","));
      int c = header.indexOf(name);
      if (c < 0) {
        throw new IllegalStateException(csv + " has no column " + name);
      }
      java.util.Set<String> seen = new java.util.LinkedHashSet<>();
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",", c + 2);
        if (!f[c].isEmpty()) {
          seen.add(f[c]);
        }
      }
      strings.addAll(seen);
    }
  }

  private static long[] column(Path csv, String name) throws IOException {
    List<String> s = new ArrayList<>();
    column(csv, name, s);
    return s.stream().mapToLong(Long::parseLong).toArray();
  }

  /** Whether {@code /ready} names {@code run} within 30 s. */
  private static boolean awaitServed(int port, String run) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest ready = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + port + "/ready")).build();
    for (int i = 0; i < 300; i++) {
      String body = http.send(ready, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      if (body.contains("\"run\":\"" + run + "\"")) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static String awaitUrl(Process server, Path log) throws Exception {
    for (int i = 0; i < 1200; i++) {
      Matcher m = URL.matcher(Files.readString(log));
      if (m.find()) {
        return m.group(1);
      }
      if (!server.isAlive()) {
        throw new IllegalStateException("strata serve exited: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("strata serve did not start: " + Files.readString(log));
  }

  /** The real {@code strata} command line in its own JVM, with this JVM's flags and class path. */
  private static Process strata(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--") || a.startsWith("-Dchronicle") || a.startsWith("-Dstrata.serve")).toList());
    cmd.add(args[0].equals("serve") ? "-Xmx" + SERVE_HEAP : "-Xmx2g");
    if (args[0].equals("serve")) {
      cmd.add("-Xlog:gc:file=" + log.resolveSibling("serve-gc.log"));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.strata.cli.StrataCommand"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
