package org.facialcds.scenario;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.facialcds.facts.Code;
import org.facialcds.facts.Reason;
import org.facialcds.facts.Urgency;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads scenario files (YAML). A file holds one case ({@code name}, {@code patient}, {@code expect})
 * or several ({@code cases:}), which may extend a shared {@code base:} patient: each case's patient
 * is merged over the base, objects key by key, lists and values replaced, {@code null} removing a key.
 */
public final class ScenarioLoader {

    /** Limits on a scenario file (docs/safety.md): its size, and how deep it nests. */
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    public static final int MAX_NESTING_DEPTH = 64;

    /** Duplicate keys are errors; anchors and aliases are refused while reading (see {@link #loadFile}). */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_FILE_BYTES);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setMaxAliasesForCollections(1);
        options.setAllowDuplicateKeys(false);
        return options;
    }
    private static final Set<String> FILE_KEYS = Set.of("name", "source", "patient", "policy", "expect", "base", "cases", "description");
    private static final Set<String> CASE_KEYS = Set.of("name", "source", "patient", "policy", "expect", "description");
    private static final Set<String> EXPECT_KEYS = Set.of("present", "absent", "rules");
    private static final Set<String> ITEM_KEYS = Set.of("code", "reason", "urgency", "field", "level");

    private ScenarioLoader() {
    }

    /** Every {@code *.yaml} / {@code *.yml} file under these paths (files or directories), sorted. */
    public static List<Scenario> load(List<Path> paths) {
        List<Scenario> all = new ArrayList<>();
        for (Path file : files(paths)) all.addAll(loadFile(file));
        return all;
    }

    /**
     * The scenario files these paths name: each {@code *.yaml}/{@code *.yml} under a directory
     * (sorted), and each file given as is.
     *
     * @throws ScenarioException when a path does not exist
     */
    public static List<Path> files(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new ScenarioException(p + ": no such file or directory");
            }
        }
        return files;
    }

    public static List<Scenario> loadFile(Path file) {
        JsonNode root;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ScenarioException(file + ": " + size + " bytes; expected a scenario file of at most "
                        + MAX_FILE_BYTES + " bytes (4 MiB)");
            }
            try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
                root = YAML.readTree(new NoAliases(parser));
            }
        } catch (JsonProcessingException e) {
            throw new ScenarioException(file + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage());
        }
        String where = file.toString();
        if (root == null || !root.isObject()) throw new ScenarioException(where + ": expected a mapping at the top");
        checkKeys(root, FILE_KEYS, where);
        if (!root.has("cases")) return List.of(scenario(root, where, null));
        JsonNode cases = root.get("cases");
        if (!cases.isArray()) throw new ScenarioException(where + ": cases: expected a list");
        JsonNode base = root.get("base");
        List<Scenario> result = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            String caseWhere = where + ": cases[" + i + "]";
            if (!c.isObject()) throw new ScenarioException(caseWhere + ": expected a mapping");
            checkKeys(c, CASE_KEYS, caseWhere);
            result.add(scenario(c, caseWhere, base));
        }
        return result;
    }

    private static Scenario scenario(JsonNode node, String where, JsonNode base) {
        String name = text(node, "name", where);
        JsonNode patient = node.get("patient");
        if (patient == null && base == null) throw new ScenarioException(where + ": patient: required");
        if (patient != null && !patient.isObject()) throw new ScenarioException(where + ": patient: expected a mapping");
        JsonNode merged = base == null ? patient : merge(base.deepCopy(), patient);
        JsonNode expect = node.get("expect");
        if (expect == null || !expect.isObject()) throw new ScenarioException(where + ": expect: required mapping");
        checkKeys(expect, EXPECT_KEYS, where + ": expect");
        Map<String, Object> policy = new LinkedHashMap<>();
        if (node.has("policy")) {
            if (!node.get("policy").isObject()) throw new ScenarioException(where + ": policy: expected a mapping");
            node.get("policy").fields().forEachRemaining(e -> policy.put(e.getKey(), YAML.convertValue(e.getValue(), Object.class)));
        }
        List<String> rules = new ArrayList<>();
        if (expect.has("rules")) expect.get("rules").forEach(r -> rules.add(r.asText()));
        return new Scenario(name, where, merged, policy, expectations(expect.get("present"), where + ": expect.present"),
                expectations(expect.get("absent"), where + ": expect.absent"), rules);
    }

    private static List<Expectation> expectations(JsonNode list, String where) {
        List<Expectation> result = new ArrayList<>();
        if (list == null) return result;
        if (!list.isArray()) throw new ScenarioException(where + ": expected a list");
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String at = where + "[" + i + "]";
            if (item.isTextual()) {
                result.add(new Expectation(parse(Code.class, item.asText(), at), null, null, null, null));
            } else if (item.isObject()) {
                checkKeys(item, ITEM_KEYS, at);
                result.add(new Expectation(
                        parse(Code.class, text(item, "code", at), at + ".code"),
                        item.has("reason") ? parse(Reason.class, item.get("reason").asText(), at + ".reason") : null,
                        item.has("urgency") ? parse(Urgency.class, item.get("urgency").asText(), at + ".urgency") : null,
                        item.has("field") ? item.get("field").asText() : null,
                        item.has("level") ? item.get("level").asText() : null));
            } else {
                throw new ScenarioException(at + ": expected a code or a mapping with code");
            }
        }
        return result;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String where) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            String expected = Arrays.stream(type.getEnumConstants()).map(Enum::name)
                    .filter(n -> type != Code.class || Code.valueOf(n).isPublic()).collect(Collectors.joining(", "));
            throw new ScenarioException(where + ": unknown " + type.getSimpleName().toLowerCase() + " \"" + value
                    + "\"; expected one of " + expected);
        }
    }

    private static String text(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || !v.isValueNode()) throw new ScenarioException(where + ": " + key + ": required");
        return v.asText();
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new ScenarioException(where + ": unknown key \"" + key + "\"; expected one of " + allowed.stream().sorted().toList());
            }
        }
    }

    /**
     * Jackson reads a YAML alias ({@code *name}) as the text of its name, not as the anchored value, so
     * an alias would silently change a scenario; and alias bombs ("billion laughs") live on aliases.
     * Scenario files use {@code base:} instead: an alias is an error.
     */
    private static final class NoAliases extends JsonParserDelegate {
        NoAliases(JsonParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = delegate.nextToken();
            if (delegate instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                throw new JsonParseException(this, "alias *" + yaml.getText()
                        + " is not supported; repeat the value, or share it through base:");
            }
            return token;
        }
    }

    /** Merges {@code over} into {@code base}: objects key by key, anything else replaced, null removes. */
    static JsonNode merge(JsonNode base, JsonNode over) {
        if (over == null) return base;
        if (!(base instanceof ObjectNode target) || !over.isObject()) return over.deepCopy();
        over.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) target.remove(e.getKey());
            else target.set(e.getKey(), merge(target.get(e.getKey()), e.getValue()));
        });
        return target;
    }
}
