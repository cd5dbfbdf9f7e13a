package org.facialcds.terminology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.facialcds.facts.ConditionName;
import org.facialcds.facts.DrugClass;
import org.facialcds.facts.Vocabulary;

/**
 * The bundled, curated code and drug-name maps (immutable and thread-safe) behind the {@link Vocabulary}.
 *
 * <p>Conditions: SNOMED CT codes and ICD-10-CM codes (with or without the dot; a category row
 * covers its children). Medications: RxNorm codes first, then the words of the drug's name, so a
 * {@code diazepam 5 MG Oral Tablet} or {@code Oxycodone Hydrochloride 5 MG [Roxicodone]} is
 * classified; a combination product gets the union of its ingredients' classes.
 *
 * <pre>{@code
 * Terminology t = Terminology.bundled();
 * t.condition(Terminology.SNOMED_CT, "91637004");                  // MYASTHENIA_GRAVIS
 * t.drugClasses(Terminology.RXNORM, "1153378", null);              // [BENZODIAZEPINE]
 * t.drugClasses(null, null, "acetaminophen 325 MG / oxycodone 5 MG"); // [OPIOID]
 * }</pre>
 *
 * <p>An empty class set means either "known, in none of our classes" (e.g. carbamazepine) or
 * "not recognised"; {@link #knows} and {@link #ingredient} tell the two apart.
 */
public final class Terminology implements Vocabulary {

    /** The SNOMED CT system URI. */
    public static final String SNOMED_CT = "http://snomed.info/sct";
    /** The ICD-10-CM system URI. */
    public static final String ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
    /** The RxNorm system URI. */
    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /** The stable error code for a malformed bundled data file. */
    static final String DATA_ERROR = "FCDS-0310";

    /**
     * Codes seen mislabelled in third-party sources (terminology-codes.md, "Errors found"): 89627008
     * is Hyponatremia, not blepharospasm; 431855005 is chronic kidney disease stage 1, not MRI brain.
     * A data file that maps either is rejected.
     */
    static final Set<String> KNOWN_WRONG_SNOMED = Set.of("89627008", "431855005");

    static final String CONDITIONS_FILE = "conditions.tsv";
    static final String RXNORM_FILE = "rxnorm.tsv";
    static final String NAMES_FILE = "drug-names.tsv";

    private static final List<String> CONDITION_COLUMNS =
            List.of("system", "code", "scope", "condition", "display", "source");
    private static final List<String> RXNORM_COLUMNS = List.of("rxcui", "name", "ingredient", "classes", "source");
    private static final List<String> NAME_COLUMNS = List.of("name", "kind", "ingredient", "classes", "source");

    /** Other spellings of the systems we map (HL7 v3 / C-CDA OIDs), to the FHIR URI. */
    private static final Map<String, String> SYSTEM_ALIASES = Map.of(
            "urn:oid:2.16.840.1.113883.6.96", SNOMED_CT,
            "urn:oid:2.16.840.1.113883.6.90", ICD_10_CM,
            "urn:oid:2.16.840.1.113883.6.88", RXNORM,
            "2.16.840.1.113883.6.96", SNOMED_CT,
            "2.16.840.1.113883.6.90", ICD_10_CM,
            "2.16.840.1.113883.6.88", RXNORM);

    private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern ICD_CODE = Pattern.compile("[A-Z][0-9][0-9A-Z]{1,5}");
    private static final String INGREDIENT_SEPARATOR = " / ";

    /** What a code or a name stands for: its ingredients (for display) and drug classes. */
    private record Drug(List<String> ingredients, Set<DrugClass> classes) {

        String ingredientText() {
            return String.join(INGREDIENT_SEPARATOR, ingredients);
        }
    }

    private static final class Bundled {
        static final Terminology INSTANCE = loadBundled();
    }

    /** system URI → code (normalised) → condition. */
    private final Map<String, Map<String, ConditionName>> conditionCodes;
    /** ICD-10-CM category (normalised, no dot) → condition; covers every code that starts with it. */
    private final Map<String, ConditionName> icdCategories;
    private final Map<String, Drug> rxnorm;
    /** Normalised name (words joined by one space) → drug. */
    private final Map<String, Drug> names;
    private final int longestName;

    private Terminology(Map<String, Map<String, ConditionName>> conditionCodes, Map<String, ConditionName> icdCategories,
            Map<String, Drug> rxnorm, Map<String, Drug> names) {
        this.conditionCodes = conditionCodes;
        this.icdCategories = icdCategories;
        this.rxnorm = rxnorm;
        this.names = names;
        this.longestName = names.keySet().stream().mapToInt(n -> n.split(" ").length).max().orElse(1);
    }

    /** The bundled terminology, loaded once from the data files on the class path; thread-safe. */
    public static Terminology bundled() {
        return Bundled.INSTANCE;
    }

    @Override
    public Optional<ConditionName> condition(String system, String code) {
        String sys = system(system);
        if (sys == null || code == null || code.isBlank()) {
            return Optional.empty();
        }
        if (ICD_10_CM.equals(sys)) {
            String icd = icd(code);
            ConditionName exact = conditionCodes.get(ICD_10_CM).get(icd);
            if (exact != null) {
                return Optional.of(exact);
            }
            for (int length = icd.length(); length >= 3; length--) {
                ConditionName category = icdCategories.get(icd.substring(0, length));
                if (category != null) {
                    return Optional.of(category);
                }
            }
            return Optional.empty();
        }
        Map<String, ConditionName> codes = conditionCodes.get(sys);
        return codes == null ? Optional.empty() : Optional.ofNullable(codes.get(code.strip()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>An RxNorm code we list wins; otherwise every ingredient, brand or synonym found as whole
     * words in {@code name} counts (combination products get the union).
     */
    @Override
    public Set<DrugClass> drugClasses(String system, String code, String name) {
        return drug(system, code, name).map(Drug::classes).orElse(Set.of());
    }

    /**
     * The ingredient name(s), for display: from the RxNorm code if we list it, else from the words of
     * {@code name}; several ingredients are joined by {@code " / "}. Present also for drugs that are
     * in none of our classes (e.g. carbamazepine), so callers can tell "known" from "not recognised".
     */
    public Optional<String> ingredient(String system, String code, String name) {
        return drug(system, code, name).map(Drug::ingredientText);
    }

    /** A drug we list by code or name is recognised even when it is in none of our classes. */
    @Override
    public boolean recognises(String system, String code, String name) {
        return drug(system, code, name).isPresent();
    }

    /** Whether we map this code: an RxNorm code we list, or a condition code (ICD-10-CM categories included). */
    public boolean knows(String system, String code) {
        if (code == null || code.isBlank()) {
            return false;
        }
        if (RXNORM.equals(system(system))) {
            return rxnorm.containsKey(code.strip());
        }
        return condition(system, code).isPresent();
    }

    private Optional<Drug> drug(String system, String code, String name) {
        if (code != null && RXNORM.equals(system(system))) {
            Drug byCode = rxnorm.get(code.strip());
            if (byCode != null) {
                return Optional.of(byCode);
            }
        }
        return name == null ? Optional.empty() : byName(name);
    }

    private Optional<Drug> byName(String name) {
        List<String> words = words(name);
        Set<String> ingredients = new LinkedHashSet<>();
        Set<DrugClass> classes = EnumSet.noneOf(DrugClass.class);
        for (int start = 0; start < words.size(); start++) {
            for (int n = Math.min(longestName, words.size() - start); n >= 1; n--) {
                Drug found = names.get(String.join(" ", words.subList(start, start + n)));
                if (found != null) {
                    ingredients.addAll(found.ingredients());
                    classes.addAll(found.classes());
                }
            }
        }
        if (ingredients.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Drug(List.copyOf(ingredients), immutable(classes)));
    }

    // ---------------------------------------------------------------- normalisation

    /** The canonical system URI, or {@code null}. */
    private static String system(String system) {
        if (system == null || system.isBlank()) {
            return null;
        }
        String s = system.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        s = s.toLowerCase(Locale.ROOT);
        return SYSTEM_ALIASES.getOrDefault(s, s);
    }

    /** An ICD-10-CM code without dot or spaces, upper case. */
    private static String icd(String code) {
        return code.strip().replace(".", "").replace(" ", "").toUpperCase(Locale.ROOT);
    }

    /** The lower-case words of a drug name: runs of letters and digits. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static Set<DrugClass> immutable(Set<DrugClass> classes) {
        return classes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(classes));
    }

    // ---------------------------------------------------------------- loading

    static IllegalStateException dataError(String message) {
        return new IllegalStateException(DATA_ERROR + ": terminology data: " + message);
    }

    private static Terminology loadBundled() {
        return of(resource(CONDITIONS_FILE), resource(RXNORM_FILE), resource(NAMES_FILE));
    }

    private static String resource(String file) {
        try (InputStream in = Terminology.class.getResourceAsStream(file)) {
            if (in == null) {
                throw dataError(file + " not found on the class path next to " + Terminology.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(DATA_ERROR + ": terminology data: cannot read " + file, e);
        }
    }

    /**
     * Builds a terminology from the text of the three data files, validating them.
     *
     * @throws IllegalStateException ({@value #DATA_ERROR}) naming file, line and what was expected
     */
    static Terminology of(String conditionsTsv, String rxnormTsv, String namesTsv) {
        Map<String, Drug> names = loadNames(Tsv.parse(NAMES_FILE, namesTsv, NAME_COLUMNS));
        Map<String, Map<String, ConditionName>> codes = new HashMap<>();
        codes.put(SNOMED_CT, new HashMap<>());
        codes.put(ICD_10_CM, new HashMap<>());
        Map<String, ConditionName> categories = new HashMap<>();
        loadConditions(Tsv.parse(CONDITIONS_FILE, conditionsTsv, CONDITION_COLUMNS), codes, categories);
        Map<String, Map<String, ConditionName>> frozen = new HashMap<>();
        codes.forEach((system, map) -> frozen.put(system, Map.copyOf(map)));
        Map<String, Drug> rxnorm = loadRxnorm(Tsv.parse(RXNORM_FILE, rxnormTsv, RXNORM_COLUMNS), names);
        return new Terminology(Map.copyOf(frozen), Map.copyOf(categories), rxnorm, names);
    }

    private static void loadConditions(List<Tsv.Row> rows, Map<String, Map<String, ConditionName>> codes,
            Map<String, ConditionName> categories) {
        for (Tsv.Row row : rows) {
            String system = row.get("system");
            String code = row.get("code");
            String scope = row.get("scope");
            ConditionName condition = parseEnum(ConditionName.class, row.get("condition"), row);
            requireSource(row);
            if (!codes.containsKey(system)) {
                throw dataError(row.where() + ": system " + quote(system) + "; expected " + SNOMED_CT + " or " + ICD_10_CM);
            }
            String key;
            if (SNOMED_CT.equals(system)) {
                if (!DIGITS.matcher(code).matches()) {
                    throw dataError(row.where() + ": SNOMED CT code " + quote(code) + "; expected digits only");
                }
                if (KNOWN_WRONG_SNOMED.contains(code)) {
                    throw dataError(row.where() + ": " + code + " is a known-wrong code (terminology-codes.md) and"
                            + " must not be mapped");
                }
                key = code;
            } else {
                key = icd(code);
                if (!ICD_CODE.matcher(key).matches()) {
                    throw dataError(row.where() + ": ICD-10-CM code " + quote(code) + "; expected e.g. G70.01 or C71");
                }
            }
            Map<String, ConditionName> target;
            if ("code".equals(scope)) {
                target = codes.get(system);
            } else if ("category".equals(scope) && ICD_10_CM.equals(system)) {
                target = categories;
            } else {
                throw dataError(row.where() + ": scope " + quote(scope)
                        + "; expected code, or category (ICD-10-CM only)");
            }
            if (target.putIfAbsent(key, condition) != null) {
                throw dataError(row.where() + ": " + system + "|" + code + " (" + scope + ") is listed twice");
            }
        }
    }

    private static Map<String, Drug> loadNames(List<Tsv.Row> rows) {
        Map<String, Drug> ingredients = new HashMap<>();
        List<Tsv.Row> aliases = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Tsv.Row row : rows) {
            String name = row.get("name");
            requireSource(row);
            if (!String.join(" ", words(name)).equals(name) || name.isEmpty()) {
                throw dataError(row.where() + ": name " + quote(name)
                        + "; expected lower-case words of letters and digits separated by one space");
            }
            if (!seen.add(name)) {
                throw dataError(row.where() + ": name " + quote(name) + " is listed twice");
            }
            switch (row.get("kind")) {
                case "ingredient" -> {
                    if (!name.equals(row.get("ingredient"))) {
                        throw dataError(row.where() + ": an ingredient row must repeat its name in the ingredient"
                                + " column; found " + quote(row.get("ingredient")));
                    }
                    ingredients.put(name, new Drug(List.of(name), parseClasses(row.get("classes"), row)));
                }
                case "brand", "synonym" -> {
                    if (!row.get("classes").isEmpty()) {
                        throw dataError(row.where() + ": a " + row.get("kind") + " row takes its classes from its"
                                + " ingredients; expected an empty classes column");
                    }
                    aliases.add(row);
                }
                default -> throw dataError(row.where() + ": kind " + quote(row.get("kind"))
                        + "; expected ingredient, brand or synonym");
            }
        }
        Map<String, Drug> all = new HashMap<>(ingredients);
        for (Tsv.Row row : aliases) {
            all.put(row.get("name"), combine(row.get("ingredient"), ingredients, row));
        }
        return Map.copyOf(all);
    }

    private static Map<String, Drug> loadRxnorm(List<Tsv.Row> rows, Map<String, Drug> names) {
        Map<String, Drug> byCode = new HashMap<>();
        for (Tsv.Row row : rows) {
            String rxcui = row.get("rxcui");
            requireSource(row);
            if (!DIGITS.matcher(rxcui).matches()) {
                throw dataError(row.where() + ": rxcui " + quote(rxcui) + "; expected digits only");
            }
            Set<DrugClass> classes = parseClasses(row.get("classes"), row);
            Drug fromNames = combine(row.get("ingredient"), names, row);
            if (!fromNames.classes().equals(classes)) {
                throw dataError(row.where() + ": classes " + classes + " differ from " + fromNames.classes()
                        + ", the classes of " + quote(row.get("ingredient")) + " in " + NAMES_FILE);
            }
            if (byCode.putIfAbsent(rxcui, fromNames) != null) {
                throw dataError(row.where() + ": rxcui " + rxcui + " is listed twice");
            }
        }
        return Map.copyOf(byCode);
    }

    /** The drug made of the {@code " / "}-separated ingredients, each of which must be known. */
    private static Drug combine(String ingredientList, Map<String, Drug> known, Tsv.Row row) {
        List<String> ingredients = new ArrayList<>();
        Set<DrugClass> classes = EnumSet.noneOf(DrugClass.class);
        for (String part : ingredientList.split(Pattern.quote(INGREDIENT_SEPARATOR), -1)) {
            String ingredient = part.strip();
            Drug drug = known.get(ingredient);
            if (drug == null || drug.ingredients().size() != 1 || !drug.ingredients().get(0).equals(ingredient)) {
                throw dataError(row.where() + ": ingredient " + quote(ingredient) + " is not an ingredient row of "
                        + NAMES_FILE);
            }
            ingredients.add(ingredient);
            classes.addAll(drug.classes());
        }
        return new Drug(List.copyOf(ingredients), immutable(classes));
    }

    private static Set<DrugClass> parseClasses(String text, Tsv.Row row) {
        if ("-".equals(text)) {
            return Set.of();
        }
        Set<DrugClass> classes = EnumSet.noneOf(DrugClass.class);
        for (String part : text.split(",", -1)) {
            classes.add(parseEnum(DrugClass.class, part.strip(), row));
        }
        return immutable(classes);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, Tsv.Row row) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw dataError(row.where() + ": " + quote(value) + " is not a " + type.getSimpleName() + "; expected one of "
                    + List.of(type.getEnumConstants()) + (type == DrugClass.class ? ", comma-separated, or -" : ""));
        }
    }

    private static void requireSource(Tsv.Row row) {
        if (row.get("source").isEmpty()) {
            throw dataError(row.where() + ": empty source; every mapping must say where it comes from");
        }
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
