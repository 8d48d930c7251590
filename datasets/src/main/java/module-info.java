/** The synthetic footprint generator and small fixture files; depends on nothing. */
module org.strata.datasets {
  exports org.strata.datasets;
}
