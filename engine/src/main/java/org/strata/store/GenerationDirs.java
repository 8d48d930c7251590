package org.strata.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout of a store directory and its atomic publication:
 *
 * <pre>
 * STORE/CURRENT                  the name of the current generation, e.g. "g000003" (replaced by rename)
 * STORE/generations/g000003/     a complete generation: manifest.json, patients.arrow, …
 * STORE/generations/.incoming-*  a generation being written (never read; removed by the next ingest)
 * STORE/.ingest.lock             held while an ingest runs
 * </pre>
 *
 * A generation is written aside, fsynced, renamed into place, and only then named in CURRENT; a reader
 * resolves CURRENT once and sees the old generation or the new one, never half of one.
 */
final class GenerationDirs {
  static final String CURRENT = "CURRENT";
  static final String GENERATIONS = "generations";
  static final String INCOMING_PREFIX = ".incoming-";
  /** Published generations kept; older ones are deleted after a publish. */
  static final int KEEP = 3;

  private GenerationDirs() {}

  /** A published generation's directory name: g and six digits (a copy like g000001.bak is not one). */
  static boolean isGeneration(Path p) {
    return p.getFileName().toString().matches("g\\d{6}") && Files.isDirectory(p);
  }

  static Path generations(Path store) {
    return store.resolve(GENERATIONS);
  }

  static String name(int generation) {
    return String.format(java.util.Locale.ROOT, "g%06d", generation);
  }

  /** The current generation's directory, or null when nothing was published yet. */
  static Path current(Path store) throws IOException {
    Path pointer = store.resolve(CURRENT);
    if (!Files.exists(pointer)) {
      return null;
    }
    String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
    if (!name.matches("g\\d{6}")) {
      throw new CorruptStoreException(pointer, "does not name a generation: '" + name + "'");
    }
    Path dir = generations(store).resolve(name);
    if (!Files.isDirectory(dir)) {
      throw new CorruptStoreException(pointer, "names " + name + ", which is missing");
    }
    return dir;
  }

  /** The highest generation number present (published or not), 0 when none. */
  static int latestNumber(Path store) throws IOException {
    Path gens = generations(store);
    if (!Files.isDirectory(gens)) {
      return 0;
    }
    int max = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(gens, GenerationDirs::isGeneration)) {
      for (Path p : ds) {
        max = Math.max(max, Integer.parseInt(p.getFileName().toString().substring(1)));
      }
    }
    return max;
  }

  /** Removes directories left by ingests that died before publishing. */
  static void removeIncoming(Path store) throws IOException {
    Path gens = generations(store);
    if (!Files.isDirectory(gens)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(gens, INCOMING_PREFIX + "*")) {
      for (Path p : ds) {
        deleteTree(p);
      }
    }
  }

  static Path newIncoming(Path store, int generation) throws IOException {
    Path gens = Files.createDirectories(generations(store));
    return Files.createDirectory(gens.resolve(INCOMING_PREFIX + name(generation) + "-" + ProcessHandle.current().pid()));
  }

  /** Syncs the incoming directory, renames it into place and points CURRENT at it. */
  static Path publish(Path store, Path incoming, int generation) throws IOException {
    try (Stream<Path> files = Files.list(incoming)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        fsync(f);
      }
    }
    fsync(incoming);
    Path target = generations(store).resolve(name(generation));
    move(incoming, target);
    fsync(generations(store));
    Path tmp = store.resolve(CURRENT + ".tmp");
    Files.writeString(tmp, name(generation) + "\n", StandardCharsets.UTF_8);
    fsync(tmp);
    move(tmp, store.resolve(CURRENT));
    fsync(store);
    return target;
  }

  /** Deletes published generations older than the newest {@link #KEEP}. */
  static void prune(Path store) throws IOException {
    List<Path> gens = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(generations(store), GenerationDirs::isGeneration)) {
      ds.forEach(gens::add);
    }
    gens.sort(Comparator.comparing(p -> p.getFileName().toString()));
    for (int i = 0; i < gens.size() - KEEP; i++) {
      deleteTree(gens.get(i)); // readers holding mappings keep their pages until they close
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the store's file system cannot rename atomically: " + to.getParent(), e);
    }
  }

  static void fsync(Path p) throws IOException {
    boolean dir = Files.isDirectory(p);
    try (FileChannel ch = FileChannel.open(p, dir ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      if (!dir) {
        throw e; // some file systems cannot sync a directory; files must sync
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
