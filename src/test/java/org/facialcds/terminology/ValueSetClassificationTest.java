package org.facialcds.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.facialcds.facts.ConditionName;
import org.facialcds.facts.DrugClass;
import org.junit.jupiter.api.Test;

/**
 * Classifies the real CDC opioid-CDS value sets (RxNorm SCD/SBD codes with their displays) and the
 * SMART Synthea bundles, and checks the curated rows against the fixtures they cite.
 */
class ValueSetClassificationTest {

    private static final Path FIXTURES = Paths.get("..", "shared", "fixtures");
    private static final Path VALUESETS = FIXTURES.resolve("valuesets");
    private static final String BENZODIAZEPINES = "cdc-opioid-cds-benzodiazepine-medications.json";
    private static final String OPIOIDS = "cdc-opioid-cds-opioid-analgesics-with-ambulatory-misuse-potential.json";
    private static final String SUBSTANCE_MISUSE = "cdc-opioid-cds-conditions-documenting-substance-misuse.json";
    private static final String SLEEP_BREATHING = "cdc-opioid-cds-conditions-documenting-sleep-disordered-breathing.json";
    private static final String PAMA_REASONS = "cds-hooks-sandbox-pama-reason-codes.json";
    private static final double REQUIRED_SHARE = 0.99;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Terminology terminology = Terminology.bundled();

    private record Concept(String system, String code, String display) {
    }

    @Test
    void whenCdcBenzodiazepineValueSetClassified_thenAtLeast99PercentBenzodiazepineAndNoneOpioid() throws IOException {
        List<Concept> concepts = expansion(BENZODIAZEPINES);
        assertClassifiedAs(concepts, DrugClass.BENZODIAZEPINE, DrugClass.OPIOID, "benzodiazepine-medications");
    }

    @Test
    void whenCdcOpioidValueSetClassified_thenAtLeast99PercentOpioidAndNoneBenzodiazepine() throws IOException {
        List<Concept> concepts = expansion(OPIOIDS);
        assertClassifiedAs(concepts, DrugClass.OPIOID, DrugClass.BENZODIAZEPINE, "opioid-analgesics");
    }

    private void assertClassifiedAs(List<Concept> concepts, DrugClass expected, DrugClass other, String label) {
        List<String> misses = new ArrayList<>();
        List<String> crossed = new ArrayList<>();
        for (Concept c : concepts) {
            Set<DrugClass> classes = terminology.drugClasses(c.system(), c.code(), c.display());
            if (!classes.contains(expected)) {
                misses.add(c.code() + " " + c.display() + " -> " + classes);
            }
            // only a true combination product (several ingredients) may carry both classes
            if (classes.contains(other) && !c.display().contains(" / ")) {
                crossed.add(c.code() + " " + c.display() + " -> " + classes);
            }
        }
        int n = concepts.size();
        int correct = n - misses.size();
        double share = (double) correct / n;
        System.out.printf(Locale.ROOT, "[terminology] CDC %s: n=%d, correct=%d (%.1f%%) as %s%n",
                label, n, correct, 100 * share, expected);
        misses.forEach(m -> System.out.println("[terminology]   missed: " + m));
        assertThat(n).as("expansion size").isPositive();
        assertThat(share).as("share classified %s; missed %s", expected, misses).isGreaterThanOrEqualTo(REQUIRED_SHARE);
        assertThat(crossed).as("single-ingredient products classified as %s", other).isEmpty();
    }

    @Test
    void whenEveryRxnormRowLookedUpByCodeAlone_thenItsListedClasses() throws IOException {
        List<String[]> rows = dataRows(Terminology.RXNORM_FILE);
        assertThat(rows).isNotEmpty();
        for (String[] row : rows) {
            String rxcui = row[0];
            Set<DrugClass> listed = "-".equals(row[3]) ? Set.of() : parseClasses(row[3]);
            assertThat(terminology.drugClasses(Terminology.RXNORM, rxcui, null)).as(rxcui).isEqualTo(listed);
            assertThat(terminology.knows(Terminology.RXNORM, rxcui)).as(rxcui).isTrue();
            assertThat(terminology.ingredient(Terminology.RXNORM, rxcui, null)).as(rxcui).contains(row[2]);
        }
        System.out.printf(Locale.ROOT, "[terminology] rxnorm.tsv: %d codes classify by code alone%n", rows.size());
    }

    @Test
    void whenSmartSyntheaBundlesRead_thenBrandLevelBenzodiazepineCodesClassifyByCodeAlone() throws IOException {
        Path dir = FIXTURES.resolve("fhir").resolve("smart-generated-sample-data-r4-synthea");
        assumeTrue(Files.isDirectory(dir), "fixtures absent: " + dir.toAbsolutePath());
        Map<String, String> rxnorm = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                collectRxnorm(JSON.readTree(file.toFile()), rxnorm);
            }
        }
        assertThat(rxnorm).containsKeys("1153378", "563026");
        for (String code : List.of("1153378", "563026")) {
            assertThat(terminology.drugClasses(Terminology.RXNORM, code, null))
                    .as(code + " " + rxnorm.get(code)).containsExactly(DrugClass.BENZODIAZEPINE);
        }
        // the bundles' opioid (APAP/oxycodone 1049221) too
        assertThat(terminology.drugClasses(Terminology.RXNORM, "1049221", null)).containsExactly(DrugClass.OPIOID);
    }

    @Test
    void whenConditionRowCitesAFixtureValueSet_thenTheCodeIsInIt() throws IOException {
        Map<String, Map<String, String>> bySource = Map.of(
                "CDC-VS substance-misuse", codes(SUBSTANCE_MISUSE),
                "CDC-VS conditions-documenting-sleep-disordered-breathing", codes(SLEEP_BREATHING),
                "CDC-VS sleep-disordered-breathing", codes(SLEEP_BREATHING),
                "PAMA-SCT", codes(PAMA_REASONS));
        int checked = 0;
        for (String[] row : dataRows(Terminology.CONDITIONS_FILE)) {
            String key = row[0] + "|" + row[1];
            for (Map.Entry<String, Map<String, String>> source : bySource.entrySet()) {
                if (row[5].contains(source.getKey()) && !"category".equals(row[2])) {
                    assertThat(source.getValue()).as(key + " cites " + source.getKey()).containsKey(key);
                    assertThat(withoutSemanticTag(source.getValue().get(key))).as(key + " display")
                            .isEqualToIgnoringCase(withoutSemanticTag(row[4]));
                    checked++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "[terminology] conditions.tsv: %d code/source citations checked%n", checked);
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void whenCdcSubstanceMisuseIcdCodesLookedUp_thenCategoryRowsCoverTheFCodes() throws IOException {
        Map<String, String> codes = codes(SUBSTANCE_MISUSE);
        int n = 0;
        for (String key : codes.keySet()) {
            String[] parts = key.split("\\|", 2);
            if (parts[0].equals(Terminology.ICD_10_CM) && parts[1].matches("F1[0-9]\\..*")) {
                assertThat(terminology.condition(parts[0], parts[1])).as(key)
                        .contains(ConditionName.SUBSTANCE_USE_DISORDER);
                n++;
            }
        }
        System.out.printf(Locale.ROOT, "[terminology] CDC substance-misuse F10-F19 codes covered by category rows: %d%n", n);
        assertThat(n).isGreaterThan(400);
    }

    // ---------------------------------------------------------------- helpers

    private static List<Concept> expansion(String file) throws IOException {
        Path path = VALUESETS.resolve(file);
        assumeTrue(Files.isRegularFile(path), "fixture absent: " + path.toAbsolutePath());
        List<Concept> concepts = new ArrayList<>();
        for (JsonNode c : JSON.readTree(path.toFile()).path("expansion").path("contains")) {
            concepts.add(new Concept(c.path("system").asText(), c.path("code").asText(), c.path("display").asText()));
        }
        return concepts;
    }

    /** system|code → display. */
    private static Map<String, String> codes(String file) throws IOException {
        Map<String, String> codes = new HashMap<>();
        for (Concept c : expansion(file)) {
            codes.put(c.system() + "|" + c.code(), c.display());
        }
        return codes;
    }

    private static void collectRxnorm(JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            if (Terminology.RXNORM.equals(node.path("system").asText())) {
                out.put(node.path("code").asText(), node.path("display").asText());
            }
            node.elements().forEachRemaining(child -> collectRxnorm(child, out));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectRxnorm(child, out));
        }
    }

    /** The data rows (cells) of a bundled TSV file, read independently of the production parser. */
    private static List<String[]> dataRows(String file) throws IOException {
        try (InputStream in = Terminology.class.getResourceAsStream(file)) {
            assertThat(in).as(file + " on the class path").isNotNull();
            List<String[]> rows = new ArrayList<>();
            boolean header = true;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                rows.add(line.split("\t", -1));
            }
            return rows;
        }
    }

    /** "Opioid dependence (disorder)" → "Opioid dependence": SNOMED CT FSN versus preferred term. */
    private static String withoutSemanticTag(String display) {
        return display.replaceFirst("\\s*\\((disorder|finding|situation)\\)$", "");
    }

    private static Set<DrugClass> parseClasses(String text) {
        Set<DrugClass> classes = EnumSet.noneOf(DrugClass.class);
        for (String part : text.split(",")) {
            classes.add(DrugClass.valueOf(part.strip()));
        }
        return classes;
    }
}
