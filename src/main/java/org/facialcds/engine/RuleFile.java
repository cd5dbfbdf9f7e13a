package org.facialcds.engine;

/** One DRL file: its path as shown to authors ({@code rules/…}) and its text. */
public record RuleFile(String path, String text) {
}
