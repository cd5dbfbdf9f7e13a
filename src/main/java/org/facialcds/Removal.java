package org.facialcds;

import org.facialcds.facts.Code;
import org.facialcds.facts.Reason;

/**
 * Why a code that a rule derived is not in the result: a veto ({@code by} an {@code AVOID_…} code,
 * with its {@code reason}) or a withheld step ({@code by} {@code WITHHELD}: the suggestion waits for
 * missing data or work-up). {@code rule} is the {@code @id} that produced the veto or the hold;
 * {@code detail} says on what (input facts, or what it waits for).
 */
public record Removal(Code by, Reason reason, String rule, String detail) {

    @Override
    public String toString() {
        String head = by == Code.WITHHELD ? "withheld by " + rule : "removed by " + by + (reason == null ? "" : " " + reason)
                + " (" + rule + ")";
        return detail == null || detail.isBlank() ? head : head + ": " + detail;
    }
}
