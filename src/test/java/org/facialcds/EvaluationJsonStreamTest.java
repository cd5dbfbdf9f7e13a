package org.facialcds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.facialcds.scenario.PatientGenerator;
import org.junit.jupiter.api.Test;

/** The streamed one-line JSON is byte for byte the tree of recommendations.md written compactly. */
class EvaluationJsonStreamTest {

    @Test
    void whenGeneratedPatientsAreWritten_thenTheStreamedJsonEqualsTheTreeWrittenCompactly() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        PatientGenerator generator = new PatientGenerator(31);
        try (FacialCds cds = FacialCds.withBundledRules()) {
            for (int i = 0; i < 300; i++) {
                Evaluation e = cds.evaluate(generator.json(i));
                assertThat(EvaluationJson.toJson(e)).isEqualTo(mapper.writeValueAsString(EvaluationJson.tree(e)));
            }
        }
    }
}
