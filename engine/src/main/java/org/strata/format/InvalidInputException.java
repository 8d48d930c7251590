package org.strata.format;

import java.io.IOException;

/**
 * An input file cannot be used: a missing required column, an unreadable file, a bad practices row, too
 * many rejected rows. The message is one line naming the file (and line, column and value where there
 * is one) and never holds a patient identifier. The command line exits with code 2.
 */
public class InvalidInputException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
