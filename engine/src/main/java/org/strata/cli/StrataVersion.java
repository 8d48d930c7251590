package org.strata.cli;

import picocli.CommandLine;

/** The version printed by {@code strata --version}, read from the jar's manifest or the build. */
final class StrataVersion implements CommandLine.IVersionProvider {
  /** The Strata version, or "dev" when run from classes outside a jar. */
  static String version() {
    String v = StrataVersion.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "strata " + version(),
      "JVM: ${java.version} (${java.vendor} ${java.vm.name} ${java.vm.version})"
    };
  }
}
