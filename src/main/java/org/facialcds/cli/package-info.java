/** The {@code facial-cds} command: evaluate patient files; test, lint, explain and catalogue rules from a terminal or a CI job. */
package org.facialcds.cli;
