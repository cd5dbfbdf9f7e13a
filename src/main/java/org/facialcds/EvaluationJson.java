package org.facialcds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Writes an {@link Evaluation} as the JSON of recommendations.md (what {@code facial-cds evaluate
 * --format json} prints): null fields and empty lists or objects are left out, dates are ISO-8601,
 * and the decision-support disclaimer closes every object. {@code firedRules} is not part of it.
 */
public final class EvaluationJson {

    /** Configured once; the tree below fixes field order and leaves out what is absent. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private EvaluationJson() {
    }

    /** The evaluation as one line of JSON (one NDJSON record). */
    public static String toJson(Evaluation evaluation) {
        return write(COMPACT, evaluation);
    }

    /** The evaluation as indented JSON, for people. */
    public static String toPrettyJson(Evaluation evaluation) {
        return write(PRETTY, evaluation);
    }

    private static String write(ObjectWriter writer, Evaluation evaluation) {
        try {
            return writer.writeValueAsString(tree(evaluation));
        } catch (JsonProcessingException e) {
            // A tree of strings cannot fail to serialise; this would be a bug here.
            throw new IllegalStateException("cannot write the evaluation as JSON", e);
        }
    }

    static ObjectNode tree(Evaluation e) {
        ObjectNode root = MAPPER.createObjectNode();
        put(root, "patientId", e.patientId());
        put(root, "asOf", e.asOf() == null ? null : e.asOf().toString());
        KnowledgeBaseInfo kb = e.knowledgeBase();
        if (kb != null) {
            ObjectNode node = MAPPER.createObjectNode();
            put(node, "name", kb.name());
            put(node, "version", kb.version());
            put(node, "sha256", kb.sha256());
            set(root, "knowledgeBase", node);
        }
        ObjectNode engine = MAPPER.createObjectNode();
        put(engine, "version", e.engineVersion());
        set(root, "engine", engine);
        ArrayNode recommendations = MAPPER.createArrayNode();
        for (Recommendation r : e.recommendations()) {
            recommendations.add(recommendation(r));
        }
        set(root, "recommendations", recommendations);
        set(root, "warnings", strings(e.warnings()));
        root.put("disclaimer", Evaluation.DISCLAIMER);
        return root;
    }

    private static ObjectNode recommendation(Recommendation r) {
        ObjectNode node = MAPPER.createObjectNode();
        put(node, "code", r.code() == null ? null : r.code().name());
        put(node, "kind", r.kind() == null ? null : r.kind().name());
        put(node, "title", r.title());
        put(node, "detail", r.detail());
        Evidence evidence = r.evidence();
        if (evidence != null) {
            ObjectNode ev = MAPPER.createObjectNode();
            put(ev, "level", evidence.level());
            put(ev, "scheme", evidence.scheme());
            set(ev, "sources", strings(evidence.sources()));
            set(node, "evidence", ev);
        }
        put(node, "urgency", r.urgency() == null ? null : r.urgency().name());
        put(node, "reason", r.reason() == null ? null : r.reason().name());
        put(node, "field", r.field());
        set(node, "cautions", strings(r.cautions()));
        ArrayNode because = MAPPER.createArrayNode();
        for (Because b : r.because()) {
            ObjectNode step = MAPPER.createObjectNode();
            put(step, "rule", b.rule());
            put(step, "file", b.file());
            set(step, "facts", strings(b.facts()));
            set(step, "from", strings(b.from()));
            put(step, "concludes", b.concludes());
            set(because, step);
        }
        set(node, "because", because);
        return node;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        if (values != null) {
            values.forEach(array::add);
        }
        return array;
    }

    private static void put(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    /** Adds an object or list unless it is empty. */
    private static void set(ObjectNode node, String name, JsonNode value) {
        if (!value.isEmpty()) {
            node.set(name, value);
        }
    }

    private static void set(ArrayNode array, ObjectNode value) {
        if (!value.isEmpty()) {
            array.add(value);
        }
    }
}
