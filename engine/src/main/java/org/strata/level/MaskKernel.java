package org.strata.level;

/**
 * A compiled rule condition: evaluates a slice of rows into a 0/1 int mask, column at a time (int, not
 * byte, so the loops that combine masks and shift them into reason bits stay in one lane width). The
 * operator is chosen when the condition is compiled, so each row loop is a plain comparison over an int
 * array; nodes own their scratch masks, so evaluation allocates nothing, and each worker of {@link
 * LevelAssigner} compiles its own.
 */
abstract class MaskKernel {
  MaskKernel() {} // only this package's compiler makes kernels

  /** Writes 1 into {@code out[i]} where the condition holds for row i, else 0, for i in [0, rows). */
  abstract void eval(RuleInputs in, int rows, int[] out);

  /** Gives every node its scratch space for batches of up to {@code capacity} rows. */
  abstract void allocate(int capacity);

  /**
   * The kernel of {@code not (this)}, with the negation pushed down to the comparisons (De Morgan), so a
   * comparison with a missing value is false whether or not it sits under a {@code not}, as in SQL.
   */
  abstract MaskKernel negate();

  /** {@code column OP constant}; false when the column is missing (-1) and nullable. */
  static final class Compare extends MaskKernel {
    enum Op { EQ, NE, LT, LE, GT, GE }

    private final RuleColumn column;
    private final Op op;
    private final int c;

    Compare(RuleColumn column, Op op, long constant) {
      this.column = column;
      this.op = op;
      this.c = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, constant));
    }

    @Override
    void allocate(int capacity) {}

    @Override
    MaskKernel negate() {
      Op flipped = switch (op) {
        case EQ -> Op.NE;
        case NE -> Op.EQ;
        case LT -> Op.GE;
        case LE -> Op.GT;
        case GT -> Op.LE;
        case GE -> Op.LT;
      };
      return new Compare(column, flipped, c);
    }

    @Override
    void eval(RuleInputs in, int rows, int[] out) {
      final int[] v = in.values(column);
      final int c = this.c;
      // Branch-free: the comparison's sign bit, in long arithmetic so no constant can overflow. Rule
      // inputs are often near 50/50 (age bands, counts of 0 or 1), where a branch would mispredict.
      switch (op) {
        case EQ:
          for (int i = 0; i < rows; i++) {
            int x = v[i] ^ c;
            out[i] = 1 - ((x | -x) >>> 31);
          }
          break;
        case NE:
          for (int i = 0; i < rows; i++) {
            int x = v[i] ^ c;
            out[i] = (x | -x) >>> 31;
          }
          break;
        case LT:
          for (int i = 0; i < rows; i++) {
            out[i] = (int) (((long) v[i] - c) >>> 63);
          }
          break;
        case LE:
          for (int i = 0; i < rows; i++) {
            out[i] = (int) (((long) v[i] - c - 1) >>> 63);
          }
          break;
        case GT:
          for (int i = 0; i < rows; i++) {
            out[i] = (int) (((long) c - v[i]) >>> 63);
          }
          break;
        case GE:
          for (int i = 0; i < rows; i++) {
            out[i] = (int) (((long) c - v[i] - 1) >>> 63);
          }
          break;
        default:
          throw new IllegalStateException(op.toString());
      }
      if (column.nullable()) {
        clearMissing(v, rows, out);
      }
    }
  }

  /** {@code column between lo and hi}, both inclusive, or (negated) outside that range. */
  static final class Between extends MaskKernel {
    private final RuleColumn column;
    private final int lo;
    private final int hi;
    private final boolean outside;

    Between(RuleColumn column, long lo, long hi) {
      this(column, (int) lo, (int) hi, false);
    }

    private Between(RuleColumn column, int lo, int hi, boolean outside) {
      this.column = column;
      this.lo = lo;
      this.hi = hi;
      this.outside = outside;
    }

    @Override
    void allocate(int capacity) {}

    @Override
    MaskKernel negate() {
      return new Between(column, lo, hi, !outside);
    }

    @Override
    void eval(RuleInputs in, int rows, int[] out) {
      final int[] v = in.values(column);
      final int lo = this.lo;
      final int hi = this.hi;
      final int flip = outside ? 1 : 0;
      for (int i = 0; i < rows; i++) { // branch-free: either difference negative means outside
        long below = (long) v[i] - lo;
        long above = (long) hi - v[i];
        out[i] = (int) ((below | above) >>> 63) ^ 1 ^ flip;
      }
      if (column.nullable()) {
        clearMissing(v, rows, out);
      }
    }
  }

  /** {@code column in (a, b, …)}, or (negated) not in it. */
  static final class In extends MaskKernel {
    private final RuleColumn column;
    private final int[] set;
    private final boolean notIn;

    In(RuleColumn column, int[] set, boolean notIn) {
      this.column = column;
      this.set = set.clone();
      this.notIn = notIn;
    }

    @Override
    void allocate(int capacity) {}

    @Override
    MaskKernel negate() {
      return new In(column, set, !notIn);
    }

    @Override
    void eval(RuleInputs in, int rows, int[] out) {
      final int[] v = in.values(column);
      final int[] set = this.set;
      for (int i = 0; i < rows; i++) {
        int hit = 0;
        for (int s : set) {
          hit |= v[i] == s ? 1 : 0;
        }
        out[i] = notIn ? 1 - hit : hit;
      }
      if (column.nullable()) {
        clearMissing(v, rows, out);
      }
    }
  }

  /** {@code a and b and …} or {@code a or b or …}. */
  static final class Combine extends MaskKernel {
    private final MaskKernel[] parts;
    private final boolean and;
    private int[] scratch = new int[0];

    Combine(MaskKernel[] parts, boolean and) {
      this.parts = parts.clone();
      this.and = and;
    }

    @Override
    void allocate(int capacity) {
      scratch = new int[capacity];
      for (MaskKernel p : parts) {
        p.allocate(capacity);
      }
    }

    @Override
    MaskKernel negate() {
      MaskKernel[] negated = new MaskKernel[parts.length];
      for (int k = 0; k < parts.length; k++) {
        negated[k] = parts[k].negate();
      }
      return new Combine(negated, !and); // De Morgan
    }

    @Override
    void eval(RuleInputs in, int rows, int[] out) {
      parts[0].eval(in, rows, out);
      final int[] s = scratch;
      for (int k = 1; k < parts.length; k++) {
        parts[k].eval(in, rows, s);
        if (and) {
          for (int i = 0; i < rows; i++) {
            out[i] &= s[i];
          }
        } else {
          for (int i = 0; i < rows; i++) {
            out[i] |= s[i];
          }
        }
      }
    }
  }

  static void clearMissing(int[] v, int rows, int[] out) {
    for (int i = 0; i < rows; i++) {
      out[i] &= ((v[i] + 1) | -(v[i] + 1)) >>> 31; // 0 where v = -1, missing
    }
  }
}
