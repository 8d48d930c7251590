package org.strata.datasets;

/**
 * What to generate: how many people, from which seed, how dirty, on how many threads.
 *
 * <pre>{@code
 * FootprintSpec spec = FootprintSpec.builder().patients(150_000).seed(42L).dirtyRate(0.0).threads(2).build();
 * }</pre>
 *
 * The output bytes depend on {@code patients}, {@code seed} and {@code dirtyRate} only; {@code threads}
 * changes the speed, never the files.
 *
 * @param patients people in the footprint, registered and unregistered, {@value #MIN_PATIENTS} to
 *     {@value #MAX_PATIENTS}
 * @param seed the seed every random draw derives from
 * @param dirtyRate share of patient rows given one planted defect, 0 (clean) to {@value #MAX_DIRTY_RATE}
 * @param threads worker threads, at least 1
 */
public record FootprintSpec(long patients, long seed, double dirtyRate, int threads) {

    /** Smallest footprint: below this the realism figures are noise. */
    public static final long MIN_PATIENTS = 1_000;
    /** Largest footprint: about England's registered population (2025). */
    public static final long MAX_PATIENTS = 63_000_000;
    /** Highest dirty rate: beyond half the rows the file is no longer an extract with defects. */
    public static final double MAX_DIRTY_RATE = 0.5;

    /** Checks every field; the message names the rule and the value. */
    public FootprintSpec {
        if (patients < MIN_PATIENTS || patients > MAX_PATIENTS) {
            throw new IllegalArgumentException("patients must be " + MIN_PATIENTS + ".." + MAX_PATIENTS
                    + ": patients=" + patients);
        }
        if (!(dirtyRate >= 0.0 && dirtyRate <= MAX_DIRTY_RATE)) {
            throw new IllegalArgumentException("dirtyRate must be 0.." + MAX_DIRTY_RATE + ": dirtyRate=" + dirtyRate);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: threads=" + threads);
        }
    }

    /** True when defects are planted (and defects.csv is written). */
    public boolean dirty() {
        return dirtyRate > 0.0;
    }

    /** A builder with defaults: 150,000 patients, seed 42, clean, one thread. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder; {@link #build()} validates. */
    public static final class Builder {
        private long patients = 150_000;
        private long seed = 42L;
        private double dirtyRate;
        private int threads = 1;

        private Builder() {
        }

        /** People in the footprint. */
        public Builder patients(long patients) {
            this.patients = patients;
            return this;
        }

        /** Seed of every random draw. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Share of rows with a planted defect; 0 writes a clean extract. */
        public Builder dirtyRate(double dirtyRate) {
            this.dirtyRate = dirtyRate;
            return this;
        }

        /** Worker threads. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** The validated spec. */
        public FootprintSpec build() {
            return new FootprintSpec(patients, seed, dirtyRate, threads);
        }
    }
}
