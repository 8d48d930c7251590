package org.strata.events;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The event loop's two look-ups per row, with the hand-written {@link LongIntMap} against the library a reviewer
 * would reach for (fastutil's {@code Long2IntOpenHashMap}) and the JDK's boxed {@code HashMap<Long, Integer>}: a
 * patient's NHS number among {@code patients} (always present, random order) and a concept id among a code list's
 * 2,000 codes (90% of the rows' codes in no list, as in a GP record). Each invocation looks up {@value #QUERIES}
 * keys; the score is per look-up. In the benchmarks' package of the engine's, since the map is package-private.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LongIntMapBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class LongIntMapBenchmark {
  static final int QUERIES = 1 << 16;
  static final int CODES = 2_000;

  @Param({"1000000"})
  int patients;

  LongIntMap patientMap;
  Long2IntOpenHashMap patientFastutil;
  HashMap<Long, Integer> patientJdk;
  LongIntMap codeMap;
  Long2IntOpenHashMap codeFastutil;
  HashMap<Long, Integer> codeJdk;
  long[] patientQueries;
  long[] codeQueries;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    long[] ids = new long[patients];
    patientMap = new LongIntMap(patients);
    patientFastutil = new Long2IntOpenHashMap(patients);
    patientFastutil.defaultReturnValue(-1);
    patientJdk = new HashMap<>(patients * 2);
    for (int i = 0; i < patients; i++) {
      long id = 4_000_000_000L + rnd.nextLong(5_999_999_999L); // NHS-number-like: ten digits
      ids[i] = id;
      patientMap.putIfAbsent(id, i);
      patientFastutil.putIfAbsent(id, i);
      patientJdk.putIfAbsent(id, i);
    }
    long[] codes = new long[CODES];
    codeMap = new LongIntMap(CODES);
    codeFastutil = new Long2IntOpenHashMap(CODES);
    codeFastutil.defaultReturnValue(-1);
    codeJdk = new HashMap<>(CODES * 2);
    for (int c = 0; c < CODES; c++) {
      long code = 100_000_000L + rnd.nextLong(900_000_000_000_000L); // SNOMED CT concept ids: 6 to 18 digits
      codes[c] = code;
      codeMap.putIfAbsent(code, c);
      codeFastutil.putIfAbsent(code, c);
      codeJdk.putIfAbsent(code, c);
    }
    patientQueries = new long[QUERIES];
    codeQueries = new long[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      patientQueries[q] = ids[rnd.nextInt(patients)];
      codeQueries[q] = rnd.nextInt(10) == 0 ? codes[rnd.nextInt(CODES)] : 100_000_000L + rnd.nextLong(900_000_000_000_000L);
    }
  }

  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public long patientStrata() {
    long sum = 0;
    for (long k : patientQueries) {
      sum += patientMap.get(k);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public long patientFastutil() {
    long sum = 0;
    for (long k : patientQueries) {
      sum += patientFastutil.get(k);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public long patientJdkHashMap() {
    long sum = 0;
    for (long k : patientQueries) {
      sum += patientJdk.getOrDefault(k, -1);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public long codeStrata() {
    long sum = 0;
    for (long k : codeQueries) {
      sum += codeMap.get(k);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public long codeFastutil() {
    long sum = 0;
    for (long k : codeQueries) {
      sum += codeFastutil.get(k);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public long codeJdkHashMap() {
    long sum = 0;
    for (long k : codeQueries) {
      sum += codeJdk.getOrDefault(k, -1);
    }
    return sum;
  }
}
