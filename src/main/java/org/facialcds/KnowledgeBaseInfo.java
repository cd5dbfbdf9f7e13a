package org.facialcds;

/** Which knowledge base produced a result: its name, version and the SHA-256 of its rule files. */
public record KnowledgeBaseInfo(String name, String version, String sha256, int ruleCount) {
}
