package org.facialcds.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The codes the FHIR mapping reads (imaging studies, findings, eGFR, pregnancy, toxin injections, MR
 * safety), loaded once from {@code org/facialcds/terminology/fhir-codes.tsv}; immutable and thread-safe.
 */
final class FhirCodes {

    static final String SNOMED = "http://snomed.info/sct";
    static final String ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String ICD_10 = "http://hl7.org/fhir/sid/icd-10";
    static final String LOINC = "http://loinc.org";
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String CPT = "http://www.ama-assn.org/go/cpt";
    static final String HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    static final String NCI = "urn:oid:2.16.840.1.113883.3.26.1.1";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    /** Our code system for imaging findings: its codes are the Finding words. */
    static final String FINDING_SYSTEM = "https://facial-cds.org/fhir/CodeSystem/imaging-finding";
    /** Our code system for the answers of the assessment Questionnaire: its codes are our enum words. */
    static final String ANSWER_SYSTEM = "https://facial-cds.org/fhir/CodeSystem/facial-twitching";
    static final String QUESTIONNAIRE_URL = "https://facial-cds.org/fhir/Questionnaire/facial-twitching-assessment";

    static final String FILE = "/org/facialcds/terminology/fhir-codes.tsv";
    static final String DATA_ERROR = "FCDS-0510";
    private static final List<String> COLUMNS = List.of("system", "code", "kind", "value", "display", "source");

    /** What a code stands for in the mapping. */
    enum Kind {
        IMAGING, FINDING, EGFR, PREGNANCY_STATUS, PREGNANCY_ANSWER, PREGNANCY, BREASTFEEDING_STATUS,
        TWITCH_DIAGNOSIS, BELLS_PALSY, TOXIN_INJECTION, MR_SAFETY, MR_IMPLANT
    }

    /** One row: the value column and the display, for warnings. */
    record Entry(String system, String code, Kind kind, String value, String display) {
    }

    /** Other spellings of the systems (OIDs, older URIs), to the canonical URI. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("urn:oid:2.16.840.1.113883.6.96", SNOMED),
            Map.entry("http://snomed.info/sct/", SNOMED),
            Map.entry("urn:oid:2.16.840.1.113883.6.90", ICD_10_CM),
            Map.entry("urn:oid:2.16.840.1.113883.6.3", ICD_10),
            Map.entry("urn:oid:2.16.840.1.113883.6.1", LOINC),
            Map.entry("http://loinc.org/", LOINC),
            Map.entry("urn:oid:2.16.840.1.113883.6.88", RXNORM),
            Map.entry("urn:oid:2.16.840.1.113883.6.12", CPT),
            Map.entry("http://www.ama-assn.org/go/cpt/", CPT),
            Map.entry("urn:oid:2.16.840.1.113883.6.285", HCPCS),
            Map.entry("urn:oid:2.16.840.1.113883.6.14", HCPCS),
            Map.entry("http://www.cms.gov/medicare/coding/hcpcsreleasecodesets", HCPCS),
            Map.entry("https://www.cms.gov/medicare/coding/hcpcsreleasecodesets", HCPCS),
            Map.entry("http://terminology.hl7.org/codesystem/hcpcs", HCPCS),
            Map.entry("http://terminology.hl7.org/codesystem/hcpcs-all-codes", HCPCS),
            Map.entry("http://ncicb.nci.nih.gov/xml/owl/evs/thesaurus.owl", NCI),
            Map.entry("http://ncit.nci.nih.gov", NCI),
            Map.entry("urn:oid:1.2.840.10008.2.16.4", DICOM));

    private static final class Bundled {
        static final FhirCodes INSTANCE = load();
    }

    /** kind → system → code → entry; prefix rows under a separate map. */
    private final Map<Kind, Map<String, Map<String, Entry>>> exact;
    private final Map<Kind, List<Entry>> prefixes;

    private FhirCodes(Map<Kind, Map<String, Map<String, Entry>>> exact, Map<Kind, List<Entry>> prefixes) {
        this.exact = exact;
        this.prefixes = prefixes;
    }

    static FhirCodes bundled() {
        return Bundled.INSTANCE;
    }

    /** The canonical system URI of a coding's system, or {@code null}. */
    static String system(String system) {
        if (system == null || system.isBlank()) {
            return null;
        }
        String s = system.strip();
        String alias = ALIASES.get(s.toLowerCase(Locale.ROOT));
        return alias != null ? alias : s;
    }

    private static String key(String system, String code) {
        String c = code.strip();
        return ICD_10_CM.equals(system) || ICD_10.equals(system) ? c.replace(".", "").toUpperCase(Locale.ROOT) : c;
    }

    /** The entry of this kind for a coding, if we list it. */
    Optional<Entry> find(Kind kind, Coding coding) {
        if (coding == null || !coding.hasCode()) {
            return Optional.empty();
        }
        return find(kind, coding.getSystem(), coding.getCode());
    }

    Optional<Entry> find(Kind kind, String rawSystem, String code) {
        String system = system(rawSystem);
        if (system == null || code == null || code.isBlank()) {
            return Optional.empty();
        }
        String k = key(system, code);
        Entry hit = exact.getOrDefault(kind, Map.of()).getOrDefault(system, Map.of()).get(k);
        if (hit != null) {
            return Optional.of(hit);
        }
        for (Entry e : prefixes.getOrDefault(kind, List.of())) {
            if (e.system().equals(system) && k.startsWith(e.code())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The first coding of the concept listed under this kind. */
    Optional<Entry> find(Kind kind, CodeableConcept concept) {
        if (concept == null) {
            return Optional.empty();
        }
        for (Coding c : concept.getCoding()) {
            Optional<Entry> e = find(kind, c);
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }

    Optional<Entry> find(Kind kind, List<CodeableConcept> concepts) {
        for (CodeableConcept c : concepts) {
            Optional<Entry> e = find(kind, c);
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- loading

    private static FhirCodes load() {
        String text;
        try (InputStream in = FhirCodes.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(DATA_ERROR + ": " + FILE + " not found on the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(DATA_ERROR + ": cannot read " + FILE, e);
        }
        return parse(text);
    }

    /**
     * Parses the data file.
     *
     * @throws IllegalStateException ({@value #DATA_ERROR}) naming the line and what was expected
     */
    static FhirCodes parse(String text) {
        Map<Kind, Map<String, Map<String, Entry>>> exact = new EnumMap<>(Kind.class);
        Map<Kind, List<Entry>> prefixes = new EnumMap<>(Kind.class);
        String[] lines = text.split("\r?\n", -1);
        boolean header = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = "fhir-codes.tsv:" + (i + 1);
            String[] cells = line.split("\t", -1);
            if (!header) {
                if (!List.of(cells).equals(COLUMNS)) {
                    throw new IllegalStateException(DATA_ERROR + ": " + where + ": header is " + List.of(cells)
                            + "; expected the tab-separated columns " + COLUMNS);
                }
                header = true;
                continue;
            }
            if (cells.length != COLUMNS.size()) {
                throw new IllegalStateException(DATA_ERROR + ": " + where + ": " + cells.length + " cells; expected "
                        + COLUMNS.size() + " " + COLUMNS);
            }
            String system = system(cells[0]);
            String code = cells[1].strip();
            Kind kind;
            try {
                kind = Kind.valueOf(cells[2].strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(DATA_ERROR + ": " + where + ": kind \"" + cells[2]
                        + "\"; expected one of " + List.of(Kind.values()));
            }
            if (system == null || code.isEmpty() || cells[3].isBlank() || cells[5].isBlank()) {
                throw new IllegalStateException(DATA_ERROR + ": " + where
                        + ": expected a system, a code, a value (or -) and a source");
            }
            if (code.equals("89627008") || code.equals("431855005")) {
                throw new IllegalStateException(DATA_ERROR + ": " + where + ": " + code
                        + " is a known-wrong code (terminology-codes.md) and must not be mapped");
            }
            if (code.endsWith("*")) {
                String prefix = key(system, code.substring(0, code.length() - 1));
                prefixes.computeIfAbsent(kind, k -> new ArrayList<>())
                        .add(new Entry(system, prefix, kind, cells[3].strip(), cells[4].strip()));
            } else {
                Entry previous = exact.computeIfAbsent(kind, k -> new HashMap<>())
                        .computeIfAbsent(system, s -> new HashMap<>())
                        .put(key(system, code), new Entry(system, code, kind, cells[3].strip(), cells[4].strip()));
                if (previous != null) {
                    throw new IllegalStateException(DATA_ERROR + ": " + where + ": " + system + "|" + code + " "
                            + kind + " is listed twice");
                }
            }
        }
        if (!header) {
            throw new IllegalStateException(DATA_ERROR + ": fhir-codes.tsv: no header line; expected " + COLUMNS);
        }
        Map<Kind, Map<String, Map<String, Entry>>> frozen = new EnumMap<>(Kind.class);
        exact.forEach((k, bySystem) -> {
            Map<String, Map<String, Entry>> f = new HashMap<>();
            bySystem.forEach((s, codes) -> f.put(s, Map.copyOf(codes)));
            frozen.put(k, Map.copyOf(f));
        });
        Map<Kind, List<Entry>> frozenPrefixes = new EnumMap<>(Kind.class);
        prefixes.forEach((k, list) -> frozenPrefixes.put(k, List.copyOf(list)));
        return new FhirCodes(frozen, frozenPrefixes);
    }
}
