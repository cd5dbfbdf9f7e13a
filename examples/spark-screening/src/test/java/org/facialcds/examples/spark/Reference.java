package org.facialcds.examples.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.fhir.FhirMapping;
import org.facialcds.fhir.FhirPatientMapper;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/** What to compare: the recommendations of one patient as the Spark tables, {@code facial-cds batch} and the library give them. */
final class Reference {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recommendation, the columns of the recommendations table without the knowledge base. */
    record Rec(String code, String kind, String reason, String urgency, String field, List<String> ruleIds) {
    }

    /** One patient's result: evaluated (recommendations in order) or not (error). */
    record PatientResult(String patientId, List<Rec> recommendations, String error) {
    }

    private Reference() {
    }

    // ------------------------------------------------------------------ Spark's tables

    /** The recommendations table by patient, in position order. */
    static Map<String, List<Rec>> sparkRecommendations(SparkSession spark, Path out) {
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        for (Row r : spark.read().parquet(out.resolve("recommendations").toString()).collectAsList()) {
            rows.computeIfAbsent(r.getAs("patient_id"), k -> new ArrayList<>()).add(r);
        }
        Map<String, List<Rec>> byPatient = new LinkedHashMap<>();
        rows.forEach((id, list) -> {
            list.sort((a, b) -> Integer.compare(a.<Integer>getAs("position"), b.<Integer>getAs("position")));
            List<Rec> recs = new ArrayList<>();
            for (Row r : list) {
                recs.add(new Rec(r.getAs("code"), r.getAs("kind"), r.getAs("reason"), r.getAs("urgency"), r.getAs("field"),
                        r.getList(r.fieldIndex("rule_ids"))));
            }
            byPatient.put(id, recs);
        });
        return byPatient;
    }

    // ------------------------------------------------------------------ facial-cds batch output

    /** One result per line of {@code facial-cds batch} output (NDJSON), in input order. */
    static List<PatientResult> batchOutput(Path file) {
        List<PatientResult> results = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) continue;
                results.add(fromEvaluationJson(JSON.readTree(line)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return results;
    }

    private static PatientResult fromEvaluationJson(JsonNode root) {
        if (root.has("error")) {
            return new PatientResult(null, List.of(), root.get("line").asLong() + ": " + root.get("error").asText());
        }
        List<Rec> recs = new ArrayList<>();
        for (JsonNode r : root.path("recommendations")) {
            Set<String> rules = new LinkedHashSet<>();
            for (JsonNode b : r.path("because")) {
                if (b.path("rule").isTextual()) rules.add(b.get("rule").asText());
            }
            recs.add(new Rec(text(r, "code"), text(r, "kind"), text(r, "reason"), text(r, "urgency"), text(r, "field"),
                    List.copyOf(rules)));
        }
        return new PatientResult(text(root, "patientId"), recs, null);
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.get(field).asText() : null;
    }

    // ------------------------------------------------------------------ the library on a whole FHIR export

    /**
     * The library, in this JVM and without Spark, on a whole bulk export: every resource of every file (name
     * order, line order), then {@code map(all, patientId, asOf)} for each Patient: the library itself picks the
     * resources about that patient, as it does for a Bundle of several patients.
     */
    static Map<String, PatientResult> libraryOnWholeExport(FacialCds cds, Path export, LocalDate asOf) {
        List<Resource> all = new ArrayList<>();
        List<String> patients = new ArrayList<>();
        try (Stream<Path> files = Files.list(export)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
                if (lines.isEmpty() || InputFiles.resourceType(lines.get(0)) == null) continue; // e.g. log.ndjson
                for (String line : lines) {
                    Resource r = FhirPatientMapper.parseResource(line);
                    all.add(r);
                    if (r instanceof Patient) patients.add(r.getIdElement().getIdPart());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, PatientResult> results = new LinkedHashMap<>();
        for (String id : patients) {
            FhirMapping mapping = new FhirPatientMapper().map(all, id, asOf);
            Evaluation e = cds.evaluate(cds.read(mapping.patientFacts(), null));
            results.put(id, new PatientResult(id, e.recommendations().stream().map(r -> new Rec(r.code().name(),
                    r.kind() == null ? null : r.kind().name(), r.reason() == null ? null : r.reason().name(),
                    r.urgency() == null ? null : r.urgency().name(), r.field(), Outcomes.ruleIds(r))).toList(), null));
        }
        return results;
    }
}
