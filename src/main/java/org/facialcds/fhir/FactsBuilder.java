package org.facialcds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.facialcds.facts.Finding;
import org.facialcds.facts.MriSafety;
import org.facialcds.terminology.Terminology;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Type;

/** Builds the patient-facts JSON of one patient from the resources about that patient. */
final class FactsBuilder {

    /** A "pregnant" status older than this many days before asOf is not read as pregnant now (> 42 weeks). */
    static final int PREGNANT_MAX_AGE_DAYS = 300;
    /** A "not pregnant" status older than this is not read as "not pregnant" now. */
    static final int NOT_PREGNANT_MAX_AGE_DAYS = 30;
    /** A breastfeeding status (either answer) older than this is not read now. */
    static final int BREASTFEEDING_MAX_AGE_DAYS = 180;
    /** An eGFR older than this is not read as the current value (renal function changes). */
    static final int EGFR_MAX_AGE_DAYS = 365;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern TOXIN = Pattern.compile(
            "botul|botox|xeomin|dysport|myobloc|jeuveau|daxxify|onabotulinum|abobotulinum|incobotulinum"
                    + "|rimabotulinum|prabotulinum|daxibotulinum", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMPLANT = Pattern.compile(
            "pacemaker|defibrillator|neurostimulat|nerve stimulat|brain stimulat|spinal cord stimulat"
                    + "|cochlear implant", Pattern.CASE_INSENSITIVE);
    private static final Pattern NO_KNOWN = Pattern.compile("\\bno known\\b|\\bnkda\\b|\\bnka\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DEPOT = Pattern.compile(
            "decanoate|enanthate|palmitate|depot|extended-release injectable|microspheres", Pattern.CASE_INSENSITIVE);
    private static final Pattern MRI_TEXT = Pattern.compile("\\bmri?\\b|magnetic resonance", Pattern.CASE_INSENSITIVE);
    private static final Pattern CT_TEXT = Pattern.compile("\\bct\\b|computed tomograph", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEAD_TEXT = Pattern.compile(
            "\\bhead\\b|\\bbrain|cerebellopontine|internal auditory|posterior fossa|cranial", Pattern.CASE_INSENSITIVE);
    private static final List<MriSafety> MRI_SEVERITY = List.of(MriSafety.NON_MR_CONDITIONAL_DEVICE,
            MriSafety.FERROMAGNETIC_FOREIGN_BODY, MriSafety.MR_CONDITIONAL_DEVICE, MriSafety.SEVERE_CLAUSTROPHOBIA,
            MriSafety.NONE);

    private final Resources index;
    private final Resources.Selection selection;
    private final LocalDate asOf;
    private final boolean medicationListComplete;
    private final Warnings warnings;
    private final FhirCodes codes = FhirCodes.bundled();
    private final Terminology terminology = Terminology.bundled();

    // what the resources said
    private final ObjectNode assessment = NODES.objectNode();
    private final ArrayNode conditions = NODES.arrayNode();
    private final Set<String> conditionKeys = new HashSet<>();
    private boolean conditionsDocumented;
    private final List<ObjectNode> medications = new ArrayList<>();
    private boolean medicationsDocumented;
    private final List<Status> pregnancy = new ArrayList<>();
    private final List<Status> breastfeeding = new ArrayList<>();
    private Status egfr;
    private LocalDate lastInjection;
    private boolean toxinHypersensitivity;
    private LocalDate bellsPalsyOnset;
    private boolean bellsPalsy;
    private MriSafety deviceSafety;
    private final List<Study> studies = new ArrayList<>();
    /** Resources that another one already accounts for (a study in a report, an order with its result). */
    private final Set<Resource> merged = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Resource> referencedMedications = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    /** A dated status from one resource (pregnancy, breastfeeding, eGFR). */
    private record Status(LocalDate date, Boolean flag, Double number, String source) {
    }

    /** One brain imaging study, order or report. */
    private static final class Study {
        final String modality;
        final Boolean contrast;
        final String protocol;
        final String status;
        LocalDate date;
        final Set<String> findings = new LinkedHashSet<>();

        Study(StudyType type, String status, LocalDate date) {
            this.modality = type.modality();
            this.contrast = type.contrast();
            this.protocol = type.protocol();
            this.status = status;
            this.date = date;
        }
    }

    /** What an imaging code or text says: modality, contrast (null = not stated), protocol (may be null). */
    private record StudyType(String modality, Boolean contrast, String protocol) {
    }

    FactsBuilder(Resources index, Resources.Selection selection, LocalDate asOf, boolean medicationListComplete,
            Warnings warnings) {
        this.index = index;
        this.selection = selection;
        this.asOf = asOf;
        this.medicationListComplete = medicationListComplete;
        this.warnings = warnings;
    }

    ObjectNode build() {
        List<Resources.Item> mine = new ArrayList<>();
        for (Resources.Item item : index.items()) {
            if (selection.includes(item)) {
                mine.add(item);
            } else {
                warnings.count("resources about other patients, left out");
            }
        }
        assessment(mine);
        // reports first: they absorb the studies and orders they point to
        for (Resources.Item item : mine) {
            if (item.resource() instanceof DiagnosticReport report) {
                report(report, item);
            }
        }
        for (Resources.Item item : mine) {
            read(item);
        }
        for (Resources.Item item : mine) {
            Resource r = item.resource();
            if (r instanceof Medication && !referencedMedications.contains(r)) {
                warnings.unused("Medication");
            }
        }
        return assemble();
    }

    private void read(Resources.Item item) {
        Resource r = item.resource();
        if (merged.contains(r)) {
            return;
        }
        if (r instanceof Patient || r instanceof DiagnosticReport || r instanceof QuestionnaireResponse
                || r instanceof Medication) {
            return; // read elsewhere
        } else if (r instanceof Condition c) {
            condition(c);
        } else if (r instanceof MedicationRequest m) {
            medicationRequest(m, item);
        } else if (r instanceof MedicationStatement m) {
            medicationStatement(m, item);
        } else if (r instanceof Observation o) {
            observation(o);
        } else if (r instanceof AllergyIntolerance a) {
            allergy(a);
        } else if (r instanceof ImagingStudy s) {
            imagingStudy(s);
        } else if (r instanceof ServiceRequest s) {
            serviceRequest(s);
        } else if (r instanceof Procedure p) {
            procedure(p);
        } else if (r instanceof Device d) {
            device(d);
        } else {
            warnings.unused(r.fhirType());
        }
    }

    private boolean future(LocalDate date) {
        if (date != null && date.isAfter(asOf)) {
            warnings.count("resources dated after asOf " + asOf + ", left out");
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- assessment

    private void assessment(List<Resources.Item> mine) {
        QuestionnaireResponse latest = null;
        LocalDate latestDate = null;
        for (Resources.Item item : mine) {
            if (!(item.resource() instanceof QuestionnaireResponse qr)) {
                continue;
            }
            if (!Assessment.answers(qr)) {
                warnings.unused("QuestionnaireResponse");
                continue;
            }
            QuestionnaireResponse.QuestionnaireResponseStatus status = qr.getStatus();
            if (status != QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                    && status != QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED) {
                warnings.count("facial-twitching assessments not completed (in progress or another status), not used");
                continue;
            }
            LocalDate authored = Dates.day(qr.getAuthoredElement());
            if (future(authored)) {
                continue;
            }
            if (latest == null || (authored != null && (latestDate == null || authored.isAfter(latestDate)))) {
                latest = qr;
                latestDate = authored;
            }
        }
        if (latest != null) {
            Assessment.read(latest, assessment, asOf, warnings);
        }
    }

    // ---------------------------------------------------------------- patient

    private void patient(ObjectNode root) {
        Patient patient = selection.patient();
        if (patient == null) {
            return;
        }
        String id = patient.getIdElement().getIdPart();
        if (id != null && !id.isBlank()) {
            root.put("id", id);
        }
        root.put("asOf", asOf.toString());
        Integer age = age(patient);
        if (age != null) {
            root.put("age", age);
        }
        AdministrativeGender gender = patient.getGender();
        if (gender == AdministrativeGender.FEMALE) {
            root.put("sex", "FEMALE");
        } else if (gender == AdministrativeGender.MALE) {
            root.put("sex", "MALE");
        } else if (gender == AdministrativeGender.OTHER) {
            root.put("sex", "OTHER");
        }
        if (patient.hasDeceasedDateTimeType() || (patient.hasDeceasedBooleanType()
                && Boolean.TRUE.equals(patient.getDeceasedBooleanType().getValue()))) {
            warnings.add("the Patient is recorded as deceased; age is given as at asOf " + asOf);
        }
    }

    private Integer age(Patient patient) {
        DateType birth = patient.getBirthDateElement();
        if (birth == null || !birth.hasValue()) {
            return null;
        }
        LocalDate earliest;
        LocalDate latestBirth;
        switch (birth.getPrecision()) {
            case YEAR -> {
                earliest = LocalDate.of(birth.getYear(), 1, 1);
                latestBirth = LocalDate.of(birth.getYear(), 12, 31);
            }
            case MONTH -> {
                earliest = LocalDate.of(birth.getYear(), birth.getMonth() + 1, 1);
                latestBirth = earliest.plusMonths(1).minusDays(1);
            }
            default -> {
                LocalDate day = Dates.day(birth);
                earliest = day;
                latestBirth = day;
            }
        }
        if (earliest == null) {
            return null;
        }
        if (earliest.isAfter(asOf)) {
            warnings.add("Patient.birthDate is after asOf " + asOf + "; age not set");
            return null;
        }
        int oldest = Period.between(earliest, asOf).getYears();
        int youngest = latestBirth.isAfter(asOf) ? 0 : Period.between(latestBirth, asOf).getYears();
        if (oldest != youngest) {
            warnings.add("Patient.birthDate is given only to the " + (birth.getPrecision().name().toLowerCase(Locale.ROOT))
                    + "; age " + youngest + " (the youngest it can be) was used");
        }
        return youngest;
    }

    // ---------------------------------------------------------------- conditions

    private static String code(CodeableConcept concept) {
        if (concept == null) {
            return null;
        }
        for (Coding c : concept.getCoding()) {
            if (c.hasCode()) {
                return c.getCode();
            }
        }
        return null;
    }

    private void condition(Condition c) {
        String verification = code(c.getVerificationStatus());
        if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
            return;
        }
        LocalDate onset = Dates.day(c.getOnset());
        LocalDate recorded = Dates.day(c.getRecordedDateElement());
        if (future(onset != null ? onset : recorded)) {
            return;
        }
        conditionsDocumented = true;
        if (codes.find(FhirCodes.Kind.BELLS_PALSY, c.getCode()).isPresent()) {
            bellsPalsy = true;
            bellsPalsyOnset = Dates.latest(bellsPalsyOnset, onset);
        }
        String clinical = code(c.getClinicalStatus());
        boolean active;
        if (clinical == null) {
            active = !c.hasAbatement();
            if (active) {
                warnings.count("conditions without a clinicalStatus (and no abatement), read as active");
            }
        } else {
            active = "active".equals(clinical) || "recurrence".equals(clinical) || "relapse".equals(clinical);
        }
        if (!active) {
            return;
        }
        if (codes.find(FhirCodes.Kind.PREGNANCY, c.getCode()).isPresent()) {
            pregnancy.add(new Status(onset != null ? onset : recorded, true, null, "an active pregnancy Condition"));
            return;
        }
        Optional<FhirCodes.Entry> twitch = codes.find(FhirCodes.Kind.TWITCH_DIAGNOSIS, c.getCode());
        twitch.ifPresent(e -> warnings.add("problem list has " + e.value() + " (" + systemName(e.system()) + " "
                + codingFor(c.getCode(), e).getCode() + "); kept as a known condition: the rules assess the"
                + " presentation itself"));
        Coding chosen = null;
        for (Coding coding : c.getCode().getCoding()) {
            String system = FhirCodes.system(coding.getSystem());
            if (!coding.hasCode() || !(FhirCodes.SNOMED.equals(system) || FhirCodes.ICD_10_CM.equals(system)
                    || FhirCodes.ICD_10.equals(system))) {
                continue;
            }
            if (terminology.knows(system, coding.getCode())) {
                chosen = coding;
                break;
            }
            boolean twitchCoding = codes.find(FhirCodes.Kind.TWITCH_DIAGNOSIS, coding).isPresent();
            if (chosen == null || (twitchCoding && codes.find(FhirCodes.Kind.TWITCH_DIAGNOSIS, chosen).isEmpty())) {
                chosen = coding; // the first coding, or the first that names the twitching diagnosis
            }
        }
        if (chosen == null) {
            warnings.count("active conditions without a SNOMED CT or ICD-10-CM code, left out");
            return;
        }
        String system = FhirCodes.system(chosen.getSystem());
        String code = chosen.getCode().strip();
        if (conditionKeys.add(system + "|" + code)) {
            ObjectNode node = conditions.addObject();
            node.put("system", system);
            node.put("code", code);
        }
    }

    private Coding codingFor(CodeableConcept concept, FhirCodes.Entry entry) {
        for (Coding c : concept.getCoding()) {
            Optional<FhirCodes.Entry> e = codes.find(entry.kind(), c);
            if (e.isPresent() && e.get() == entry) {
                return c;
            }
        }
        return new Coding(entry.system(), entry.code(), null);
    }

    private static String systemName(String system) {
        return switch (system) {
            case FhirCodes.SNOMED -> "SNOMED";
            case FhirCodes.ICD_10_CM -> "ICD-10-CM";
            case FhirCodes.LOINC -> "LOINC";
            case FhirCodes.CPT -> "CPT";
            default -> system;
        };
    }

    // ---------------------------------------------------------------- medications

    /** A medication's name and code, from a CodeableConcept or a referenced Medication. */
    private record Drug(String name, String system, String code) {
    }

    private Drug drug(Type medication, Resources.Item from) {
        if (medication instanceof CodeableConcept concept) {
            return drug(concept);
        }
        if (medication instanceof Reference reference) {
            Resources.Item target = index.resolve(reference, from);
            if (target != null && target.resource() instanceof Medication m) {
                referencedMedications.add(m);
                Drug d = drug(m.getCode());
                if (d == null && m.hasIngredient()) {
                    List<String> names = new ArrayList<>();
                    for (Medication.MedicationIngredientComponent ingredient : m.getIngredient()) {
                        if (ingredient.getItem() instanceof CodeableConcept cc && drug(cc) != null) {
                            names.add(drug(cc).name());
                        }
                    }
                    d = names.isEmpty() ? null : new Drug(String.join(" / ", names), null, null);
                }
                return d;
            }
            warnings.count("medication references to no Medication in the input (dangling), kept by their display"
                    + " text where there is one, else left out");
            return reference.hasDisplay() ? new Drug(reference.getDisplay(), null, null) : null;
        }
        return null;
    }

    private static Drug drug(CodeableConcept concept) {
        if (concept == null || concept.isEmpty()) {
            return null;
        }
        Coding chosen = null;
        for (Coding c : concept.getCoding()) {
            if (!c.hasCode()) {
                continue;
            }
            if (FhirCodes.RXNORM.equals(FhirCodes.system(c.getSystem()))) {
                chosen = c;
                break;
            }
            if (chosen == null) {
                chosen = c;
            }
        }
        String name = concept.hasText() ? concept.getText() : null;
        if (name == null) {
            for (Coding c : concept.getCoding()) {
                if (c.hasDisplay()) {
                    name = c.getDisplay();
                    break;
                }
            }
        }
        if (name == null && chosen == null) {
            return null;
        }
        return new Drug(name, chosen == null ? null : FhirCodes.system(chosen.getSystem()),
                chosen == null ? null : chosen.getCode());
    }

    private void medicationRequest(MedicationRequest m, Resources.Item item) {
        medicationsDocumented = true;
        MedicationRequest.MedicationRequestStatus status = m.getStatus();
        if (status == MedicationRequest.MedicationRequestStatus.ENTEREDINERROR
                || status == MedicationRequest.MedicationRequestStatus.CANCELLED) {
            return;
        }
        if (status == MedicationRequest.MedicationRequestStatus.DRAFT) {
            warnings.count("draft medication orders, not counted as taken");
            return;
        }
        LocalDate start = Dates.day(m.getAuthoredOnElement());
        if (start == null && m.hasDispenseRequest()) {
            start = Dates.day(m.getDispenseRequest().getValidityPeriod().getStartElement());
        }
        if (future(start)) {
            return;
        }
        LocalDate end = null;
        LocalDate lastKnown = start;
        for (Dosage dosage : m.getDosageInstruction()) {
            if (dosage.hasTiming() && dosage.getTiming().hasRepeat()
                    && dosage.getTiming().getRepeat().getBounds() instanceof org.hl7.fhir.r4.model.Period bounds) {
                end = Dates.latest(end, Dates.day(bounds.getEndElement()));
            }
        }
        if (m.hasDispenseRequest()) {
            lastKnown = upToAsOf(lastKnown, Dates.day(m.getDispenseRequest().getValidityPeriod().getStartElement()));
            lastKnown = upToAsOf(lastKnown, Dates.day(m.getDispenseRequest().getValidityPeriod().getEndElement()));
        }
        boolean ended = status == MedicationRequest.MedicationRequestStatus.COMPLETED
                || status == MedicationRequest.MedicationRequestStatus.STOPPED;
        if (status == null || status == MedicationRequest.MedicationRequestStatus.UNKNOWN) {
            warnings.count("medication orders with status unknown, counted as current");
        }
        Dosage dosage = m.hasDosageInstruction() ? m.getDosageInstructionFirstRep() : null;
        addMedication(drug(m.getMedication(), item), start, end, lastKnown, ended, dosage);
    }

    private void medicationStatement(MedicationStatement m, Resources.Item item) {
        medicationsDocumented = true;
        MedicationStatement.MedicationStatementStatus status = m.getStatus();
        if (status == MedicationStatement.MedicationStatementStatus.ENTEREDINERROR
                || status == MedicationStatement.MedicationStatementStatus.NOTTAKEN
                || status == MedicationStatement.MedicationStatementStatus.INTENDED) {
            return;
        }
        LocalDate start = Dates.day(m.getEffective());
        LocalDate asserted = Dates.day(m.getDateAssertedElement());
        if (future(start != null ? start : asserted)) {
            return;
        }
        LocalDate end = Dates.end(m.getEffective());
        LocalDate lastKnown = upToAsOf(start, asserted);
        boolean ended = status == MedicationStatement.MedicationStatementStatus.COMPLETED
                || status == MedicationStatement.MedicationStatementStatus.STOPPED;
        if (status == null || status == MedicationStatement.MedicationStatementStatus.UNKNOWN) {
            warnings.count("medication statements with status unknown, counted as current");
        }
        Dosage dosage = m.hasDosage() ? m.getDosageFirstRep() : null;
        addMedication(drug(m.getMedication(), item), start, end, lastKnown, ended, dosage);
    }

    /** The later of two dates, ignoring one after asOf (a "last known" date must be known by then). */
    private LocalDate upToAsOf(LocalDate known, LocalDate candidate) {
        return candidate == null || candidate.isAfter(asOf) ? known : Dates.latest(known, candidate);
    }

    private void addMedication(Drug drug, LocalDate start, LocalDate end, LocalDate lastKnown, boolean ended,
            Dosage dosage) {
        if (drug == null) {
            warnings.count("medication resources without a code or name, left out");
            return;
        }
        if (end != null && end.isAfter(asOf) && ended) {
            end = asOf;
        }
        if (ended && end == null) {
            if (lastKnown == null) {
                warnings.count("completed or stopped medications without any date, left out (when they were taken is"
                        + " unknown)");
                return;
            }
            end = lastKnown;
            warnings.count("completed or stopped medications without an end date, endDate set to the last date on"
                    + " the record (often the order date)");
        }
        if (start != null && end != null && end.isBefore(start)) {
            end = start;
        }
        ObjectNode node = NODES.objectNode();
        if (drug.name() != null) {
            node.put("name", drug.name());
        }
        if (drug.code() != null && drug.system() != null) {
            ObjectNode code = node.putObject("code");
            code.put("system", drug.system());
            code.put("code", drug.code());
        }
        if (start != null) {
            node.put("startDate", start.toString());
        }
        if (end != null) {
            node.put("endDate", end.toString());
        }
        String route = route(drug.name(), dosage);
        if (route != null) {
            node.put("route", route);
        }
        medications.add(node);
    }

    /** The route from the dosage route, else from the product name; null when neither says. */
    private static String route(String name, Dosage dosage) {
        String productName = name == null ? "" : name;
        if (DEPOT.matcher(productName).find()) {
            return "DEPOT";
        }
        StringBuilder text = new StringBuilder();
        if (dosage != null && dosage.hasRoute()) {
            CodeableConcept route = dosage.getRoute();
            text.append(route.getText()).append(' ');
            route.getCoding().forEach(c -> text.append(c.getDisplay()).append(' '));
        }
        String said = text.toString().toLowerCase(Locale.ROOT);
        if (said.isBlank()) {
            said = productName.toLowerCase(Locale.ROOT);
        }
        if (said.contains("oral") || said.contains("by mouth")) {
            return "ORAL";
        }
        if (said.contains("intravenous")) {
            return "IV";
        }
        if (said.contains("intramuscular")) {
            return "IM";
        }
        if (said.contains("transdermal") || said.contains("topical") || said.contains("cutaneous")
                || said.contains("ophthalmic")) {
            return "TOPICAL";
        }
        return null;
    }

    // ---------------------------------------------------------------- observations

    private void observation(Observation o) {
        Observation.ObservationStatus status = o.getStatus();
        if (status != Observation.ObservationStatus.FINAL && status != Observation.ObservationStatus.AMENDED
                && status != Observation.ObservationStatus.CORRECTED
                && status != Observation.ObservationStatus.PRELIMINARY) {
            warnings.unused("Observation");
            return;
        }
        LocalDate date = Dates.day(o.getEffective());
        if (date == null) {
            date = o.hasIssued() ? Dates.day(o.getIssuedElement()) : null;
        }
        if (future(date)) {
            return;
        }
        if (codes.find(FhirCodes.Kind.PREGNANCY_STATUS, o.getCode()).isPresent()) {
            Boolean flag = null;
            if (o.getValue() instanceof CodeableConcept value) {
                Optional<FhirCodes.Entry> answer = codes.find(FhirCodes.Kind.PREGNANCY_ANSWER, value);
                if (answer.isEmpty()) {
                    warnings.add("a pregnancy-status Observation has an answer we do not map; not used");
                    return;
                }
                if ("unknown".equals(answer.get().value())) {
                    return;
                }
                flag = Boolean.valueOf(answer.get().value());
            } else if (o.getValue() instanceof BooleanType b && b.getValue() != null) {
                flag = b.booleanValue();
            } else {
                warnings.add("a pregnancy-status Observation has no coded answer; not used");
                return;
            }
            pregnancy.add(new Status(date, flag, null, "a pregnancy-status Observation"));
        } else if (codes.find(FhirCodes.Kind.EGFR, o.getCode()).isPresent()) {
            egfr(o, date);
        } else if (codes.find(FhirCodes.Kind.BREASTFEEDING_STATUS, o.getCode()).isPresent()) {
            Boolean flag = yesNo(o.getValue());
            if (flag == null) {
                warnings.add("a breastfeeding-status Observation has an answer we do not map; not used");
                return;
            }
            breastfeeding.add(new Status(date, flag, null, "a breastfeeding-status Observation"));
        } else {
            warnings.unused("Observation");
        }
    }

    private static Boolean yesNo(Type value) {
        if (value instanceof BooleanType b) {
            return b.getValue();
        }
        if (value instanceof CodeableConcept cc) {
            for (Coding c : cc.getCoding()) {
                String code = c.getCode() == null ? "" : c.getCode().toLowerCase(Locale.ROOT);
                if (code.equals("y") || code.equals("yes") || code.equals("true")) {
                    return true;
                }
                if (code.equals("n") || code.equals("no") || code.equals("false")) {
                    return false;
                }
            }
            StringBuilder text = new StringBuilder(cc.hasText() ? cc.getText() : "");
            cc.getCoding().forEach(c -> text.append(' ').append(c.getDisplay()));
            String t = text.toString().toLowerCase(Locale.ROOT);
            if (t.contains("not breast") || t.matches(".*\\bno\\b.*")) {
                return false;
            }
            if (t.contains("breastfeeding") || t.contains("breast fed") || t.contains("breast-fed")
                    || t.matches(".*\\byes\\b.*")) {
                return true;
            }
        }
        return null;
    }

    private void egfr(Observation o, LocalDate date) {
        if (!(o.getValue() instanceof Quantity q) || q.getValue() == null) {
            warnings.add("an eGFR Observation has no numeric value; not used");
            return;
        }
        String unit = ((q.hasCode() ? q.getCode() : "") + " " + (q.hasUnit() ? q.getUnit() : "")).toLowerCase(Locale.ROOT);
        if (!unit.contains("ml/min")) {
            warnings.add("an eGFR Observation is not in mL/min/1.73m2; not used");
            return;
        }
        double value = q.getValue().doubleValue();
        if (value < 0 || value > 300) {
            warnings.add("an eGFR Observation is outside 0–300 mL/min/1.73m2; not used");
            return;
        }
        if (q.hasComparator()) {
            warnings.add("an eGFR is reported with a comparator (" + q.getComparator().toCode() + "); its number was"
                    + " used");
        }
        if (egfr == null || (date != null && (egfr.date() == null || date.isAfter(egfr.date())))) {
            egfr = new Status(date, null, value, "eGFR");
        }
    }

    /** The latest status still recent enough; older ones are reported. */
    private Boolean latest(List<Status> statuses, String what, int maxAgeTrue, int maxAgeFalse) {
        Status best = null;
        Set<Boolean> seen = new HashSet<>();
        for (Status s : statuses) {
            int maxAge = Boolean.TRUE.equals(s.flag()) ? maxAgeTrue : maxAgeFalse;
            if (s.date() != null && s.date().plusDays(maxAge).isBefore(asOf)) {
                warnings.add(s.source() + " (" + (s.flag() ? "yes" : "no") + ") is dated " + s.date()
                        + ", more than " + maxAge + " days before asOf; not read as the " + what + " status now");
                continue;
            }
            seen.add(s.flag());
            if (best == null || (s.date() != null && (best.date() == null || s.date().isAfter(best.date())))) {
                best = s;
            }
        }
        if (best == null) {
            return null;
        }
        if (seen.size() > 1) {
            warnings.add("the " + what + " status conflicts between resources; the latest (" + best.source()
                    + (best.date() == null ? "" : ", " + best.date()) + ") was used");
        }
        return best.flag();
    }

    // ---------------------------------------------------------------- allergies, procedures, devices

    private static String text(CodeableConcept concept) {
        if (concept == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(concept.hasText() ? concept.getText() : "");
        concept.getCoding().forEach(c -> text.append(' ').append(c.hasDisplay() ? c.getDisplay() : ""));
        return text.toString();
    }

    private void allergy(AllergyIntolerance a) {
        String clinical = code(a.getClinicalStatus());
        String verification = code(a.getVerificationStatus());
        if ((clinical != null && !"active".equals(clinical)) || "refuted".equals(verification)
                || "entered-in-error".equals(verification)) {
            return;
        }
        String text = text(a.getCode());
        for (AllergyIntolerance.AllergyIntoleranceReactionComponent reaction : a.getReaction()) {
            text += " " + text(reaction.getSubstance());
        }
        if (TOXIN.matcher(text).find()) {
            toxinHypersensitivity = true;
            warnings.add("an allergy or intolerance to botulinum toxin is recorded: history.botulinumToxin"
                    + ".hypersensitivity = true");
        } else if (!NO_KNOWN.matcher(text).find()) {
            warnings.count("other allergies or intolerances, not used by the rules");
        }
    }

    private void procedure(Procedure p) {
        if (p.getStatus() != Procedure.ProcedureStatus.COMPLETED) {
            warnings.unused("Procedure");
            return;
        }
        LocalDate date = p.getPerformed() instanceof org.hl7.fhir.r4.model.Period period
                ? Dates.latest(Dates.day(period.getStartElement()), Dates.day(period.getEndElement()))
                : Dates.day(p.getPerformed());
        if (future(date)) {
            return;
        }
        boolean toxin = codes.find(FhirCodes.Kind.TOXIN_INJECTION, p.getCode()).isPresent()
                || TOXIN.matcher(text(p.getCode())).find();
        if (!toxin) {
            warnings.unused("Procedure");
            return;
        }
        if (date == null) {
            warnings.add("a botulinum toxin injection (Procedure) has no date; not used");
            return;
        }
        lastInjection = Dates.latest(lastInjection, date);
    }

    private void device(Device d) {
        Device.FHIRDeviceStatus status = d.getStatus();
        if (status == Device.FHIRDeviceStatus.INACTIVE || status == Device.FHIRDeviceStatus.ENTEREDINERROR) {
            return;
        }
        MriSafety safety = null;
        Optional<FhirCodes.Entry> coded = codes.find(FhirCodes.Kind.MR_SAFETY, d.getSafety());
        if (coded.isPresent()) {
            safety = MriSafety.valueOf(coded.get().value());
        } else {
            for (CodeableConcept s : d.getSafety()) {
                String t = text(s).toLowerCase(Locale.ROOT);
                if (t.contains("unsafe")) {
                    safety = MriSafety.NON_MR_CONDITIONAL_DEVICE;
                } else if (t.contains("conditional")) {
                    safety = MriSafety.MR_CONDITIONAL_DEVICE;
                } else if (t.contains("mr safe") || t.contains("magnetic resonance safe")) {
                    safety = MriSafety.NONE;
                }
            }
        }
        StringBuilder label = new StringBuilder(text(d.getType()));
        d.getDeviceName().forEach(n -> label.append(' ').append(n.getName()));
        Optional<FhirCodes.Entry> implant = codes.find(FhirCodes.Kind.MR_IMPLANT, d.getType());
        boolean implantType = implant.isPresent() || IMPLANT.matcher(label).find();
        if (safety == null && !implantType) {
            warnings.unused("Device");
            return;
        }
        if (safety == null) {
            safety = MriSafety.MR_CONDITIONAL_DEVICE;
            String what = implant.map(FhirCodes.Entry::value).orElse("implanted device");
            warnings.add("a " + what + " (Device) has no MR safety information: mriSafety = MR_CONDITIONAL_DEVICE;"
                    + " confirm MR status");
        }
        deviceSafety = worst(deviceSafety, safety);
    }

    private static MriSafety worst(MriSafety a, MriSafety b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return MRI_SEVERITY.indexOf(a) <= MRI_SEVERITY.indexOf(b) ? a : b;
    }

    // ---------------------------------------------------------------- imaging

    private Optional<StudyType> studyType(CodeableConcept code, boolean byText) {
        Optional<FhirCodes.Entry> e = codes.find(FhirCodes.Kind.IMAGING, code);
        if (e.isPresent()) {
            String[] parts = e.get().value().split("/");
            Boolean contrast = switch (parts[1]) {
                case "WO" -> false;
                case "W", "WO+W" -> true;
                default -> null;
            };
            return Optional.of(new StudyType(parts[0], contrast, parts.length > 2 ? parts[2] : null));
        }
        if (byText) {
            String t = text(code);
            if (HEAD_TEXT.matcher(t).find()) {
                String modality = MRI_TEXT.matcher(t).find() ? "MRI" : CT_TEXT.matcher(t).find() ? "CT" : null;
                if (modality != null) {
                    warnings.count("imaging resources recognised by their text, not a listed code");
                    return Optional.of(new StudyType(modality, null, null));
                }
            }
        }
        return Optional.empty();
    }

    private void report(DiagnosticReport report, Resources.Item item) {
        String status = switch (report.getStatus() == null ? DiagnosticReport.DiagnosticReportStatus.NULL
                : report.getStatus()) {
            case FINAL, AMENDED, CORRECTED, APPENDED -> "DONE";
            case PRELIMINARY, PARTIAL -> "DONE*";
            case REGISTERED -> "ORDERED";
            default -> null;
        };
        LocalDate date = Dates.day(report.getEffective());
        if (date == null && report.hasIssued()) {
            date = Dates.day(report.getIssuedElement());
        }
        Optional<StudyType> type = studyType(report.getCode(), true);
        List<ImagingStudy> linked = new ArrayList<>();
        for (Reference ref : report.getImagingStudy()) {
            Resources.Item target = index.resolve(ref, item);
            if (target != null && target.resource() instanceof ImagingStudy s) {
                linked.add(s);
                if (type.isEmpty()) {
                    type = imagingStudyType(s);
                }
            }
        }
        if (type.isEmpty() || status == null) {
            warnings.unused("DiagnosticReport");
            return;
        }
        if (future(date)) {
            return;
        }
        if (status.equals("DONE*")) {
            status = "DONE";
            warnings.count("preliminary or partial imaging reports, read as done");
        }
        linked.forEach(merged::add);
        mergeOrders(report.getBasedOn(), item);
        Study study = new Study(type.get(), status, date);
        if (date == null) {
            for (ImagingStudy s : linked) {
                study.date = Dates.latest(study.date, Dates.day(s.getStartedElement()));
            }
        }
        for (CodeableConcept conclusion : report.getConclusionCode()) {
            Optional<FhirCodes.Entry> finding = codes.find(FhirCodes.Kind.FINDING, conclusion);
            if (finding.isPresent()) {
                study.findings.add(Finding.valueOf(finding.get().value()).name());
            } else {
                warnings.add("an imaging conclusion code (" + describe(conclusion) + ") is not mapped to a finding;"
                        + " not used");
            }
        }
        if ("DONE".equals(status) && study.findings.isEmpty()) {
            warnings.count("brain imaging reports without a coded conclusion we map, findings not documented"
                    + " (code them in " + FhirCodes.FINDING_SYSTEM + ")");
        }
        studies.add(study);
    }

    /** The orders a report or study fulfils are merged into it, not counted again as open orders. */
    private void mergeOrders(List<Reference> basedOn, Resources.Item from) {
        for (Reference ref : basedOn) {
            Resources.Item target = index.resolve(ref, from);
            if (target != null && target.resource() instanceof ServiceRequest) {
                merged.add(target.resource());
            }
        }
    }

    private static String describe(CodeableConcept concept) {
        for (Coding c : concept.getCoding()) {
            if (c.hasCode()) {
                return c.getSystem() + "|" + c.getCode();
            }
        }
        return "text only";
    }

    private Optional<StudyType> imagingStudyType(ImagingStudy s) {
        Optional<StudyType> byCode = codes.find(FhirCodes.Kind.IMAGING, s.getProcedureCode()).isPresent()
                ? studyType(s.getProcedureCode().stream()
                        .filter(c -> codes.find(FhirCodes.Kind.IMAGING, c).isPresent()).findFirst().orElseThrow(), false)
                : Optional.empty();
        if (byCode.isPresent()) {
            return byCode;
        }
        Set<String> modalities = new LinkedHashSet<>();
        StringBuilder site = new StringBuilder(s.hasDescription() ? s.getDescription() : "");
        s.getModality().forEach(c -> modalities.add(c.getCode()));
        for (ImagingStudy.ImagingStudySeriesComponent series : s.getSeries()) {
            if (series.hasModality()) {
                modalities.add(series.getModality().getCode());
            }
            if (series.hasBodySite()) {
                site.append(' ').append(series.getBodySite().getDisplay());
            }
            if (series.hasDescription()) {
                site.append(' ').append(series.getDescription());
            }
        }
        s.getProcedureCode().forEach(c -> site.append(' ').append(text(c)));
        if (!HEAD_TEXT.matcher(site).find()) {
            return Optional.empty();
        }
        if (modalities.contains("MR")) {
            return Optional.of(new StudyType("MRI", null, null));
        }
        if (modalities.contains("CT")) {
            return Optional.of(new StudyType("CT", null, null));
        }
        return Optional.empty();
    }

    private void imagingStudy(ImagingStudy s) {
        String status = switch (s.getStatus() == null ? ImagingStudy.ImagingStudyStatus.NULL : s.getStatus()) {
            case AVAILABLE -> "DONE";
            case REGISTERED -> "ORDERED";
            default -> null;
        };
        Optional<StudyType> type = imagingStudyType(s);
        if (type.isEmpty() || status == null) {
            warnings.unused("ImagingStudy");
            return;
        }
        LocalDate date = Dates.day(s.getStartedElement());
        if (future(date)) {
            return;
        }
        mergeOrders(s.getBasedOn(), null);
        Study study = new Study(type.get(), status, date);
        if ("DONE".equals(status)) {
            warnings.count("brain imaging studies without a report in the input, findings not documented");
        }
        studies.add(study);
    }

    private void serviceRequest(ServiceRequest s) {
        Optional<StudyType> type = studyType(s.getCode(), true);
        if (type.isEmpty()) {
            warnings.unused("ServiceRequest");
            return;
        }
        ServiceRequest.ServiceRequestStatus status = s.getStatus();
        if (status == ServiceRequest.ServiceRequestStatus.COMPLETED) {
            warnings.add("a completed brain imaging order has no report or study in the input: not counted as done"
                    + " (findings unknown)");
            return;
        }
        if (status != ServiceRequest.ServiceRequestStatus.ACTIVE && status != ServiceRequest.ServiceRequestStatus.DRAFT
                && status != ServiceRequest.ServiceRequestStatus.ONHOLD) {
            return;
        }
        if (future(Dates.day(s.getAuthoredOnElement()))) {
            return;
        }
        LocalDate date = Dates.day(s.getOccurrence());
        studies.add(new Study(type.get(), "ORDERED", date != null ? date : Dates.day(s.getAuthoredOnElement())));
    }

    // ---------------------------------------------------------------- assembly

    private ObjectNode assemble() {
        ObjectNode root = NODES.objectNode();
        patient(root);
        if (!root.has("asOf")) {
            root.put("asOf", asOf.toString());
        }
        Boolean pregnant = latest(pregnancy, "pregnancy", PREGNANT_MAX_AGE_DAYS, NOT_PREGNANT_MAX_AGE_DAYS);
        if (pregnant != null) {
            root.put("pregnant", pregnant);
        }
        Boolean feeding = latest(breastfeeding, "breastfeeding", BREASTFEEDING_MAX_AGE_DAYS, BREASTFEEDING_MAX_AGE_DAYS);
        if (feeding != null) {
            root.put("breastfeeding", feeding);
        }
        copy(assessment, root, "twitching");
        copy(assessment, root, "exam");
        history(root);
        if (conditionsDocumented) {
            root.set("conditions", conditions);
        }
        if (medicationsDocumented || medicationListComplete) {
            ArrayNode list = root.putArray("medications");
            medications.sort(Comparator.comparing((ObjectNode n) -> n.path("startDate").asText("9999"))
                    .thenComparing(n -> n.path("name").asText("")));
            medications.forEach(list::add);
        }
        if (egfr != null && egfr.date() != null && egfr.date().plusDays(EGFR_MAX_AGE_DAYS).isBefore(asOf)) {
            warnings.add("the latest eGFR is dated " + egfr.date() + ", more than " + EGFR_MAX_AGE_DAYS
                    + " days before asOf; not used as the current value");
            egfr = null;
        }
        if (egfr != null) {
            root.putObject("labs").set("egfr", Dates.number(BigDecimal.valueOf(egfr.number())));
        }
        copy(assessment, root, "lifestyle");
        if (!studies.isEmpty()) {
            ArrayNode list = root.putArray("imaging");
            studies.sort(Comparator.comparing((Study s) -> s.date == null ? "9999" : s.date.toString())
                    .thenComparing(s -> s.status).thenComparing(s -> s.modality));
            for (Study s : studies) {
                ObjectNode node = list.addObject();
                node.put("modality", s.modality);
                node.put("status", s.status);
                if (s.date != null) {
                    node.put("date", s.date.toString());
                }
                if (s.contrast != null) {
                    node.put("contrast", s.contrast);
                }
                if (s.protocol != null) {
                    node.put("protocol", s.protocol);
                }
                if (!s.findings.isEmpty()) {
                    ArrayNode findings = node.putArray("findings");
                    s.findings.forEach(findings::add);
                }
            }
        }
        mriSafety(root);
        copy(assessment, root, "eeg");
        copy(assessment, root, "preferences");
        return root;
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(field, value);
        }
    }

    private void history(ObjectNode root) {
        ObjectNode history = assessment.get("history") instanceof ObjectNode h ? h.deepCopy() : NODES.objectNode();
        if (lastInjection != null || toxinHypersensitivity) {
            ObjectNode toxin = history.get("botulinumToxin") instanceof ObjectNode t ? t : history.putObject("botulinumToxin");
            if (lastInjection != null) {
                LocalDate answered = toxin.has("lastInjectionDate")
                        ? LocalDate.parse(toxin.get("lastInjectionDate").asText()) : null;
                toxin.put("lastInjectionDate", Dates.latest(answered, lastInjection).toString());
            }
            if (toxinHypersensitivity) {
                if (toxin.has("hypersensitivity") && !toxin.get("hypersensitivity").asBoolean()) {
                    warnings.add("the assessment says no botulinum toxin hypersensitivity, but an allergy record says"
                            + " there is: true was used");
                }
                toxin.put("hypersensitivity", true);
            }
        }
        if (bellsPalsy) {
            ObjectNode palsy = history.get("facialPalsy") instanceof ObjectNode p ? p : history.putObject("facialPalsy");
            if (!palsy.has("cause")) {
                palsy.put("cause", "BELLS_PALSY");
            } else if (!"BELLS_PALSY".equals(palsy.get("cause").asText())) {
                warnings.add("a Bell's palsy Condition is recorded, but the assessment gives another cause of facial"
                        + " palsy; the assessment's was kept");
            }
            if (!palsy.has("onsetDate") && bellsPalsyOnset != null) {
                palsy.put("onsetDate", bellsPalsyOnset.toString());
            }
        }
        if (!history.isEmpty()) {
            root.set("history", history);
        }
    }

    private void mriSafety(ObjectNode root) {
        MriSafety answered = assessment.has("mriSafety") ? MriSafety.valueOf(assessment.get("mriSafety").asText()) : null;
        MriSafety result = worst(answered, deviceSafety);
        if (answered != null && deviceSafety != null && answered != deviceSafety) {
            warnings.add("MR safety differs between the assessment (" + answered + ") and the Device records ("
                    + deviceSafety + "); " + result + " was used");
        }
        if (result != null) {
            root.put("mriSafety", result.name());
        }
    }
}
