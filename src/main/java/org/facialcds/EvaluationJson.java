package org.facialcds;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/**
 * Writes an {@link Evaluation} as the JSON of recommendations.md (what {@code facial-cds evaluate
 * --format json} prints): null fields and empty lists or objects are left out, dates are ISO-8601,
 * and the decision-support disclaimer closes every object. {@code firedRules} is not part of it.
 */
public final class EvaluationJson {

    /** Configured once; the tree below fixes field order and leaves out what is absent. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY = MAPPER.writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private EvaluationJson() {
    }

    /**
     * The evaluation as one line of JSON (one NDJSON record). Streamed straight to text (no tree):
     * the same bytes as {@link #tree} written compactly, at a fraction of the cost in a batch.
     */
    public static String toJson(Evaluation evaluation) {
        StringWriter text = new StringWriter(4096);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(text)) {
            stream(g, evaluation);
        } catch (IOException e) {
            // Writing strings to a StringWriter cannot fail; this would be a bug here.
            throw new IllegalStateException("cannot write the evaluation as JSON", e);
        }
        return text.toString();
    }

    /** Streams what {@link #tree} builds, leaving out the same null fields and empty lists or objects. */
    private static void stream(JsonGenerator g, Evaluation e) throws IOException {
        g.writeStartObject();
        field(g, "patientId", e.patientId());
        field(g, "asOf", e.asOf() == null ? null : e.asOf().toString());
        KnowledgeBaseInfo kb = e.knowledgeBase();
        if (kb != null && (kb.name() != null || kb.version() != null || kb.sha256() != null)) {
            g.writeObjectFieldStart("knowledgeBase");
            field(g, "name", kb.name());
            field(g, "version", kb.version());
            field(g, "sha256", kb.sha256());
            g.writeEndObject();
        }
        if (e.engineVersion() != null) {
            g.writeObjectFieldStart("engine");
            g.writeStringField("version", e.engineVersion());
            g.writeEndObject();
        }
        if (e.recommendations().stream().anyMatch(EvaluationJson::hasContent)) {
            g.writeArrayFieldStart("recommendations");
            for (Recommendation r : e.recommendations()) {
                if (hasContent(r)) recommendation(g, r);
            }
            g.writeEndArray();
        }
        strings(g, "warnings", e.warnings());
        g.writeStringField("disclaimer", Evaluation.DISCLAIMER);
        g.writeEndObject();
    }

    private static void recommendation(JsonGenerator g, Recommendation r) throws IOException {
        g.writeStartObject();
        field(g, "code", r.code() == null ? null : r.code().name());
        field(g, "kind", r.kind() == null ? null : r.kind().name());
        field(g, "title", r.title());
        field(g, "detail", r.detail());
        Evidence evidence = r.evidence();
        if (evidence != null && (evidence.level() != null || evidence.scheme() != null || notEmpty(evidence.sources()))) {
            g.writeObjectFieldStart("evidence");
            field(g, "level", evidence.level());
            field(g, "scheme", evidence.scheme());
            strings(g, "sources", evidence.sources());
            g.writeEndObject();
        }
        field(g, "urgency", r.urgency() == null ? null : r.urgency().name());
        field(g, "reason", r.reason() == null ? null : r.reason().name());
        field(g, "field", r.field());
        strings(g, "cautions", r.cautions());
        if (r.because().stream().anyMatch(EvaluationJson::hasContent)) {
            g.writeArrayFieldStart("because");
            for (Because b : r.because()) {
                if (!hasContent(b)) continue;
                g.writeStartObject();
                field(g, "rule", b.rule());
                field(g, "file", b.file());
                strings(g, "facts", b.facts());
                strings(g, "from", b.from());
                field(g, "concludes", b.concludes());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static boolean hasContent(Recommendation r) {
        Evidence ev = r.evidence();
        return r.code() != null || r.kind() != null || r.title() != null || r.detail() != null
                || (ev != null && (ev.level() != null || ev.scheme() != null || notEmpty(ev.sources())))
                || r.urgency() != null || r.reason() != null || r.field() != null || notEmpty(r.cautions())
                || r.because().stream().anyMatch(EvaluationJson::hasContent);
    }

    private static boolean hasContent(Because b) {
        return b.rule() != null || b.file() != null || notEmpty(b.facts()) || notEmpty(b.from()) || b.concludes() != null;
    }

    private static boolean notEmpty(List<String> values) {
        return values != null && !values.isEmpty();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) g.writeStringField(name, value);
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (!notEmpty(values)) return;
        g.writeArrayFieldStart(name);
        for (String v : values) {
            if (v == null) g.writeNull(); else g.writeString(v);
        }
        g.writeEndArray();
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
