package org.strata.datasets;

/**
 * Told after each block of patients is written, so a command line can draw a progress bar.
 *
 * <pre>{@code
 * FootprintGenerator.generate(spec, dir, (patients, bytes) -> bar.stepTo(patients));
 * }</pre>
 *
 * Called on the generating thread, in order, with running totals that never decrease.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every call. */
    ProgressListener NONE = (patientsWritten, bytesWritten) -> { };

    /**
     * @param patientsWritten patient rows written so far
     * @param bytesWritten bytes of patients.csv written so far
     */
    void onProgress(long patientsWritten, long bytesWritten);
}
