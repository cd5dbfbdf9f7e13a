package org.facialcds.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.InvalidInputException;
import org.facialcds.cli.Main;
import org.facialcds.facts.InputProblem;
import org.facialcds.facts.PatientFacts;
import org.facialcds.facts.PatientJson;
import org.facialcds.scenario.Scenario;
import org.facialcds.scenario.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the patient-facts JSON reader (FacialCds.read, and the CLI that calls it): random and mutated
 * documents, wrong types, huge numbers, deep nesting, 10 MB strings, invalid UTF-8, duplicate keys.
 * Each input must end in facts that evaluate or in one InvalidInputException naming JSON paths, within
 * seconds, without another exception type or an OutOfMemoryError; the engine answers the same afterwards.
 * Fixed seeds in CI; {@code -Dfacialcds.fuzz=N -Dfacialcds.seed=random} for longer runs (docs/safety.md).
 */
class PatientJsonFuzzTest {

    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final Duration LIMIT = Duration.ofSeconds(20);
    static final int MIB = 1024 * 1024;

    static FacialCds cds;
    static String reference;
    static List<String> referenceResult;

    @BeforeAll
    static void setUp() throws IOException {
        cds = Safety.cds();
        reference = Files.readString(Path.of("examples/patients/v13-beb-normal-mri.json"));
        referenceResult = SafetyPropertiesTest.signature(cds.evaluate(cds.read(reference, null)));
    }

    /** The outcome of one input: facts that evaluate, or invalid input with paths. Anything else fails. */
    static String outcome(String json) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            try {
                PatientFacts facts = cds.read(json, null);
                Evaluation e = cds.evaluate(facts);
                assertThat(e.recommendations()).isNotNull();
                return "evaluated";
            } catch (InvalidInputException e) {
                assertThat(e.getMessage()).startsWith("FCDS-0101: invalid patient input");
                assertThat(e.problems()).isNotEmpty();
                for (InputProblem p : e.problems()) {
                    assertThat(p.path()).startsWith("$");
                    assertThat(p.message()).isNotBlank().doesNotContain("\tat ").hasSizeLessThan(2000);
                }
                return "invalid";
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                return fail("input of " + json.length() + " characters ended in " + e + "; input starts: "
                        + json.substring(0, Math.min(300, json.length())), e);
            }
        }, () -> "no answer within " + LIMIT + " for " + json.substring(0, Math.min(300, json.length())));
    }

    static void engineStillAnswers() {
        assertThat(SafetyPropertiesTest.signature(cds.evaluate(cds.read(reference, null))))
                .as("the reference patient after fuzzing").isEqualTo(referenceResult);
    }

    // ---- fixed hostile inputs -------------------------------------------------------------------

    @Test
    void whenHostileDocuments_thenClearErrorEachTime() {
        String deepArray = "[".repeat(100_000) + "]".repeat(100_000);
        String deepField = "{\"id\":\"x\",\"twitching\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000) + "}";
        String tenMegId = "{\"id\":\"" + "x".repeat(10 * MIB) + "\"}";
        String tenMegKey = "{\"" + "k".repeat(10 * MIB) + "\":1}";
        List<String> inputs = List.of(
                "", " ", "null", "0", "\"text\"", "[]", "{", "}", "{\"id\":", "{\"id\":\"x\"", "{}{}", "{} x",
                "{\"age\":1e309}", "{\"age\":-1e309}", "{\"age\":99999999999999999999999999999}",
                "{\"age\":" + "9".repeat(5000) + "}", "{\"labs\":{\"egfr\":1e-400}}", "{\"labs\":{\"egfr\":NaN}}",
                "{\"labs\":{\"egfr\":-0.0}}", "{\"age\":40.0}", "{\"age\":40.5}", "{\"age\":\"40\"}",
                "{\"twitching\":{\"durationDays\":2147483648}}", "{\"twitching\":{\"durationDays\":-1}}",
                "{\"age\":40,\"age\":41}", "{\"twitching\":{\"movement\":\"FINE_FLICKER\",\"movement\":\"FINE_FLICKER\"}}",
                "{\"asOf\":\"2026-02-30\"}", "{\"asOf\":\"+999999999-12-31\"}", "{\"asOf\":\"26-11-2026\"}",
                "{\"asOf\":\"0000-01-01\",\"age\":1}", "{\"asOf\":\"9999-12-31\",\"birthDate\":\"0001-01-01\"}",
                "{\"id\":\"\\ud800\"}", "{\"id\":\"\u0000\u001f\"}", "{\"\\u0000\":1}", "{\"sex\":\"female\"}",
                "{\"conditions\":[null]}", "{\"conditions\":{}}", "{\"medications\":[{}]}", "{\"medications\":[[]]}",
                "{\"imaging\":[{\"modality\":\"MRI\"}]}", "{\"imaging\":[{\"status\":\"DONE\",\"modality\":\"PET\"}]}",
                "{\"twitching\":{\"regions\":[null,1,\"CHEEK\",[],{}]}}", "{\"exam\":[]}", "{\"history\":\"none\"}",
                "/* comment */ {}", "{'id':'x'}", "{id:1}", "{\"id\":1,}", "\uFEFF{}", "{\"id\":\"x\"}\u0000",
                deepArray, deepField, tenMegId, tenMegKey, "[" + "1,".repeat(2_000_000) + "1]",
                "{" + "\"a\":1,".repeat(300_000) + "\"b\":2}");
        for (String input : inputs) {
            String result = outcome(input);
            assertThat(result).isIn("evaluated", "invalid");
        }
        engineStillAnswers();
    }

    @Test
    void whenDocumentIsOverOneMebibyte_thenRejectedUpFrontByPath() {
        String big = "{\"id\":\"" + "x".repeat(MIB) + "\"}";
        try {
            cds.read(big, null);
            fail("a document over 1 MiB was read");
        } catch (InvalidInputException e) {
            assertThat(e.problems()).hasSize(1);
            assertThat(e.problems().get(0).path()).isEqualTo("$");
            assertThat(e.problems().get(0).message()).contains("1 MiB");
        }
    }

    @Test
    void whenNestedDeeperThanTheLimit_thenRejectedWhileParsing() {
        int depth = PatientJson.MAX_NESTING_DEPTH;
        String deep = "{\"twitching\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        assertThat(outcome(deep)).isEqualTo("invalid");
        try {
            cds.read(deep, null);
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).contains("nesting depth");
        }
    }

    @Test
    void whenStringOverTheLimit_thenRejectedWhileParsing() {
        try {
            cds.read("{\"id\":\"" + "x".repeat(PatientJson.MAX_STRING_CHARS + 1) + "\"}", null);
            fail("a string over the limit was read");
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).contains("String value length");
        }
    }

    @Test
    void whenDuplicateKey_thenInvalidNamingIt() {
        try {
            cds.read("{\"age\":40,\"age\":41}", null);
            fail("duplicate key accepted");
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).contains("age");
        }
    }

    // ---- random and mutated documents ------------------------------------------------------------

    /** Random JSON values of every type, as text. */
    static JsonNode randomValue(Random r, int depth) {
        int kind = r.nextInt(depth > 4 ? 6 : 8);
        return switch (kind) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(r.nextBoolean());
            case 2 -> F.numberNode(r.nextInt(400) - 50);
            case 3 -> F.numberNode(hugeOrOdd(r));
            case 4 -> F.textNode(randomText(r));
            case 5 -> F.textNode(pick(r, ENUM_WORDS));
            case 6 -> {
                ArrayNode a = F.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) a.add(randomValue(r, depth + 1));
                yield a;
            }
            default -> {
                ObjectNode o = F.objectNode();
                for (int i = r.nextInt(5); i > 0; i--) o.set(pick(r, FIELD_NAMES), randomValue(r, depth + 1));
                yield o;
            }
        };
    }

    static final String[] FIELD_NAMES = {"id", "asOf", "age", "birthDate", "sex", "pregnant", "twitching", "exam",
        "history", "conditions", "medications", "labs", "lifestyle", "imaging", "mriSafety", "eeg", "preferences",
        "laterality", "regions", "movement", "onsetDate", "durationDays", "neuroExam", "code", "system", "name",
        "classes", "startDate", "endDate", "route", "modality", "status", "findings", "egfr", "facialPalsy",
        "botulinumToxin", "lastInjectionDate", "unknownField"};
    static final String[] ENUM_WORDS = {"FEMALE", "MALE", "UNILATERAL_LEFT", "BILATERAL_SYNCHRONOUS", "PERIOCULAR",
        "FINE_FLICKER", "NORMAL", "MRI", "DONE", "OPIOID", "MYASTHENIA_GRAVIS", "DEPOT", "2026-11-26", "2026-13-01",
        "", " ", "null", "true"};

    static double hugeOrOdd(Random r) {
        double[] odd = {1e308, -1e308, Double.MIN_VALUE, 0.1, 59.999999, 400.0000001, 6.9999999, 1e15, -0.0};
        return odd[r.nextInt(odd.length)];
    }

    static String randomText(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            int c = r.nextInt(10) == 0 ? r.nextInt(0x10FFFF) : 0x20 + r.nextInt(0x5f);
            if (Character.isSurrogate((char) c)) c = '?';
            s.appendCodePoint(c);
        }
        return s.toString();
    }

    static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    /** One mutation of a valid document: a value of the wrong type, a removed or added field, or odd text. */
    static JsonNode mutate(JsonNode doc, Random r) {
        JsonNode copy = doc.deepCopy();
        List<JsonNode> containers = new ArrayList<>();
        collect(copy, containers);
        JsonNode target = containers.get(r.nextInt(containers.size()));
        if (target instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(r.nextInt(names.size()));
            switch (r.nextInt(4)) {
                case 0 -> o.set(name, randomValue(r, 3));
                case 1 -> o.remove(name);
                case 2 -> o.set(pick(r, FIELD_NAMES), randomValue(r, 3));
                default -> o.put(name, r.nextBoolean() ? "x".repeat(r.nextInt(100_000)) : randomText(r));
            }
        } else if (target instanceof ArrayNode a) {
            if (a.size() > 0 && r.nextBoolean()) a.set(r.nextInt(a.size()), randomValue(r, 3));
            else a.add(randomValue(r, 3));
        }
        return copy;
    }

    static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) out.add(node);
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) collect(it.next(), out);
    }

    /** Character-level damage: truncation, a deleted or inserted or doubled character. */
    static String damage(String text, Random r) {
        if (text.isEmpty()) return "{";
        int at = r.nextInt(text.length());
        String inserts = "{}[]\",:\\0-e.nulltrue\u0000\uFFFF";
        return switch (r.nextInt(4)) {
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + text.substring(at + 1);
            case 2 -> text.substring(0, at) + inserts.charAt(r.nextInt(inserts.length())) + text.substring(at);
            default -> text.substring(0, at) + text.substring(at, Math.min(text.length(), at + 20)) + text.substring(at);
        };
    }

    /** The example patients and every scenario patient: valid documents to mutate. */
    static List<JsonNode> validDocuments() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("examples/patients"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                docs.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(p)));
            }
        }
        for (Scenario s : ScenarioLoader.load(List.of(Path.of("rules/scenarios")))) {
            docs.add(s.patient());
        }
        return docs;
    }

    @Test
    void whenRandomAndMutatedDocuments_thenFactsOrInvalidInput() throws IOException {
        Random r = new Random(Safety.fuzzSeed(8_001L));
        int n = Safety.fuzzIterations(300);
        List<JsonNode> docs = validDocuments();
        int evaluated = 0;
        int invalid = 0;
        for (int i = 0; i < n; i++) {
            String input = switch (i % 4) {
                case 0 -> randomValue(r, 0).toString();
                case 1 -> mutate(docs.get(r.nextInt(docs.size())), r).toString();
                case 2 -> damage(docs.get(r.nextInt(docs.size())).toString(), r);
                default -> damage(mutate(mutate(docs.get(r.nextInt(docs.size())), r), r).toString(), r);
            };
            if (outcome(input).equals("evaluated")) evaluated++;
            else invalid++;
        }
        System.out.printf("patient JSON fuzz: %d inputs, %d evaluated, %d invalid%n", n, evaluated, invalid);
        assertThat(evaluated + invalid).isEqualTo(n);
        engineStillAnswers();
    }

    // ---- the CLI: no stack trace to the user -------------------------------------------------------

    static final class Cli {
        final int code;
        final String out;
        final String err;

        Cli(byte[] stdin, String... args) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            int c;
            try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
                 PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
                // the command compiles the rules first: a generous limit, still far from a hang
                c = assertTimeoutPreemptively(Duration.ofSeconds(180),
                        () -> Main.run(new ByteArrayInputStream(stdin), po, pe, args));
            }
            this.code = c;
            this.out = o.toString(StandardCharsets.UTF_8);
            this.err = e.toString(StandardCharsets.UTF_8);
        }
    }

    static void assertCleanCliError(Cli cli) {
        assertThat(cli.code).as("exit code; stderr %s", cli.err).isIn(Main.EXIT_OK, Main.EXIT_INVALID);
        assertThat(cli.err).doesNotContain("\tat ").doesNotContain("Exception in thread")
                .doesNotContain("internal error");
        for (String line : cli.err.lines().toList()) {
            assertThat(line).startsWith("facial-cds:");
        }
    }

    @Test
    void whenCliReadsHostileBytes_thenOneLineErrorsAndNoStackTrace(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Random r = new Random(Safety.fuzzSeed(8_002L));
        byte[] reference = Files.readAllBytes(Path.of("examples/patients/v01-eyelid-myokymia-caffeine.json"));
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(new byte[0]);
        inputs.add(new byte[] {(byte) 0xC3, (byte) 0x28}); // invalid UTF-8
        inputs.add(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
        inputs.add(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // an encoded surrogate
        inputs.add("{\"id\":\"x\",\"id\":\"y\"}".getBytes(StandardCharsets.UTF_8));
        inputs.add(("{\"id\":\"" + "x".repeat(10 * MIB) + "\"}").getBytes(StandardCharsets.UTF_8));
        inputs.add(("[".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < Math.max(20, Safety.fuzzIterations(300) / 10); i++) {
            byte[] b = reference.clone();
            for (int k = 1 + r.nextInt(3); k > 0; k--) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            inputs.add(b);
        }
        // one invocation (one rule compilation) reads up to 50 files; the reference patient comes last in each
        Path fine = dir.resolve("reference.json");
        Files.write(fine, reference);
        StringBuilder errors = new StringBuilder();
        for (int from = 0; from < inputs.size(); from += 50) {
            List<String> args = new ArrayList<>(List.of("evaluate", "--rules", "rules", "--format", "json"));
            for (int i = from; i < Math.min(inputs.size(), from + 50); i++) {
                Path file = dir.resolve("input-" + i + ".json");
                Files.write(file, inputs.get(i));
                args.add(file.toString());
            }
            args.add(fine.toString());
            Cli cli = new Cli(new byte[0], args.toArray(String[]::new));
            assertCleanCliError(cli);
            assertThat(cli.out.lines().filter(l -> l.contains("\"recommendations\"")).count())
                    .as("results on standard output").isGreaterThanOrEqualTo(1);
            errors.append(cli.err);
        }
        assertThat(errors.toString()).contains("input-1.json").contains("not UTF-8");
        // standard input, too
        assertCleanCliError(new Cli(new byte[] {(byte) 0xC3, (byte) 0x28}, "evaluate", "--rules", "rules", "-"));
        engineStillAnswers();
    }
}
