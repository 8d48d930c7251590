package org.strata.store;

import org.strata.format.StoreSchemas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every byte of the current generation against its manifest's checksums, then opens it (magic,
 * schema, layout, row counts) and its patient index. {@code strata verify --store DIR}.
 */
public final class StoreVerifier {
  private StoreVerifier() {}

  /** Problems found, one line each naming the file; empty when the generation is sound. */
  public static List<String> verify(Path storeDir) throws IOException {
    return verify(storeDir, (done, total) -> { });
  }

  /** Where {@link #verify(Path, Progress)} is: bytes checksummed of the files' total. */
  @FunctionalInterface
  public interface Progress {
    void bytes(long done, long total);
  }

  /** As {@link #verify(Path)}, telling {@code progress} how many of the files' bytes are checked. */
  public static List<String> verify(Path storeDir, Progress progress) throws IOException {
    List<String> problems = new ArrayList<>();
    Path gen = GenerationDirs.current(storeDir);
    if (gen == null) {
      problems.add(storeDir + ": no generation published");
      return problems;
    }
    Path manifestFile = gen.resolve(StoreManifest.FILE_NAME);
    StoreManifest m;
    try {
      m = StoreManifest.read(manifestFile);
    } catch (CorruptStoreException e) {
      problems.add(e.getMessage());
      return problems;
    }
    if (!Files.isRegularFile(StoreManifest.checksumFile(manifestFile))) {
      problems.add(StoreManifest.checksumFile(manifestFile) + ": missing (the manifest's own checksum)");
    }
    long total = m.files().stream().mapToLong(StoreManifest.FileEntry::sizeBytes).sum();
    long before = 0;
    for (StoreManifest.FileEntry f : m.files()) {
      Path p = gen.resolve(f.name());
      long offset = before;
      before += f.sizeBytes();
      if (!Files.isRegularFile(p)) {
        problems.add(p + ": missing");
        continue;
      }
      if (f.checksum() == null) {
        continue; // written by an earlier Strata, whose patient index was mutable; checked by opening it below
      }
      long size = Files.size(p);
      if (size != f.sizeBytes()) {
        problems.add(p + ": " + size + " bytes, the manifest says " + f.sizeBytes());
        continue;
      }
      String actual = Checksums.crc32c(p, read -> progress.bytes(offset + read, total));
      if (!actual.equals(f.checksum())) {
        problems.add(p + ": checksum " + actual + ", the manifest says " + f.checksum());
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    try (Store store = Store.openGeneration(gen)) {
      // the index holds this generation's patients and those who have left (they keep their history slots)
      long indexed = store.index().size();
      int slots = store.indexSidecar().slots();
      if (indexed < store.rowCount() || indexed != slots) {
        problems.add(gen.resolve(StoreSchemas.INDEX_FILE) + ": " + indexed + " keys, " + slots
            + " history slots given out, the store has " + store.rowCount() + " patients");
      }
      // the manifest's counts and names against the files themselves
      check(problems, manifestFile, "rows.patients", m.rows().get("patients"), store.rowCount());
      check(problems, manifestFile, "rows.practices", m.rows().get("practices"), (long) store.practices().size());
      check(problems, manifestFile, "rows.lsoas", m.rows().get("lsoas"), (long) store.lsoas().size());
      check(problems, manifestFile, "generation", (long) m.generation(),
          Long.parseLong(gen.getFileName().toString().substring(1)));
      if (!store.idKind().cliName().equals(m.idKind())) {
        problems.add(manifestFile + ": id_kind " + m.idKind() + ", the patients file holds " + store.idKind().cliName());
      }
    } catch (CorruptStoreException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  private static void check(List<String> problems, Path manifest, String what, Long said, long actual) {
    if (said == null || said != actual) {
      problems.add(manifest + ": " + what + " is " + said + ", the files hold " + actual);
    }
  }
}
