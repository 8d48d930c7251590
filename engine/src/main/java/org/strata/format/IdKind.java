package org.strata.format;

/** What a patients file's {@code patient_id} holds. */
public enum IdKind {
  /** A 10-digit NHS number with a valid Modulus 11 check digit. */
  NHS_NUMBER("nhs-number"),
  /** An opaque pseudonym of 1–64 characters, from a pseudonymisation service. */
  PSEUDONYM("pseudonym");

  private final String cliName;

  IdKind(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line and in manifests. */
  public String cliName() {
    return cliName;
  }

  /**
   * The 64-bit key a pseudonym sorts by where ties on risk are broken (FNV-1a of its UTF-8 bytes): the same
   * key wherever the footprint is stratified, one machine or a cluster. An NHS number is its own key.
   */
  public static long pseudonymKey(String pseudonym) {
    long h = 0xcbf29ce484222325L;
    for (byte x : pseudonym.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h = (h ^ (x & 0xFF)) * 0x100000001b3L;
    }
    return h;
  }

  /** Parses {@code nhs-number} or {@code pseudonym}. */
  public static IdKind fromCliName(String name) {
    for (IdKind k : values()) {
      if (k.cliName.equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown id kind '" + name + "': expected nhs-number or pseudonym");
  }
}
