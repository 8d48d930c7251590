package org.strata.format;

/** One row of the practices file. {@code hub} is null when the file has no hub column or it is empty. */
public record Practice(String code, String name, double latitude, double longitude, String hub) {
  public Practice {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("practice code must not be blank");
    }
  }
}
