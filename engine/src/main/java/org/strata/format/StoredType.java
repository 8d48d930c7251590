package org.strata.format;

/** Physical type of a stored column: its width in bytes and the heap array a batch holds it in. */
public enum StoredType {
  INT8(1),
  INT16(2),
  INT32(4),
  INT64(8),
  /** Variable-length UTF-8 (pseudonymous patient ids). */
  UTF8(-1);

  private final int widthBytes;

  StoredType(int widthBytes) {
    this.widthBytes = widthBytes;
  }

  /** Bytes per value, or -1 for variable width. */
  public int widthBytes() {
    return widthBytes;
  }
}
