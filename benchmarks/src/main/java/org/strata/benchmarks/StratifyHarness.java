package org.strata.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.strata.level.LevelAssigner;
import org.strata.level.LevelResult;
import org.strata.level.Policy;
import org.strata.rollup.HubFormation;
import org.strata.rollup.Hubs;
import org.strata.rollup.Rollup;
import org.strata.store.Store;

/**
 * Warm stratify + rollup of an existing store with the default policy, the number issue 4's target is
 * about: scores, rules, cuts and floor ({@link LevelAssigner}), then {@link Rollup}, repeated in one JVM;
 * median and best of N rounds, the first (cold) reported apart. Outputs are not written.
 *
 * <pre>
 * java -Xmx1g $(cat engine/target/jvm.flags) -cp benchmarks/target/benchmarks.jar org.strata.benchmarks.StratifyHarness STORE [rounds]
 * </pre>
 */
public final class StratifyHarness {
  private StratifyHarness() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Policy policy = Policy.defaultPolicy();
    try (Store store = Store.open(dir)) {
      Hubs hubs = HubFormation.form(store.practices(), HubFormation.registeredByPractice(store));
      double[] levels = new double[rounds];
      double[] rollup = new double[rounds];
      double[] cpu = new double[rounds]; // CPU seconds of the whole process: steadier than wall time on a busy machine
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long check = 0;
      for (int r = 0; r < rounds; r++) {
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        LevelResult lr = LevelAssigner.assign(store, policy, null, hubs.hubCount());
        long t1 = System.nanoTime();
        cpu[r] = (os.getProcessCpuTime() - c0) / 1e9;
        check += Rollup.compute(lr, store, hubs).footprint().level(1);
        long t2 = System.nanoTime();
        levels[r] = (t1 - t0) / 1e9;
        rollup[r] = (t2 - t1) / 1e9;
      }
      Runtime rt = Runtime.getRuntime();
      System.out.printf(Locale.ROOT, "store %s: %,d patients; JDK %s; max heap %d MB; %d rounds%n", dir,
          store.rowCount(), System.getProperty("java.version"), rt.maxMemory() >> 20, rounds);
      System.out.printf(Locale.ROOT, "score+levels: first %.3f s, median %.3f s, best %.3f s%n",
          levels[0], median(levels), Arrays.stream(levels).min().orElse(0));
      System.out.printf(Locale.ROOT, "score+levels CPU (all threads): first %.3f s, median %.3f s, best %.3f s%n",
          cpu[0], median(cpu), Arrays.stream(cpu).min().orElse(0));
      System.out.printf(Locale.ROOT, "rollup:       first %.3f s, median %.3f s, best %.3f s%n",
          rollup[0], median(rollup), Arrays.stream(rollup).min().orElse(0));
      System.out.println("(level-1 check " + check + ")");
    }
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
