package org.strata.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The stack's JVM flags (Arrow's and Chronicle Map's opens and exports, analytics off), read from the
 * Maven-filtered copy of the parent pom's {@code jvm.flags} property, so that JMH forks get exactly what
 * the tests and the launcher get.
 */
public final class BenchmarkFlags {
  private BenchmarkFlags() {}

  /** The flags, one per element. */
  public static List<String> jvmFlags() {
    try (InputStream in = BenchmarkFlags.class.getResourceAsStream("jvm.flags")) {
      if (in == null) {
        throw new IllegalStateException("jvm.flags resource missing from the benchmarks jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      List<String> flags = new java.util.ArrayList<>(
          Arrays.stream(text.split("\\s+")).filter(s -> !s.isEmpty()).toList());
      // JDK 23+ warns on every fork that Arrow and Chronicle use sun.misc.Unsafe; JDK 17 refuses this flag,
      // so it is added only when the forks run on the same newer JDK as this process (the default).
      if (Runtime.version().feature() >= 23) {
        flags.add("--sun-misc-unsafe-memory-access=allow");
      }
      return List.copyOf(flags);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
