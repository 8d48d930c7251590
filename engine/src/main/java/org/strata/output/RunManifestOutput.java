package org.strata.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.strata.level.LevelResult;
import org.strata.level.Policy;
import org.strata.parallel.Workers;
import org.strata.store.Store;
import org.strata.store.StoreManifest;

/**
 * {@code manifest.json} ({@link RunManifest}): sources, policy, levels and the SHA-256 of every other file
 * in the results directory. It must be the last output written, since it checksums what the others wrote;
 * a run's output list ends with it ({@link RunOutputs}).
 */
public final class RunManifestOutput implements RunOutput {
  /** The file this output writes. */
  public static final String FILE = "manifest.json";

  /** The version of Strata doing this run (the store records the version that ingested it). */
  static final String VERSION = versionOf();

  private static String versionOf() {
    String v = RunManifestOutput.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  @Override
  public String name() {
    return "manifest";
  }

  @Override
  public void write(RunContents run, Path dir) throws IOException {
    manifest(run, dir).write(dir.resolve(FILE));
  }

  static RunManifest manifest(RunContents run, Path dir) throws IOException {
    Store store = run.store();
    Policy policy = run.policy();
    LevelResult levels = run.levels();
    StoreManifest sm = store.manifest();
    List<Map<String, Object>> sources = new ArrayList<>();
    for (StoreManifest.FileEntry f : sm.sources()) {
      Map<String, Object> m = new TreeMap<>();
      m.put("role", f.role());
      m.put("name", f.name());
      m.put("size_bytes", f.sizeBytes());
      m.put("checksum", f.checksum());
      sources.add(m);
    }
    Map<String, Object> ingest = null; // a store that did not record its ingest
    if (sm.ingest() != null) {
      ingest = new TreeMap<>();
      ingest.put("rows_read", sm.ingest().rowsRead());
      ingest.put("rows_stored", sm.ingest().rowsStored());
      ingest.put("rows_quarantined", sm.ingest().rowsRejected());
      ingest.put("quarantined_by_reason", sm.ingest().rejectedByReason() == null ? Map.of()
          : new TreeMap<>(sm.ingest().rejectedByReason()));
    }
    Map<String, Object> pol = new TreeMap<>();
    pol.put("name", policy.name());
    pol.put("version", policy.version());
    pol.put("file", policy.source());
    pol.put("sha256", sha256(policy.text().getBytes(StandardCharsets.UTF_8)));
    pol.put("rules", policy.ruleNames());
    Map<String, Object> hub = new TreeMap<>();
    hub.put("count", run.hubs().hubCount());
    hub.put("outside_30k_50k", run.rollup().hubs().stream().filter(h -> h.flag() != null).count());
    Map<String, Long> lv = new LinkedHashMap<>();
    long[] c = levels.levelCounts();
    for (int l = 1; l <= 4; l++) {
      lv.put(l + " " + levels.levelNames().get(l), c[l]);
    }
    Map<String, String> outputs = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
    }
    String[] sums = sha256All(files);
    for (int i = 0; i < files.size(); i++) {
      outputs.put(dir.relativize(files.get(i)).toString().replace('\\', '/'), sums[i]);
    }
    Map<String, Object> options = new TreeMap<>();
    options.put("id_kind", store.idKind().cliName());
    options.put("reference_date", sm.referenceDate());
    options.put("suppress_below", run.suppressionThreshold());
    return new RunManifest(VERSION, sm.strataVersion(), sm.formatVersion(), sm.generation(), sources, store.rowCount(), ingest, pol,
        policy.riskModel().label(), hub, lv, options, outputs);
  }

  /**
   * The SHA-256 of each file, on every core: one file's digest is sequential, and the largest (the per-patient
   * CSV) takes most of the time, so the files are handed out largest first.
   */
  static String[] sha256All(List<Path> files) throws IOException {
    String[] sums = new String[files.size()];
    Integer[] order = new Integer[files.size()];
    long[] sizes = new long[files.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      sizes[i] = Files.size(files.get(i));
    }
    java.util.Arrays.sort(order, (x, y) -> Long.compare(sizes[y], sizes[x]));
    try {
      Workers.drain(Workers.forItems(files.size()), order.length, "strata-checksum-", w -> k -> {
        try {
          sums[order[k]] = sha256(files.get(order[k]));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    return sums;
  }

  static String sha256(Path f) throws IOException {
    return sha256(f, n -> { });
  }

  /** A file's SHA-256, telling {@code bytesRead} of each block read. */
  static String sha256(Path f, java.util.function.LongConsumer bytesRead) throws IOException {
    MessageDigest d = digest();
    try (InputStream in = Files.newInputStream(f)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
        bytesRead.accept(n);
      }
    }
    return "sha256:" + HexFormat.of().formatHex(d.digest());
  }

  private static String sha256(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
