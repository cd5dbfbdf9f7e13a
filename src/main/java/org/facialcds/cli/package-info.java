/** The {@code facial-cds} command: evaluate patient files and validate rules from a terminal or a CI job. */
package org.facialcds.cli;
