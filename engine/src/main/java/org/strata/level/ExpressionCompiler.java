package org.strata.level;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Compiles a rule condition into a {@link MaskKernel}. The language:
 *
 * <pre>
 * expr    := or
 * or      := and ("or" and)*
 * and     := unary ("and" unary)*
 * unary   := "not" unary | "(" expr ")" | call | test
 * call    := ("any" | "all") "(" column ("," column)* ")"      0/1 columns: any/all of them set
 * test    := column OP value | column "between" value "and" value | column "in" "(" value ("," value)* ")"
 *          | column                                              a 0/1 column alone means column == 1
 * OP      := == | != | &lt; | &lt;= | &gt; | &gt;=   (= is accepted for ==)
 * value   := a number (decimals where the column has them) | 'text' | "text" | a bare word (M, F, severe…)
 * </pre>
 *
 * Errors name the policy file, the line of the rule and what is wrong, and list the known columns when a
 * name is unknown.
 */
final class ExpressionCompiler {
  private final String file;
  private final int line;
  private final String text;
  private final List<String> tokens = new ArrayList<>();
  private final List<Boolean> quoted = new ArrayList<>();
  private final Collection<RuleColumn> used;
  private int pos;
  private int depth;

  /** Deepest nesting of parentheses and 'not' a condition may have: far beyond any real rule, far below the stack. */
  static final int MAX_DEPTH = 64;

  private ExpressionCompiler(String file, int line, String text, Collection<RuleColumn> used) {
    this.file = file;
    this.line = line;
    this.text = text;
    this.used = used;
  }

  /** Compiles {@code text}; adds every column it reads to {@code used}. */
  static MaskKernel compile(String file, int line, String text, Collection<RuleColumn> used)
      throws PolicyException {
    ExpressionCompiler c = new ExpressionCompiler(file, line, text, used);
    c.tokenize();
    if (c.tokens.isEmpty()) {
      throw c.error("empty condition");
    }
    MaskKernel k = c.or();
    if (c.pos < c.tokens.size()) {
      throw c.error("unexpected '" + c.tokens.get(c.pos) + "'");
    }
    return k;
  }

  private void tokenize() throws PolicyException {
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (ch == '\'' || ch == '"') {
        int end = text.indexOf(ch, i + 1);
        if (end < 0) {
          throw error("unclosed quote");
        }
        add(text.substring(i + 1, end), true);
        i = end + 1;
      } else if ("(),".indexOf(ch) >= 0) {
        add(String.valueOf(ch), false);
        i++;
      } else if ("<>=!".indexOf(ch) >= 0) {
        int j = i + 1;
        if (j < text.length() && text.charAt(j) == '=') {
          j++;
        }
        add(text.substring(i, j), false);
        i = j;
      } else {
        int j = i;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || "_.-".indexOf(text.charAt(j)) >= 0)) {
          j++;
        }
        if (j == i) {
          throw error("unexpected character '" + ch + "'");
        }
        add(text.substring(i, j), false);
        i = j;
      }
    }
  }

  private void add(String token, boolean q) {
    tokens.add(token);
    quoted.add(q);
  }

  private MaskKernel or() throws PolicyException {
    List<MaskKernel> parts = new ArrayList<>(List.of(and()));
    while (accept("or")) {
      parts.add(and());
    }
    return parts.size() == 1 ? parts.get(0) : new MaskKernel.Combine(parts.toArray(new MaskKernel[0]), false);
  }

  private MaskKernel and() throws PolicyException {
    List<MaskKernel> parts = new ArrayList<>(List.of(unary()));
    while (accept("and")) {
      parts.add(unary());
    }
    return parts.size() == 1 ? parts.get(0) : new MaskKernel.Combine(parts.toArray(new MaskKernel[0]), true);
  }

  private MaskKernel unary() throws PolicyException {
    if (depth > MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " deep (parentheses and 'not'); write it flatter");
    }
    if (accept("not")) {
      depth++;
      MaskKernel k = unary().negate(); // pushed down to the comparisons: a missing value stays false, as in SQL
      depth--;
      return k;
    }
    if (accept("(")) {
      depth++;
      MaskKernel k = or();
      expect(")");
      depth--;
      return k;
    }
    String word = next("a column, 'not', 'any(' or '('");
    String lower = word.toLowerCase(Locale.ROOT);
    if ((lower.equals("any") || lower.equals("all")) && accept("(")) {
      List<MaskKernel> parts = new ArrayList<>();
      do {
        RuleColumn c = column(next("a column"));
        if (!c.isFlag()) {
          throw error("'" + c.name() + "' is not a 0/1 column: " + lower + "() takes conditions and flags");
        }
        parts.add(new MaskKernel.Compare(c, MaskKernel.Compare.Op.EQ, 1));
      } while (accept(","));
      expect(")");
      return parts.size() == 1 ? parts.get(0)
          : new MaskKernel.Combine(parts.toArray(new MaskKernel[0]), lower.equals("all"));
    }
    RuleColumn c = column(word);
    if (accept("between")) {
      long lo = value(c);
      expect("and");
      long hi = value(c);
      if (lo > hi) {
        throw error("between " + lo + " and " + hi + " is empty: the lower bound must come first");
      }
      return new MaskKernel.Between(c, lo, hi);
    }
    if (accept("in")) {
      expect("(");
      List<Long> set = new ArrayList<>();
      do {
        set.add(value(c));
      } while (accept(","));
      expect(")");
      return new MaskKernel.In(c, set.stream().mapToInt(Long::intValue).toArray(), false);
    }
    MaskKernel.Compare.Op op = op();
    if (op == null) {
      if (c.isFlag()) {
        return new MaskKernel.Compare(c, MaskKernel.Compare.Op.EQ, 1);
      }
      throw error("'" + c.name() + "' needs a comparison (==, >=, between … and …, in (…))");
    }
    return new MaskKernel.Compare(c, op, value(c));
  }

  private MaskKernel.Compare.Op op() {
    if (pos >= tokens.size() || quoted.get(pos)) {
      return null;
    }
    MaskKernel.Compare.Op op = switch (tokens.get(pos)) {
      case "==", "=" -> MaskKernel.Compare.Op.EQ;
      case "!=" -> MaskKernel.Compare.Op.NE;
      case "<" -> MaskKernel.Compare.Op.LT;
      case "<=" -> MaskKernel.Compare.Op.LE;
      case ">" -> MaskKernel.Compare.Op.GT;
      case ">=" -> MaskKernel.Compare.Op.GE;
      default -> null;
    };
    if (op != null) {
      pos++;
    }
    return op;
  }

  private RuleColumn column(String name) throws PolicyException {
    RuleColumn c = RuleColumn.named(name);
    if (c == null) {
      String near = org.strata.format.NearestName.of(name, RuleColumn.names());
      throw error("unknown column '" + name + "' (" + (near != null ? "did you mean " + near + "?"
          : "known: " + String.join(", ", RuleColumn.names())) + ")");
    }
    used.add(c);
    return c;
  }

  private long value(RuleColumn c) throws PolicyException {
    boolean q = pos < quoted.size() && quoted.get(pos);
    String v = next("a value for " + c.name());
    Long n = c.constant(v, q);
    if (n != null && (n < Integer.MIN_VALUE + 1 || n > Integer.MAX_VALUE)) {
      throw error("'" + v + "' is out of range for " + c.name());
    }
    if (n == null) {
      throw error("'" + v + "' is not a value of " + c.name()
          + (c.scale() > 1 ? " (at most " + (Long.toString(c.scale()).length() - 1) + " decimals)" : ""));
    }
    return n;
  }

  private boolean accept(String word) {
    if (pos < tokens.size() && !quoted.get(pos) && tokens.get(pos).equalsIgnoreCase(word)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String word) throws PolicyException {
    if (!accept(word)) {
      throw error("expected '" + word + "'" + (pos < tokens.size() ? " before '" + tokens.get(pos) + "'" : " at the end"));
    }
  }

  private String next(String what) throws PolicyException {
    if (pos >= tokens.size()) {
      throw error("expected " + what + " at the end");
    }
    return tokens.get(pos++);
  }

  private PolicyException error(String problem) {
    String shown = text.length() <= 120 ? text : text.substring(0, 117) + "...";
    return new PolicyException(file, line, problem + " in '" + shown + "'");
  }
}
