package org.strata.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.strata.datasets.FootprintGenerator;
import org.strata.datasets.FootprintSpec;
import org.strata.datasets.GenerationSummary;
import org.strata.datasets.ProgressListener;

/**
 * Synthetic footprint generator throughput, in patients per second: each operation writes a 100,000-person
 * footprint (about 11 MB of CSV) to a temporary directory, so the figure includes formatting and writing,
 * as {@code strata generate} does. {@code threads} is the generator's worker count (the benchmark itself
 * runs on one JMH thread); {@code dirtyRate} 0 is the clean extract, 0.05 adds defect planting and the
 * dirty layout.
 *
 * <p>Smoke run: {@code java -jar benchmarks/target/benchmarks.jar GeneratorBenchmark -f 1 -wi 1 -i 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgs = {"-Xmx1g"}) // jvmArgs, not jvmArgsAppend: BenchmarkMain replaces the latter with the stack flags
@Threads(1)
public class GeneratorBenchmark {
    static final int PATIENTS = 100_000;

    @Param({"1", "2"})
    int threads;

    @Param({"0.0", "0.05"})
    double dirtyRate;

    FootprintSpec spec;
    Path dir;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        spec = FootprintSpec.builder().patients(PATIENTS).seed(42L).dirtyRate(dirtyRate).threads(threads).build();
        dir = Files.createTempDirectory("strata-generator-bench");
        FootprintGenerator.generate(spec, dir, ProgressListener.NONE); // calibrates the model once, outside the measurement
    }

    @Benchmark
    @OperationsPerInvocation(PATIENTS) // patients per second
    public GenerationSummary generate() throws IOException {
        return FootprintGenerator.generate(spec, dir, ProgressListener.NONE); // overwrites the same files each time
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
