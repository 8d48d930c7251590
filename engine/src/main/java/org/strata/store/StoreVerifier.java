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
    List<String> problems = new ArrayList<>();
    Path gen = GenerationDirs.current(storeDir);
    if (gen == null) {
      problems.add(storeDir + ": no generation published");
      return problems;
    }
    StoreManifest m = StoreManifest.read(gen.resolve(StoreManifest.FILE_NAME));
    for (StoreManifest.FileEntry f : m.files()) {
      Path p = gen.resolve(f.name());
      if (!Files.isRegularFile(p)) {
        problems.add(p + ": missing");
        continue;
      }
      if (f.checksum() == null) {
        continue; // the patient index is mutable (level history); checked by opening it below
      }
      long size = Files.size(p);
      if (size != f.sizeBytes()) {
        problems.add(p + ": " + size + " bytes, the manifest says " + f.sizeBytes());
        continue;
      }
      String actual = Checksums.crc32c(p);
      if (!actual.equals(f.checksum())) {
        problems.add(p + ": checksum " + actual + ", the manifest says " + f.checksum());
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    try (Store store = Store.openGeneration(gen)) {
      long indexed = store.index().size();
      if (indexed != store.rowCount()) {
        problems.add(gen.resolve(StoreSchemas.INDEX_FILE) + ": " + indexed + " patients, the store has " + store.rowCount());
      }
    } catch (CorruptStoreException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }
}
