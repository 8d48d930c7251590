/**
 * One crash-safe publish protocol for everything Strata replaces night after night — store generations and
 * run results: complete numbered versions, written aside, fsynced and switched to by atomic renames of a
 * pointer. Imports nothing of Strata's.
 */
package org.strata.publish;
