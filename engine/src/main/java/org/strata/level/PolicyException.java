package org.strata.level;

import org.strata.format.InvalidInputException;

/**
 * A policy file cannot be used: malformed YAML or expression, an unknown column, a bad threshold. The
 * message names the file, the line and the problem; it is raised before any patient data is read.
 */
public final class PolicyException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public PolicyException(String file, int line, String problem) {
    super(file + (line > 0 ? ": line " + line : "") + ": " + problem);
  }

  /** At a line and column (1-based; 0 when not known). */
  public PolicyException(String file, int line, int column, String problem) {
    super(file + (line > 0 ? ": line " + line + (column > 0 ? ", column " + column : "") : "") + ": " + problem);
  }
}
