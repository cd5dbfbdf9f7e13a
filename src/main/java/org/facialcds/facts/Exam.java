package org.facialcds.facts;

/** Examination findings; {@code null} is not documented. */
public record Exam(
        NeuroExam neuroExam,
        Boolean facialWeakness,
        Boolean eyeClosureIncomplete,
        Boolean ptosis,
        Boolean ptosisFatigable,
        Boolean diplopia,
        Boolean hearingLoss,
        Boolean tinnitus,
        Boolean vertigo,
        Boolean facialNumbness,
        Boolean dysarthria,
        Boolean dysphagia,
        Boolean dyspnea,
        Boolean limbWeakness,
        Boolean limbSensoryLoss,
        Boolean areflexia,
        Boolean ataxia,
        Boolean parkinsonism) implements Fact {

    /** Names the fact by its place in the input only: facts reach Drools' trace logging, patient data must not. */
    @Override
    public String toString() {
        return "Exam at " + path();
    }

    @Override
    public String path() {
        return "$.exam";
    }

    @Override
    public String pathOf(String property) {
        return "documented".equals(property) ? "$.exam.neuroExam" : "$.exam." + property;
    }

    /** Whether the neurological exam was documented as NORMAL or ABNORMAL. */
    public boolean documented() {
        return neuroExam == NeuroExam.NORMAL || neuroExam == NeuroExam.ABNORMAL;
    }
}
