package org.strata.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.strata.format.IdKind;
import org.strata.format.Practice;
import org.strata.format.StoreSchemas;

/**
 * One generation mapped read-only, shared by every {@link Store} (lease) on it and unmapped when the last is
 * released. The count starts at one, the opener's; {@link CurrentGeneration} holds one more while the
 * generation is current. Nothing outside this package sees it.
 */
final class MappedGeneration {
  final Path directory;
  final StoreManifest manifest;
  final IdKind idKind;
  final ArrowFileMapping patients;
  final List<Practice> practices;
  final List<String> lsoas;
  private PatientIndex index;
  private int refs = 1;

  private MappedGeneration(Path directory, StoreManifest manifest, ArrowFileMapping patients,
      List<Practice> practices, List<String> lsoas) {
    this.directory = directory;
    this.manifest = manifest;
    this.idKind = IdKind.fromCliName(manifest.idKind());
    this.patients = patients;
    this.practices = practices;
    this.lsoas = lsoas;
  }

  /** Maps the generation in {@code gen}, checking magic, schema, batch layout and row count. */
  static MappedGeneration open(Path gen) throws IOException {
    StoreManifest manifest = StoreManifest.read(gen.resolve(StoreManifest.FILE_NAME));
    for (StoreManifest.FileEntry f : manifest.files()) { // cheap structural checks; verify reads every byte
      Path p = gen.resolve(f.name());
      if (!java.nio.file.Files.isRegularFile(p)) {
        throw new CorruptStoreException(p, "missing, though the manifest lists it (strata verify --store checks "
            + "every file)");
      }
      long size = java.nio.file.Files.size(p);
      if (size != f.sizeBytes()) {
        throw new CorruptStoreException(p, size + " bytes, the manifest says " + f.sizeBytes()
            + " (strata verify --store checks every file)");
      }
    }
    IdKind kind = IdKind.fromCliName(manifest.idKind());
    List<Practice> practices = DictionaryFiles.readPractices(gen.resolve(StoreSchemas.PRACTICES_FILE));
    List<String> lsoas = DictionaryFiles.readLsoas(gen.resolve(StoreSchemas.LSOAS_FILE));
    Path file = gen.resolve(StoreSchemas.PATIENTS_FILE);
    ArrowFileMapping m = ArrowFileMapping.open(file, StoreSchemas.patients(kind));
    Long expected = manifest.rows().get("patients");
    if (expected == null || expected != m.rowCount()) {
      m.close();
      throw new CorruptStoreException(file, "holds " + m.rowCount() + " rows, the manifest says " + expected);
    }
    return new MappedGeneration(gen, manifest, m, practices, lsoas);
  }

  /** One more holder. Fails once the generation is unmapped: it is never mapped again. */
  synchronized void retain() {
    if (refs == 0) {
      throw new IllegalStateException(directory.getFileName() + " is no longer mapped");
    }
    refs++;
  }

  /** One holder fewer; the last one unmaps the patients file and closes the index. */
  void release() throws IOException {
    PatientIndex closing;
    synchronized (this) {
      if (refs == 0) {
        throw new IllegalStateException(directory.getFileName() + " was released more often than retained");
      }
      if (--refs > 0) {
        return;
      }
      closing = index;
      index = null;
    }
    try {
      if (closing != null) {
        closing.close();
      }
    } finally {
      patients.close();
    }
  }

  synchronized int holders() {
    return refs;
  }

  synchronized PatientIndex index() throws IOException {
    if (refs == 0) {
      throw new IllegalStateException(directory.getFileName() + " is no longer mapped");
    }
    if (index == null) {
      index = PatientIndex.openReadOnly(directory.resolve(StoreSchemas.INDEX_FILE));
    }
    return index;
  }
}
