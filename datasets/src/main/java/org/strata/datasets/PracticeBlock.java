package org.strata.datasets;

import java.util.SplittableRandom;

/**
 * Draws and formats the rows of one practice block: the practice's registered list followed by its share
 * of the unregistered. Thread-safe (all shared state is read-only); each block has its own
 * {@link SplittableRandom} derived from the seed and the practice index, so the bytes do not depend on
 * which thread runs it or when.
 */
final class PracticeBlock {
    private static final long PATIENT_SALT = 0x50415449454E54L;
    private static final long DIRTY_SALT = 0x44495254595FL;
    private static final byte[] LF = {'\n'};
    /** Share of people whose LSOA follows their place in the practice's catchment; the rest live anywhere in the cluster. */
    private static final double HOME_CATCHMENT_SHARE = 0.6;

    /** One block's bytes and what was counted and planted while writing them. */
    record Result(byte[] bytes, int length, int rows, int physicalLines, SummaryCounters counters, DefectLog defects) {
    }

    private final FootprintSpec spec;
    private final FootprintPlan plan;
    private final HealthModel model;
    private final Columns columns;
    private final NhsNumbers ids;
    private final DirtyLayout layout;
    private final int[] cleanOrder;

    PracticeBlock(FootprintSpec spec, FootprintPlan plan, HealthModel model, Columns columns, NhsNumbers ids,
                  DirtyLayout layout) {
        this.spec = spec;
        this.plan = plan;
        this.model = model;
        this.columns = columns;
        this.ids = ids;
        this.layout = layout;
        cleanOrder = new int[columns.cleanCount];
        for (int i = 0; i < cleanOrder.length; i++) {
            cleanOrder[i] = i;
        }
    }

    Result generate(int practice) {
        final SplittableRandom rng = new SplittableRandom(Scramble.streamSeed(spec.seed(), PATIENT_SALT, practice));
        final int registered = plan.listSize[practice];
        final int rows = registered + plan.unregisteredCount[practice];
        final PracticeAgeMix mix = plan.mix[practice];
        final int cluster = plan.cluster[practice];
        final int lsoaCount = plan.clusterLsoaCount[cluster];
        final int firstLsoa = plan.clusterFirstLsoa[cluster];
        final long clusterPopulation = plan.clusterPopulation[cluster];
        final long offset = plan.offsetInCluster[practice];
        final long firstPatient = plan.firstPatient[practice];
        final byte[] practiceCode = plan.practiceCode[practice];
        final int conditionCount = columns.conditionCount;

        final ByteSink out = new ByteSink(rows * 180 + 64);
        final Person p = new Person(conditionCount);
        final RowFields fields = new RowFields(columns.names.length);
        final SummaryCounters counters = new SummaryCounters(model.conditions);
        final DefectPlanter planter = layout == null ? null : new DefectPlanter(spec.dirtyRate(), columns, layout,
                new SplittableRandom(Scramble.streamSeed(spec.seed(), DIRTY_SALT, practice)), counters);

        for (int r = 0; r < rows; r++) {
            final boolean isRegistered = r < registered;
            final int age = mix.drawAge(rng);
            // most people live in their practice's part of the cluster, the rest anywhere in it
            final int localLsoa = rng.nextDouble() < HOME_CATCHMENT_SHARE
                    ? (int) ((offset + r) * lsoaCount / clusterPopulation)
                    : rng.nextInt(lsoaCount);
            final int lsoa = firstLsoa + localLsoa;
            final int decile = plan.lsoaDecile[lsoa];
            model.sample(rng, age, decile, p);
            counters.add(p, isRegistered);

            fields.reset();
            fields.putLong(Columns.PATIENT_ID, ids.numberOf(firstPatient + r));
            if (isRegistered) {
                fields.putBytes(Columns.PRACTICE_CODE, practiceCode);
            } else {
                fields.putEmpty(Columns.PRACTICE_CODE);
            }
            fields.putBytes(Columns.LSOA, plan.lsoaCode[lsoa]);
            fields.putLong(Columns.AGE, age);
            fields.putByte(Columns.SEX, p.sex == Person.MALE ? (byte) 'M' : p.sex == Person.FEMALE ? (byte) 'F' : (byte) 'U');
            fields.putLong(Columns.IMD_DECILE, decile);
            for (int c = 0; c < conditionCount; c++) {
                fields.putByte(Columns.FIRST_CONDITION + c, (byte) ('0' + p.conditions[c]));
            }
            fields.putByte(columns.learningDisability, (byte) ('0' + p.learningDisability));
            fields.putByte(columns.palliativeCare, (byte) ('0' + p.palliativeCare));
            fields.putByte(columns.careHome, (byte) ('0' + p.careHome));
            fields.putByte(columns.housebound, (byte) ('0' + p.housebound));
            fields.putByte(columns.socialCare, (byte) ('0' + p.socialCare));
            fields.putByte(columns.carer, (byte) ('0' + p.carer));
            fields.putLong(columns.efiDeficits, p.efiDeficits);
            fields.putLong(columns.emergencyAdmissions, p.emergencyAdmissions);
            fields.putLong(columns.aeAttendances, p.aeAttendances);
            fields.putLong(columns.electiveAdmissions, p.electiveAdmissions);
            fields.putLong(columns.outpatientAttendances, p.outpatientAttendances);
            fields.putLong(columns.gpContacts, p.gpContacts);
            fields.putLong(columns.bedDays, p.bedDays);
            fields.putLong(columns.medicines, p.medicines);
            fields.putPence(columns.cost, p.costPence);
            fields.putLong(columns.emergencyAdmissionsNext12m, p.emergencyAdmissionsNext12m);
            if (planter == null) {
                fields.writeTo(out, cleanOrder, cleanOrder.length, LF);
            } else {
                planter.emit(fields, out);
            }
        }
        int lines = planter == null ? rows : planter.physicalLines();
        return new Result(out.array(), out.size(), rows, lines, counters, planter == null ? null : planter.log());
    }
}
