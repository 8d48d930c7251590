package org.strata.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes a synthetic footprint: {@code patients.csv}, {@code practices.csv} and, in dirty mode,
 * {@code defects.csv}, following docs/INPUT.md.
 *
 * <pre>{@code
 * FootprintSpec spec = FootprintSpec.builder().patients(150_000).seed(42L).threads(2).build();
 * GenerationSummary summary = FootprintGenerator.generate(spec, Path.of("demo"), ProgressListener.NONE);
 * System.out.println(summary.toText());
 * }</pre>
 *
 * <p>Streams practice by practice: blocks are drawn in parallel on {@code spec.threads()} threads, each with
 * its own seeded random stream, and written in order, with at most a few blocks in memory. Memory does not
 * grow with the footprint (a 63M footprint runs in a 512 MB heap) and the bytes do not depend on the thread
 * count. Files are written under temporary names ({@code *.tmp}) and renamed when complete, so an
 * interrupted run never leaves a half-written file under a final name. A clean run removes a
 * {@code defects.csv} left in the directory by an earlier dirty run, so the directory describes one run.
 */
public final class FootprintGenerator {
    static final String PATIENTS = "patients.csv";
    static final String PRACTICES = "practices.csv";
    static final String DEFECTS = "defects.csv";
    private static final String TMP = ".tmp";
    /** Blocks in flight per thread: enough to keep workers busy while the writer catches up. */
    private static final int BLOCKS_AHEAD_PER_THREAD = 3;

    private FootprintGenerator() {
    }

    /**
     * Generates the footprint into {@code outDir} (created if absent).
     *
     * @param progress told after each practice block is written; {@link ProgressListener#NONE} to ignore
     * @return the figures reached, computed while writing
     * @throws IOException if a file cannot be written; no final file is then left half-written
     */
    public static GenerationSummary generate(FootprintSpec spec, Path outDir, ProgressListener progress) throws IOException {
        if (spec == null || outDir == null || progress == null) {
            throw new IllegalArgumentException("spec, outDir and progress must not be null (use ProgressListener.NONE)");
        }
        Files.createDirectories(outDir);
        ReferenceData reference = ReferenceData.get();
        HealthModel model = HealthModel.get();
        FootprintPlan plan = new FootprintPlan(spec, reference);
        Columns columns = new Columns(reference.conditionNames);
        DirtyLayout layout = spec.dirty() ? new DirtyLayout(columns, spec.seed()) : null;
        PracticeBlock blocks = new PracticeBlock(spec, plan, model, columns, new NhsNumbers(spec.seed()), layout);

        Path patientsTmp = outDir.resolve(PATIENTS + TMP);
        Path practicesTmp = outDir.resolve(PRACTICES + TMP);
        Path defectsTmp = outDir.resolve(DEFECTS + TMP);
        boolean success = false;
        try {
            long practicesBytes = writePractices(plan, practicesTmp);
            SummaryCounters counters = new SummaryCounters(model.conditions);
            long[] sizes = writePatients(spec, plan, columns, layout, blocks, patientsTmp, defectsTmp, counters, progress);
            move(practicesTmp, outDir.resolve(PRACTICES));
            move(patientsTmp, outDir.resolve(PATIENTS));
            if (layout != null) {
                move(defectsTmp, outDir.resolve(DEFECTS));
            } else {
                Files.deleteIfExists(outDir.resolve(DEFECTS));
            }
            success = true;
            return new GenerationSummary(spec, plan, counters, model.conditions, sizes[0], practicesBytes, sizes[1]);
        } finally {
            if (!success) {
                Files.deleteIfExists(patientsTmp);
                Files.deleteIfExists(practicesTmp);
                Files.deleteIfExists(defectsTmp);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static long writePractices(FootprintPlan plan, Path file) throws IOException {
        ByteSink sink = new ByteSink(plan.practiceCount * 64 + 64);
        sink.putAscii("practice_code,practice_name,latitude,longitude\n");
        for (int p = 0; p < plan.practiceCount; p++) {
            sink.put(plan.practiceCode[p]).put((byte) ',');
            sink.putAscii(csvQuoted(plan.practiceName[p])).put((byte) ',');
            sink.putFixed(plan.latitudeMicro[p], 6).put((byte) ',');
            sink.putFixed(plan.longitudeMicro[p], 6).put((byte) '\n');
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(sink.array(), 0, sink.size());
        }
        return sink.size();
    }

    static String csvQuoted(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    /** Returns {patients.csv bytes, defects.csv bytes}. */
    private static long[] writePatients(FootprintSpec spec, FootprintPlan plan, Columns columns, DirtyLayout layout,
                                        PracticeBlock blocks, Path patientsFile, Path defectsFile,
                                        SummaryCounters counters, ProgressListener progress) throws IOException {
        int threads = Math.min(spec.threads(), Math.max(1, plan.practiceCount));
        ExecutorService pool = threads > 1 ? Tasks.pool(threads, "strata-generate") : null;
        try (OutputStream patients = Files.newOutputStream(patientsFile);
             OutputStream defects = layout == null ? OutputStream.nullOutputStream() : Files.newOutputStream(defectsFile)) {
            long bytes = 0;
            long defectBytes = 0;
            byte[] header = layout == null ? headerBytes(columns) : concat(DirtyLayout.BYTE_ORDER_MARK, layout.headerBytes());
            patients.write(header);
            bytes += header.length;
            if (layout != null) {
                byte[] fileLevel = fileLevelDefects(columns);
                defects.write(fileLevel);
                defectBytes += fileLevel.length;
            }
            long linesWritten = 1; // the header
            long patientsWritten = 0;
            ArrayDeque<Future<PracticeBlock.Result>> inFlight = new ArrayDeque<>();
            int nextToSubmit = 0;
            ByteSink defectRows = new ByteSink(4096);
            for (int practice = 0; practice < plan.practiceCount; practice++) {
                PracticeBlock.Result block;
                if (pool == null) {
                    block = blocks.generate(practice);
                } else {
                    while (nextToSubmit < plan.practiceCount && inFlight.size() < threads * BLOCKS_AHEAD_PER_THREAD) {
                        final int p = nextToSubmit++;
                        inFlight.add(pool.submit(() -> blocks.generate(p)));
                    }
                    block = Tasks.await(inFlight.poll());
                }
                patients.write(block.bytes(), 0, block.length());
                bytes += block.length();
                counters.merge(block.counters());
                if (block.defects() != null) {
                    defectRows.clear();
                    appendDefects(block.defects(), linesWritten, columns, defectRows);
                    defects.write(defectRows.array(), 0, defectRows.size());
                    defectBytes += defectRows.size();
                }
                linesWritten += block.physicalLines();
                patientsWritten += block.rows();
                progress.onProgress(patientsWritten, bytes);
            }
            if (layout != null) {
                for (int i = 0; i < DirtyLayout.TRAILING_BLANK_LINES; i++) {
                    patients.write(DirtyLayout.CRLF);
                    bytes += DirtyLayout.CRLF.length;
                }
            }
            return new long[] {bytes, defectBytes};
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static byte[] headerBytes(Columns columns) {
        return (String.join(",", List.of(columns.names).subList(0, columns.cleanCount)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static final String DEFECTS_HEADER = "file,line,column,defect,expected,detail\n";

    private static byte[] fileLevelDefects(Columns columns) {
        List<String> rows = new ArrayList<>();
        rows.add(DEFECTS_HEADER);
        rows.add(PATIENTS + ",0,,utf8_byte_order_mark,accepted,\n");
        rows.add(PATIENTS + ",0,,crlf_line_endings,accepted,\n");
        rows.add(PATIENTS + ",0,,mixed_case_header,accepted,\n");
        rows.add(PATIENTS + ",0,,shuffled_column_order,accepted,\n");
        rows.add(PATIENTS + ",0," + columns.names[columns.notes] + ",unknown_column,accepted,\n");
        rows.add(PATIENTS + ",0,,trailing_blank_lines,accepted,count=" + DirtyLayout.TRAILING_BLANK_LINES + "\n");
        return String.join("", rows).getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] PATIENTS_BYTES = (PATIENTS + ",").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEPT_LINE = "kept_line=".getBytes(StandardCharsets.US_ASCII);

    /** One defects.csv row per planted defect; {@code linesBefore} physical lines precede the block. */
    private static void appendDefects(DefectLog log, long linesBefore, Columns columns, ByteSink out) {
        for (int i = 0; i < log.size(); i++) {
            Defect d = log.defect(i);
            out.put(PATIENTS_BYTES).putLong(linesBefore + 1 + log.line(i)).put((byte) ',');
            if (log.column(i) >= 0) {
                out.putAscii(columns.names[log.column(i)]);
            }
            out.put((byte) ',').putAscii(d.code()).put((byte) ',').putAscii(d.expected).put((byte) ',');
            if (log.keptLine(i) >= 0) {
                out.put(KEPT_LINE).putLong(linesBefore + 1 + log.keptLine(i));
            }
            out.put((byte) '\n');
        }
    }
}
