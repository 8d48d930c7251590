/**
 * JMH benchmarks and end-to-end harnesses. Run the shaded jar: {@code java -jar
 * benchmarks/target/benchmarks.jar [JMH options]} ({@link org.strata.benchmarks.BenchmarkMain} adds the
 * stack's JVM flags to every fork). Numbers go to docs/PERFORMANCE.md with the JDK, data size and error.
 */
package org.strata.benchmarks;
