/** Drools wiring: compiling {@code rules/}, pooled sessions, the rules' metadata. */
package org.facialcds.engine;
