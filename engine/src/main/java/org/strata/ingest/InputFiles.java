package org.strata.ingest;

import org.strata.format.InvalidInputException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/** Opens an input file, gunzipping it when it starts with the gzip magic bytes (whatever its name). */
public final class InputFiles {
  private InputFiles() {}

  public static InputStream open(Path file) throws IOException {
    return open(file, null);
  }

  /** Opens the file, feeding every raw (compressed) byte read to {@code digest} when it is not null. */
  public static InputStream open(Path file, MessageDigest digest) throws IOException {
    InputStream raw;
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new InvalidInputException(file + (Files.isDirectory(file) ? ": is a directory, not a file" : ": not a regular file"));
    }
    try {
      InputStream in = Files.newInputStream(file);
      raw = new BufferedInputStream(digest == null ? in : new DigestInputStream(in, digest), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      InputStream text = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
      refuseWhatIsNotText(text, file + " (inside the gzip)");
      return text;
    }
    refuseWhatIsNotText(raw, file.toString());
    return raw;
  }

  /**
   * Refuses a container or an encoding Strata does not read, saying which it is and what is expected: a ZIP
   * archive (an .xlsx is one), an Excel 97-2003 workbook, UTF-16 or UTF-32 text. Peeks; reads nothing away.
   */
  static void refuseWhatIsNotText(InputStream in, String name) throws IOException {
    in.mark(4);
    byte[] b = in.readNBytes(4);
    in.reset();
    int b0 = b.length > 0 ? b[0] & 0xff : -1;
    int b1 = b.length > 1 ? b[1] & 0xff : -1;
    String found = null;
    if (b0 == 'P' && b1 == 'K' && b.length == 4 && b[2] == 3 && b[3] == 4) {
      found = "a ZIP archive (an .xlsx workbook is one)";
    } else if (b0 == 0xd0 && b1 == 0xcf && b.length == 4 && (b[2] & 0xff) == 0x11 && (b[3] & 0xff) == 0xe0) {
      found = "an Excel 97-2003 workbook (.xls)";
    } else if ((b0 == 0xff && b1 == 0xfe) || (b0 == 0xfe && b1 == 0xff)) {
      found = "UTF-16 text (it starts with a UTF-16 byte-order mark)";
    } else if (b.length == 4 && b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0
        || b.length == 4 && b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0) {
      found = "UTF-16 text (every other byte is zero)";
    }
    if (found != null) {
      throw new InvalidInputException(name + ": is " + found + "; Strata reads comma-separated UTF-8 text (CSV, "
          + "optionally gzipped) or Arrow IPC: save or export it as CSV UTF-8");
    }
  }

  /**
   * Says what is wrong with a header that is one field holding another delimiter (a semicolon-, tab- or
   * pipe-separated export), or null when it is not that.
   */
  static String otherDelimiter(String fileName, java.util.List<String> header) {
    if (header.size() != 1) {
      return null;
    }
    String only = header.get(0);
    for (String[] d : new String[][] {{";", "semicolons"}, {"\t", "tabs"}, {"|", "'|'"}}) {
      if (only.contains(d[0])) {
        return fileName + ": line 1: the header's fields are separated by " + d[1] + ", not commas; Strata reads "
            + "comma-separated files: export it as CSV (comma-delimited)";
      }
    }
    return null;
  }

  /**
   * The records of a patients or practices file, whichever of the three forms it is: Arrow IPC or Parquet (by
   * their magic bytes, whatever the name), else CSV, gzipped or not. {@code reads} names the columns the caller
   * reads (Arrow and Parquet convert only those); {@code digest}, when not null, is fed the raw bytes of a CSV
   * (Arrow and Parquet are checksummed as whole files: see {@link #isTable}).
   */
  public static RecordSource records(Path file, java.util.function.Predicate<String> reads, MessageDigest digest)
      throws IOException {
    if (Files.isRegularFile(file) && isArrow(file)) {
      return ArrowRecordSource.open(file, reads);
    }
    if (Files.isRegularFile(file) && isParquet(file)) {
      return ParquetRecordSource.open(file, reads);
    }
    return new CsvRecordReader(open(file, digest));
  }

  /** Whether the file is a columnar table (Arrow IPC or Parquet) rather than text. */
  public static boolean isTable(Path file) throws IOException {
    return Files.isRegularFile(file) && (isArrow(file) || isParquet(file));
  }

  /** Whether the file is a Parquet file (starts with the "PAR1" magic). */
  public static boolean isParquet(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1");
    }
  }

  /** Whether the file is an Arrow IPC file (starts with the "ARROW1" magic). */
  public static boolean isArrow(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(6);
      return magic.length == 6 && new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("ARROW1");
    }
  }
}
