package org.facialcds.examples.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.facts.PatientFacts;
import org.facialcds.fhir.FhirMapping;
import org.facialcds.fhir.FhirPatientMapper;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * A FHIR R4 bulk export ({@code $export}: NDJSON, one file per resource type, one resource per line) screened
 * patient by patient. Each line is keyed by its patient ({@code Patient.id}, or the {@code Patient/id} its
 * {@code subject} or {@code patient} reference names, as the library reads it); Spark's shuffle
 * ({@code groupByKey}) brings each patient's resources together; each group is mapped to patient facts by
 * {@link FhirPatientMapper} and evaluated. {@code Medication} resources (no patient of their own, referenced
 * by {@code medicationReference}) are broadcast and joined to the groups that reference them. Lines about no
 * patient (Practitioner, Organization, ...) are counted and left out.
 *
 * <p>A line that is not a FHIR resource becomes an error row (file, line); a resource HAPI FHIR cannot read
 * as R4 puts its whole patient in the errors table (nothing is evaluated for a patient whose record could
 * only be read in part: a dropped MedicationRequest could drop a veto).
 */
final class FhirBulk {

    /** The key prefix of lines that name no patient we could read (never a FHIR id: ids are [A-Za-z0-9-.]). */
    static final String UNKEYED = "\u0000";

    /** Resource types with no patient of their own that a patient's resources reference and the mapping reads. */
    static final Set<String> SHARED_TYPES = Set.of("Medication");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One shared resource line (e.g. a Medication), broadcast to every executor. */
    record Shared(String file, long line, String json) implements Serializable {
    }

    /** What a run needs on the executors besides the lines. */
    record Settings(LocalDate asOf, boolean medicationListComplete) implements Serializable {
    }

    private FhirBulk() {
    }

    /**
     * One {@link Schemas#OUTCOME} row per patient (or per unreadable line).
     *
     * @param patientLines the lines of the patient resource files
     * @param shared the shared resources by {@code Type/id}
     * @param withoutPatient counts the lines about no patient
     */
    static Dataset<Row> outcomes(SparkSession spark, Dataset<Row> patientLines, Map<String, Shared> shared,
            Settings settings, LongAccumulator withoutPatient) {
        Broadcast<Map<String, Shared>> sharedOnExecutors = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(shared);
        Dataset<Row> keyed = patientLines.flatMap(
                (FlatMapFunction<Row, Row>) line -> key(line, withoutPatient), Schemas.resources());
        return keyed
                .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (patientId, rows) ->
                        evaluate(patientId, rows, settings, sharedOnExecutors.value()), Schemas.outcomes());
    }

    /** The shared resources of these lines (collected on the driver: a formulary, not a population), by {@code Type/id}. */
    static Map<String, Shared> shared(List<Row> lines) {
        Map<String, Shared> byKey = new LinkedHashMap<>();
        for (Row line : lines) {
            try {
                JsonNode root = JSON.readTree(line.getString(2));
                String type = root.path("resourceType").asText("");
                String id = root.path("id").asText("");
                if (SHARED_TYPES.contains(type) && !id.isBlank()) {
                    byKey.putIfAbsent(type + "/" + id, new Shared(line.getString(0), line.getLong(1), line.getString(2)));
                }
            } catch (Exception e) {
                // an unreadable shared resource is missing for whoever references it; the mapping warns of it
            }
        }
        return byKey;
    }

    /** The line keyed by its patient; nothing for a resource about no patient; an UNKEYED problem when unreadable. */
    static Iterator<Row> key(Row line, LongAccumulator withoutPatient) {
        String file = line.getString(0);
        long n = line.getLong(1);
        String text = line.getString(2);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            return problem(file, n, "FCDS-0501: not FHIR JSON (" + firstLine(e.getMessage())
                    + "); expected one FHIR R4 resource per line");
        }
        if (root == null || !root.isObject() || !root.path("resourceType").isTextual()) {
            return problem(file, n, "FCDS-0501: not a FHIR resource; expected one JSON object with a resourceType per line");
        }
        String patient;
        if ("Patient".equals(root.get("resourceType").asText())) {
            patient = root.path("id").asText("").strip();
            if (patient.isEmpty()) {
                return problem(file, n, "FCDS-0504: a Patient without an id; expected Patient.id, which the export's"
                        + " other resources reference");
            }
        } else {
            patient = patientId(reference(root));
            if (patient == null) {
                if (withoutPatient != null) withoutPatient.add(1);
                return Collections.emptyIterator();
            }
        }
        return List.of(RowFactory.create(patient, file, n, text, null)).iterator();
    }

    private static Iterator<Row> problem(String file, long line, String problem) {
        return List.of(RowFactory.create(UNKEYED + file + ":" + line, file, line, null, problem)).iterator();
    }

    /** {@code subject.reference}, else {@code patient.reference}, as the library reads a resource's patient. */
    private static String reference(JsonNode root) {
        for (String name : List.of("subject", "patient")) {
            JsonNode ref = root.path(name).path("reference");
            if (ref.isTextual()) return ref.asText();
        }
        return null;
    }

    /**
     * The patient id a reference names: {@code Patient/123}, {@code https://host/fhir/Patient/123},
     * {@code Patient/123/_history/2} give {@code 123}; a {@code urn:} reference is kept as written; a reference
     * to anything else (a Group, a conditional reference) gives null.
     */
    static String patientId(String reference) {
        if (reference == null || reference.isBlank()) return null;
        String r = reference.strip();
        if (r.startsWith("urn:")) return r;
        int history = r.indexOf("/_history/");
        if (history >= 0) r = r.substring(0, history);
        if (r.indexOf('?') >= 0) return null;
        String[] parts = r.split("/");
        if (parts.length < 2 || !"Patient".equals(parts[parts.length - 2])) return null;
        String id = parts[parts.length - 1];
        return id.isEmpty() ? null : id;
    }

    /** One patient's resources (or unreadable lines) to outcome rows; never throws. */
    static Iterator<Row> evaluate(String key, Iterator<Row> rows, Settings settings, Map<String, Shared> shared) {
        List<Row> items = new ArrayList<>();
        rows.forEachRemaining(items::add);
        items.sort(Comparator.comparing((Row r) -> r.getString(1)).thenComparingLong(r -> r.getLong(2)));
        if (key.startsWith(UNKEYED)) {
            List<Row> failed = new ArrayList<>(items.size());
            for (Row r : items) failed.add(Outcomes.failed(null, r.getString(1), r.getLong(2), r.getString(4)));
            return failed.iterator();
        }
        return List.of(evaluate(key, items, settings, shared)).iterator();
    }

    private record Line(String file, long line, Resource resource) {
    }

    private static Row evaluate(String patientId, List<Row> items, Settings settings, Map<String, Shared> shared) {
        List<Line> lines = new ArrayList<>(items.size());
        for (Row r : items) {
            try {
                lines.add(new Line(r.getString(1), r.getLong(2), FhirPatientMapper.parseResource(r.getString(3))));
            } catch (RuntimeException e) {
                return Outcomes.failed(patientId, r.getString(1), r.getLong(2), Outcomes.reason(e));
            }
        }
        // The patient's own line is the source the patients table names; without one, the first line.
        Line source = lines.stream().filter(l -> l.resource() instanceof Patient).findFirst().orElse(lines.get(0));
        try {
            lines = withShared(lines, shared);
            List<Resource> resources = new ArrayList<>(lines.size());
            for (Line l : lines) resources.add(l.resource());
            FhirMapping mapping = new FhirPatientMapper().map(resources, patientId, settings.asOf(),
                    settings.medicationListComplete());
            FacialCds cds = Engines.get();
            PatientFacts facts = cds.read(mapping.patientFacts(), null);
            Evaluation e = cds.evaluate(facts);
            return Outcomes.evaluated(patientId, source.file(), source.line(), facts, e, mapping.warnings());
        } catch (RuntimeException e) {
            return Outcomes.failed(patientId, source.file(), source.line(), Outcomes.reason(e));
        }
    }

    /** The lines plus the shared resources they reference, all in (file, line) order as a sequential reader meets them. */
    private static List<Line> withShared(List<Line> lines, Map<String, Shared> shared) {
        if (shared.isEmpty()) return lines;
        Map<String, Shared> referenced = new HashMap<>();
        for (Line l : lines) {
            String key = medicationKey(l.resource());
            if (key != null && shared.containsKey(key)) referenced.put(key, shared.get(key));
        }
        if (referenced.isEmpty()) return lines;
        List<Line> all = new ArrayList<>(lines);
        for (Shared s : referenced.values()) {
            all.add(new Line(s.file(), s.line(), FhirPatientMapper.parseResource(s.json())));
        }
        all.sort(Comparator.comparing(Line::file).thenComparingLong(Line::line));
        return all;
    }

    /** {@code Medication/id} of a medication resource's {@code medicationReference}, or null. */
    private static String medicationKey(Resource resource) {
        Type medication = null;
        if (resource instanceof MedicationRequest r) medication = r.getMedication();
        else if (resource instanceof MedicationStatement r) medication = r.getMedication();
        else if (resource instanceof MedicationDispense r) medication = r.getMedication();
        else if (resource instanceof MedicationAdministration r) medication = r.getMedication();
        if (!(medication instanceof Reference ref) || !ref.hasReference()) return null;
        String id = ref.getReferenceElement().getIdPart();
        return id == null ? null : "Medication/" + id;
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
    }
}
