/**
 * Event-level extracts: coded GP events, hospital spells, A&amp;E and outpatient attendances and prescriptions,
 * turned by code lists and a features file (each column's lists, source and time window) into the per-patient
 * columns of the flat input contract, which {@link org.strata.ingest.Ingest} then validates and stores exactly
 * as a flat extract's. {@link org.strata.events.EventExtract} is the entry point.
 */
package org.strata.events;
