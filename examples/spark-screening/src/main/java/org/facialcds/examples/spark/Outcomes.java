package org.facialcds.examples.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.facialcds.Because;
import org.facialcds.Evaluation;
import org.facialcds.FacialCdsException;
import org.facialcds.InvalidInputException;
import org.facialcds.KnowledgeBaseInfo;
import org.facialcds.Recommendation;
import org.facialcds.facts.InputProblem;
import org.facialcds.facts.Medication;
import org.facialcds.facts.PatientFacts;

/** Evaluations and failures as {@link Schemas#OUTCOME} rows; the error texts are those of {@code facial-cds batch}. */
final class Outcomes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Outcomes() {
    }

    /** An evaluated patient. {@code extraWarnings} (e.g. the FHIR mapping's) come before the evaluation's. */
    static Row evaluated(String patientId, String file, Long line, PatientFacts facts, Evaluation e,
            List<String> extraWarnings) {
        List<Row> recommendations = new ArrayList<>(e.recommendations().size());
        Set<String> codes = new LinkedHashSet<>();
        int position = 0;
        for (Recommendation r : e.recommendations()) {
            codes.add(r.code().name());
            recommendations.add(RowFactory.create(position++, r.code().name(),
                    r.kind() == null ? null : r.kind().name(),
                    r.reason() == null ? null : r.reason().name(),
                    r.urgency() == null ? null : r.urgency().name(),
                    r.field(), seq(ruleIds(r))));
        }
        List<String> warnings = new ArrayList<>(extraWarnings);
        warnings.addAll(e.warnings());
        List<Row> current = new ArrayList<>();
        for (Medication m : facts.medications()) {
            if (!m.current()) continue;
            List<String> classes = m.classes().stream().map(Enum::name).sorted().toList();
            current.add(RowFactory.create(m.name(), m.code(), seq(classes)));
        }
        KnowledgeBaseInfo kb = e.knowledgeBase();
        return RowFactory.create(patientId, file, line, e.asOf() == null ? null : Date.valueOf(e.asOf()), null,
                seq(recommendations), seq(new ArrayList<>(codes)), seq(warnings), seq(e.firedRules()), seq(current),
                kb.name(), kb.version(), kb.sha256());
    }

    /** A patient or line that could not be evaluated: nothing was evaluated for it. */
    static Row failed(String patientId, String file, Long line, String reason) {
        return RowFactory.create(patientId, file, line, null, reason, null, null, null, null, null, null, null, null);
    }

    /** Spark's row encoder takes arrays as Scala sequences. */
    static <T> scala.collection.immutable.Seq<T> seq(List<T> values) {
        return scala.jdk.javaapi.CollectionConverters.asScala(values).toList();
    }

    /** The rule ids of a recommendation's reasoning, in order, each once. */
    static List<String> ruleIds(Recommendation r) {
        Set<String> ids = new LinkedHashSet<>();
        for (Because b : r.because()) {
            if (b.rule() != null) ids.add(b.rule());
        }
        return new ArrayList<>(ids);
    }

    /** The one-line reason {@code facial-cds batch} writes for an input it could not evaluate. */
    static String reason(RuntimeException e) {
        if (e instanceof InvalidInputException invalid) {
            StringBuilder s = new StringBuilder(invalid.code()).append(" invalid patient input: ");
            int n = 0;
            for (InputProblem p : invalid.problems()) s.append(n++ == 0 ? "" : "; ").append(p);
            return s.toString();
        }
        if (e instanceof FacialCdsException known) {
            return known.getMessage().lines().findFirst().orElse(known.code());
        }
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return "internal error: " + text.lines().findFirst().orElse(text);
    }

    /** The {@code id} of a patient-facts line that failed validation, when it has one (the errors table's key). */
    static String idOf(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            return root != null && root.path("id").isTextual() ? root.get("id").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
