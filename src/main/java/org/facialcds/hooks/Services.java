package org.facialcds.hooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The services this server offers, one per hook, and the prefetch templates they ask for. The same data
 * serves every hook: the presentation comes from the facial-twitching assessment QuestionnaireResponse,
 * the rest from the chart.
 */
final class Services {

    static final String QUESTIONNAIRE = "https://facial-cds.org/fhir/Questionnaire/facial-twitching-assessment";

    static final String PATIENT_VIEW_ID = "facial-twitching";
    static final String ORDER_SELECT_ID = "facial-twitching-order-select";
    static final String ORDER_SIGN_ID = "facial-twitching-order-sign";

    /** Prefetch key → FHIR query template (2.0 "Prefetch query restrictions": reads, token equality, _count, _sort). */
    static final Map<String, String> PREFETCH = templates();

    /** Without these the service cannot give safe advice: it fetches them or answers 412. */
    static final Set<String> REQUIRED = Set.of("patient", "assessment", "conditions", "medications");

    private static final Map<String, String> KEY_DESCRIPTIONS = Map.ofEntries(
            Map.entry("patient", "Patient (age, sex)"),
            Map.entry("assessment", "facial-twitching assessment (QuestionnaireResponse)"),
            Map.entry("conditions", "active conditions"),
            Map.entry("medications", "medication requests"),
            Map.entry("pregnancy", "pregnancy and breastfeeding status observations"),
            Map.entry("egfr", "latest eGFR"),
            Map.entry("imaging", "imaging studies"),
            Map.entry("reports", "imaging reports"),
            Map.entry("allergies", "allergies (botulinum toxin)"),
            Map.entry("procedures", "procedures (botulinum toxin injections)"),
            Map.entry("devices", "implanted devices (MR safety)"));

    private static final List<CdsService> ALL = List.of(
            new CdsService(HookRequest.PATIENT_VIEW, "Facial twitching: decision support",
                    "Differential diagnosis, red flags, imaging, referral, treatment options, vetoes and missing data "
                            + "for a patient with facial twitching (facial-twitching assessment questionnaire). "
                            + "Decision support only: suggestions for a clinician, never orders.",
                    PATIENT_VIEW_ID, PREFETCH, usage()),
            new CdsService(HookRequest.ORDER_SELECT, "Facial twitching: order check",
                    "When a benzodiazepine, an anticholinergic, baclofen, botulinum toxin or a brain MRI/CT is selected "
                            + "for a patient with facial twitching: the vetoes and protocol advice for that order. "
                            + "Decision support only.",
                    ORDER_SELECT_ID, PREFETCH, usage()),
            new CdsService(HookRequest.ORDER_SIGN, "Facial twitching: order check at signing",
                    "Before signing a benzodiazepine, an anticholinergic, baclofen, botulinum toxin or a brain MRI/CT "
                            + "for a patient with facial twitching: the vetoes and protocol advice for that order. "
                            + "Decision support only.",
                    ORDER_SIGN_ID, PREFETCH, usage()));

    private Services() {
    }

    static List<CdsService> all() {
        return ALL;
    }

    static Optional<CdsService> byId(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    static String describe(String key) {
        return KEY_DESCRIPTIONS.getOrDefault(key, key);
    }

    private static String usage() {
        return "Needs the prefetch keys patient, assessment, conditions and medications, or fhirServer with "
                + "fhirAuthorization so the service can read them (otherwise HTTP 412). Authenticate with a signed JWT "
                + "(CDS Hooks 2.0 'Trusting CDS Clients').";
    }

    private static Map<String, String> templates() {
        String p = "{{context.patientId}}";
        Map<String, String> t = new LinkedHashMap<>();
        t.put("patient", "Patient/" + p);
        t.put("assessment", "QuestionnaireResponse?patient=" + p + "&questionnaire=" + QUESTIONNAIRE
                + "&_sort=-authored&_count=1");
        t.put("conditions", "Condition?patient=" + p + "&clinical-status=active");
        t.put("medications", "MedicationRequest?patient=" + p + "&status=active,on-hold,completed,stopped");
        t.put("pregnancy", "Observation?patient=" + p + "&code=http://loinc.org|82810-3,http://loinc.org|63895-7"
                + "&_sort=-date&_count=10");
        t.put("egfr", "Observation?patient=" + p + "&code=http://loinc.org|33914-3,http://loinc.org|62238-1,"
                + "http://loinc.org|98979-8,http://loinc.org|48642-3,http://loinc.org|48643-1,http://loinc.org|50044-7,"
                + "http://loinc.org|69405-9,http://loinc.org|77147-7,http://loinc.org|88293-6,http://loinc.org|88294-4"
                + "&_sort=-date&_count=1");
        t.put("imaging", "ImagingStudy?patient=" + p);
        t.put("reports", "DiagnosticReport?patient=" + p + "&category=http://loinc.org|LP29684-5");
        t.put("allergies", "AllergyIntolerance?patient=" + p);
        t.put("procedures", "Procedure?patient=" + p);
        t.put("devices", "Device?patient=" + p);
        return java.util.Collections.unmodifiableMap(t);
    }
}
