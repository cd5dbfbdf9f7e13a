package org.facialcds.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A CDS Hooks Coding: {@code system}, {@code code} and, always for override reasons, {@code display}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Coding(String system, String code, String display) {
}
