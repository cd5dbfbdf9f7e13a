/** Scenario tests for rule authors: the file format, the runner and its safety invariants. */
package org.facialcds.scenario;
