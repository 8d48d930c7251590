package org.strata.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A generation's {@code manifest.json}: what it holds and where it came from, so that a result can be
 * traced to its inputs and a damaged store detected ({@code strata verify}).
 *
 * <p>Layout: {@code format_version} (bumped when {@link org.strata.format.PatientColumn} or a file's
 * schema changes; a newer one than this build knows is refused), {@code generation}, {@code strata_version},
 * {@code created}, {@code id_kind}, {@code reference_date}, {@code rows}, {@code schema} (column name and
 * type), {@code sources} (input files with size and SHA-256), {@code files} (store files with size and
 * CRC32C, the patient index and its sidecar included; the manifest's own CRC32C is in {@code manifest.json.crc32c}),
 * and {@code ingest} (rows read, stored, rejected by reason, unknown columns).
 */
public record StoreManifest(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("generation") int generation,
    @JsonProperty("strata_version") String strataVersion,
    @JsonProperty("created") String created,
    @JsonProperty("id_kind") String idKind,
    @JsonProperty("reference_date") String referenceDate,
    @JsonProperty("rows") Map<String, Long> rows,
    @JsonProperty("schema") List<ColumnEntry> schema,
    @JsonProperty("sources") List<FileEntry> sources,
    @JsonProperty("files") List<FileEntry> files,
    @JsonProperty("ingest") IngestCounts ingest,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("events") Map<String, Object> events) {

  /** The store format this build writes and the newest it reads. */
  public static final int FORMAT_VERSION = org.strata.format.StoreSchemas.FORMAT_VERSION;

  static final String FILE_NAME = org.strata.format.StoreSchemas.MANIFEST_FILE;

  /** One column of the patients file. */
  public record ColumnEntry(@JsonProperty("name") String name, @JsonProperty("type") String type) {}

  /** A file with its size and checksum ({@code algorithm:hex}, or null for a mutable file). */
  public record FileEntry(
      @JsonProperty("role") String role,
      @JsonProperty("name") String name,
      @JsonProperty("size_bytes") long sizeBytes,
      @JsonProperty("checksum") String checksum) {}

  /** What ingest did. */
  public record IngestCounts(
      @JsonProperty("rows_read") long rowsRead,
      @JsonProperty("rows_stored") long rowsStored,
      @JsonProperty("rows_rejected") long rowsRejected,
      @JsonProperty("rejected_by_reason") Map<String, Long> rejectedByReason,
      @JsonProperty("unknown_columns") List<String> unknownColumns,
      @JsonProperty("has_cost") boolean hasCost,
      @JsonProperty("has_outcome") boolean hasOutcome) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The manifest's own checksum, in a file beside it: a manifest cannot hold its own. */
  static final String CHECKSUM_SUFFIX = ".crc32c";

  /** Writes the manifest and, beside it, its CRC32C. */
  void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
    Files.writeString(checksumFile(file), Checksums.crc32c(file) + "\n", java.nio.charset.StandardCharsets.US_ASCII);
  }

  static Path checksumFile(Path manifest) {
    return manifest.resolveSibling(manifest.getFileName() + CHECKSUM_SUFFIX);
  }

  /**
   * Reads a manifest, refusing one whose checksum file disagrees with it (a flipped byte in the generation
   * number, a row count or a source's SHA-256 would otherwise pass). A manifest without one (an earlier
   * Strata) is read; {@link StoreVerifier} reports it.
   */
  static StoreManifest read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CorruptStoreException(file, "missing: every generation has a manifest");
    }
    Path sum = checksumFile(file);
    if (Files.isRegularFile(sum)) {
      String expected = Files.readString(sum, java.nio.charset.StandardCharsets.US_ASCII).strip();
      String actual = Checksums.crc32c(file);
      if (!actual.equals(expected)) {
        throw new CorruptStoreException(file, "checksum " + actual + ", " + sum.getFileName() + " says " + expected
            + ": the manifest was changed or damaged");
      }
    }
    StoreManifest m;
    try {
      m = JSON.readValue(file.toFile(), StoreManifest.class);
    } catch (IOException e) {
      throw new CorruptStoreException(file, "unreadable manifest (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (m.formatVersion() > FORMAT_VERSION) {
      throw new CorruptStoreException(
          file, "format version " + m.formatVersion() + " is newer than this Strata reads ("
              + FORMAT_VERSION + "): upgrade Strata");
    }
    if (m.formatVersion() < 1) {
      throw new CorruptStoreException(file, "bad format version " + m.formatVersion());
    }
    if (m.formatVersion() < FORMAT_VERSION) {
      throw new CorruptStoreException(file, "format version " + m.formatVersion() + " was written by an earlier"
          + " Strata (this one reads " + FORMAT_VERSION + "): ingest the extract again");
    }
    return m;
  }

  /** Serialises for printing. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
