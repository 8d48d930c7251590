package org.strata.format;

/** The Strata version written into manifests. */
public final class StoreVersion {
  public static final String VERSION = versionOf();

  private StoreVersion() {}

  private static String versionOf() {
    String v = StoreVersion.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
