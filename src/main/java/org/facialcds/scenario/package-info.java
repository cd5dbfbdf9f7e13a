/** Scenario tests for rule authors: the file format, the runner and its safety invariants, coverage, JUnit XML and the rule catalogue. */
package org.facialcds.scenario;
