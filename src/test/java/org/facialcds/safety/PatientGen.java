package org.facialcds.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.facialcds.facts.AlcoholUse;
import org.facialcds.facts.ConditionName;
import org.facialcds.facts.DrugClass;
import org.facialcds.facts.Eeg;
import org.facialcds.facts.Finding;
import org.facialcds.facts.ImagingStatus;
import org.facialcds.facts.Laterality;
import org.facialcds.facts.Modality;
import org.facialcds.facts.Movement;
import org.facialcds.facts.MriSafety;
import org.facialcds.facts.NeuroExam;
import org.facialcds.facts.PalsyCause;
import org.facialcds.facts.Protocol;
import org.facialcds.facts.Recovery;
import org.facialcds.facts.Region;
import org.facialcds.facts.Route;
import org.facialcds.facts.Sex;
import org.facialcds.facts.Side;
import org.facialcds.facts.ToxinResponse;
import org.facialcds.facts.Trigger;

/**
 * Random patient-facts documents (patient-facts.md) spanning the whole input contract: every enum,
 * absent and explicit-null fields, lists, codes as well as words, and dates on both sides of every
 * threshold the rules use. Each document is valid input; jqwik shrinks a failing one towards fewer
 * fields, so a failure shows a small patient.
 *
 * <p>Purely independent fields would almost never meet the criteria of a confident label (a
 * blepharospasm needs four twitching features, a normal exam, the medication list and an MRI at
 * once), so each patient is drawn around a clinical archetype, with a per-patient rate of red-flag
 * findings; every field can still take every value.
 */
final class PatientGen {

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Evaluation dates, one in a leap year on 29 February. */
    static final List<LocalDate> AS_OF = List.of(LocalDate.of(2026, 11, 26), LocalDate.of(2028, 2, 29),
            LocalDate.of(2025, 1, 1));

    /** Ages on both sides of every age threshold (12, 16, 40, 55, 60, 65) and the limits 0 and 130. */
    static final Integer[] AGE_EDGES = {0, 11, 12, 15, 16, 39, 40, 41, 55, 56, 59, 60, 64, 65, 66, 130};

    enum Archetype {
        ANY, EYELID_MYOKYMIA, BLEPHAROSPASM, MEIGE, HEMIFACIAL_SPASM, SYNKINESIS, BELLS_PALSY, TARDIVE, TIC,
        SEIZURE, FUNCTIONAL, FACIAL_MYOKYMIA
    }

    /**
     * The archetype, the chance that each red-flag finding is present, and whether the record is
     * "clean": most fields documented, a normal exam, the medication list and an MRI since onset.
     * Clean records reach the confident labels and the drug suggestions; the others probe unknowns.
     */
    record Profile(Archetype archetype, double redFlags, boolean clean) {
    }

    /** The evaluation date, and the twitching onset once known: what relative dates are built on. */
    static final class Ctx {
        final LocalDate asOf;
        LocalDate onset;

        Ctx(LocalDate asOf) {
            this.asOf = asOf;
        }

        LocalDate anchor() {
            return onset != null ? onset : asOf;
        }
    }

    /** One field of the document; {@code value} may depend on the dates, and may return null for "absent". */
    record Part(String path, Function<Ctx, JsonNode> value) {
    }

    record AgeSpec(int kind, int years, int shift) { // kind 0 none, 1 age, 2 birthDate
    }

    record OnsetSpec(int kind, int days) { // kind 0 none, 1 onsetDate, 2 durationDays
    }

    private PatientGen() {
    }

    // ---- the whole patient ---------------------------------------------------------------------

    /** Red-flag rates, most patients having none. */
    static final double[] RED_FLAG_RATES = {0.0, 0.02, 0.1, 0.3};
    static final int[] RED_FLAG_WEIGHTS = {5, 1, 1, 1};

    /**
     * Every profile's arbitrary, built once and chosen by frequency (not {@code flatMap}, which would
     * make jqwik rebuild and hash the whole generator tree for every patient).
     */
    static Arbitrary<PatientCase> patients() {
        return Holder.PATIENTS;
    }

    private static final class Holder { // after every other static of the class is initialised
        static final Arbitrary<PatientCase> PATIENTS = build();
    }

    @SuppressWarnings("unchecked")
    private static Arbitrary<PatientCase> build() {
        List<Tuple.Tuple2<Integer, Arbitrary<PatientCase>>> all = new ArrayList<>();
        for (Archetype a : Archetype.values()) {
            for (int r = 0; r < RED_FLAG_RATES.length; r++) {
                for (boolean clean : new boolean[] {true, false}) {
                    boolean confidentLabel = a == Archetype.EYELID_MYOKYMIA || a == Archetype.BLEPHAROSPASM
                            || a == Archetype.MEIGE || a == Archetype.HEMIFACIAL_SPASM;
                    int weight = RED_FLAG_WEIGHTS[r] * (clean && confidentLabel ? 3 : 1);
                    all.add(Tuple.of(weight, patientFor(new Profile(a, RED_FLAG_RATES[r], clean))));
                }
            }
        }
        return Arbitraries.frequencyOf(all.toArray(new Tuple.Tuple2[0]));
    }

    static Arbitrary<PatientCase> patientFor(Profile p) {
        Archetype a = p.archetype();
        Arbitrary<Integer> asOf = Arbitraries.integers().between(0, AS_OF.size() - 1);
        Arbitrary<AgeSpec> age = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new AgeSpec(0, 0, 0))),
                Tuple.of(7, Combinators.combine(ages(a), Arbitraries.just(0)).as((y, s) -> new AgeSpec(1, y, s))),
                Tuple.of(2, Combinators.combine(ages(a), Arbitraries.of(-1, 0, 1)).as((y, s) -> new AgeSpec(2, y, s))));
        Arbitrary<OnsetSpec> onset = Combinators.combine(Arbitraries.of(0, 1, 1, 1, 2, 2), onsetDays(a))
                .as(OnsetSpec::new);
        List<Arbitrary<Part>> parts = new ArrayList<>();
        parts.addAll(topLevel(p));
        parts.addAll(twitching(p));
        parts.addAll(exam(p));
        parts.addAll(history(p));
        parts.add(conditions(p));
        parts.add(medications(p));
        parts.add(imaging(p));
        return Combinators.combine(asOf, age, onset, Combinators.combine(parts).as(l -> l))
                .as((i, ag, on, l) -> build(a, AS_OF.get(i), ag, on, l));
    }

    static PatientCase build(Archetype archetype, LocalDate asOf, AgeSpec age, OnsetSpec onset, List<Part> parts) {
        ObjectNode root = F.objectNode();
        root.put("id", "gen-" + archetype.name().toLowerCase());
        root.put("asOf", asOf.toString());
        Ctx ctx = new Ctx(asOf);
        Integer years = null;
        LocalDate birth = null;
        if (age.kind() == 1) {
            root.put("age", age.years());
            years = age.years();
        } else if (age.kind() == 2) {
            birth = asOf.minusYears(age.years()).plusDays(age.shift());
            if (birth.isAfter(asOf)) birth = asOf;
            root.put("birthDate", birth.toString());
            years = Period.between(birth, asOf).getYears();
        }
        if (onset.kind() != 0) {
            long days = onset.days();
            if (birth != null) days = Math.min(days, java.time.temporal.ChronoUnit.DAYS.between(birth, asOf));
            else if (years != null) days = Math.min(days, years * 365L);
            ctx.onset = asOf.minusDays(days);
            ObjectNode t = object(root, "twitching");
            if (onset.kind() == 1) t.put("onsetDate", ctx.onset.toString());
            else t.put("durationDays", (int) days);
        }
        for (Part part : parts) {
            if (part == null) continue;
            JsonNode value = part.value().apply(ctx);
            if (value != null) Json.set(root, part.path(), value);
        }
        return new PatientCase(archetype, root);
    }

    // ---- value helpers -------------------------------------------------------------------------

    static Arbitrary<Part> field(String path, Arbitrary<JsonNode> value, double absent) {
        Arbitrary<Part> part = value.map(v -> new Part(path, ctx -> v));
        return withAbsent(part, absent);
    }

    /** Absent with this chance (and, rarely, an explicit JSON null, which means the same). */
    static Arbitrary<Part> withAbsent(Arbitrary<Part> part, double absent) {
        if (absent <= 0) return part;
        int a = (int) Math.round(absent * 100);
        return Arbitraries.frequencyOf(
                Tuple.of(a, Arbitraries.just((Part) null)),
                Tuple.of(Math.max(1, a / 20), part.map(p -> new Part(p.path(), ctx -> NullNode.getInstance()))),
                Tuple.of(100 - a, part));
    }

    static Arbitrary<JsonNode> bool(double pTrue) {
        int t = (int) Math.round(pTrue * 1000);
        return Arbitraries.frequencyOf(
                Tuple.of(1000 - t, Arbitraries.just((JsonNode) F.booleanNode(false))),
                Tuple.of(t, Arbitraries.just((JsonNode) F.booleanNode(true))));
    }

    static Arbitrary<JsonNode> text(Enum<?>... values) {
        return Arbitraries.of(values).map(v -> (JsonNode) F.textNode(v.name()));
    }

    static Arbitrary<JsonNode> anyOf(Class<? extends Enum<?>> type) {
        return text(type.getEnumConstants());
    }

    /** Mostly the preferred values when the archetype matches, otherwise any value of the enum. */
    static Arbitrary<JsonNode> prefer(boolean when, Class<? extends Enum<?>> type, Enum<?>... preferred) {
        if (!when) return anyOf(type);
        return Arbitraries.frequencyOf(Tuple.of(8, text(preferred)), Tuple.of(2, anyOf(type)));
    }

    static Arbitrary<JsonNode> enumList(Class<? extends Enum<?>> type, int max) {
        return Arbitraries.of(type.getEnumConstants()).list().ofMaxSize(max).map(PatientGen::array);
    }

    static ArrayNode array(List<? extends Enum<?>> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(v -> a.add(v.name()));
        return a;
    }

    static Arbitrary<JsonNode> regionList(Region... regions) {
        return Arbitraries.of(regions).list().ofMinSize(1).ofMaxSize(regions.length).uniqueElements()
                .map(PatientGen::array);
    }

    static ObjectNode object(ObjectNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n instanceof ObjectNode o) return o;
        return parent.putObject(name);
    }

    static Arbitrary<Integer> ages(Archetype a) {
        Arbitrary<Integer> typical = switch (a) {
            case TIC -> Arbitraries.integers().between(4, 20);
            case BLEPHAROSPASM, MEIGE -> Arbitraries.integers().between(35, 85);
            case HEMIFACIAL_SPASM -> Arbitraries.integers().between(30, 80);
            default -> Arbitraries.integers().between(0, 100);
        };
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(AGE_EDGES)), Tuple.of(6, typical));
    }

    static Arbitrary<Integer> onsetDays(Archetype a) {
        Arbitrary<Integer> edges = Arbitraries.of(0, 1, 2, 3, 4, 27, 28, 29, 89, 90, 91, 365, 366);
        Arbitrary<Integer> typical = switch (a) {
            case BELLS_PALSY -> Arbitraries.integers().between(0, 6);
            case EYELID_MYOKYMIA -> Arbitraries.of(7, 30, 88, 89, 90, 91, 200);
            default -> Arbitraries.integers().between(0, 7300);
        };
        return Arbitraries.frequencyOf(Tuple.of(5, edges), Tuple.of(5, typical));
    }

    // ---- top level -----------------------------------------------------------------------------

    static List<Arbitrary<Part>> topLevel(Profile p) {
        List<Arbitrary<Part>> parts = new ArrayList<>();
        boolean clean = p.clean();
        parts.add(field("sex", anyOf(Sex.class), clean ? 0.05 : 0.15));
        parts.add(field("pregnant", bool(clean ? 0.1 : 0.2), clean ? 0.1 : 0.4));
        parts.add(field("breastfeeding", bool(clean ? 0.05 : 0.15), clean ? 0.3 : 0.5));
        parts.add(field("mriSafety", clean ? prefer(true, MriSafety.class, MriSafety.NONE) : anyOf(MriSafety.class),
                clean ? 0.7 : 0.5));
        parts.add(field("eeg", prefer(p.archetype() == Archetype.SEIZURE, Eeg.class, Eeg.EPILEPTIFORM, Eeg.NOT_DONE),
                clean && p.archetype() != Archetype.SEIZURE ? 0.95 : 0.6));
        parts.add(field("labs.egfr", Arbitraries.of(0.0, 30.0, 59.0, 59.9, 60.0, 60.1, 90.0, 300.0)
                .map(d -> (JsonNode) (d == Math.rint(d) ? F.numberNode(d.intValue()) : F.numberNode(d))), 0.6));
        parts.add(field("lifestyle.caffeineMgPerDay", Arbitraries.of(0.0, 399.0, 400.0, 400.5, 401.0, 1000.0, 10000.0)
                .map(d -> (JsonNode) (d == Math.rint(d) ? F.numberNode(d.intValue()) : F.numberNode(d))), 0.5));
        parts.add(field("lifestyle.sleepHoursPerNight", Arbitraries.of(0.0, 4.0, 6.9, 6.99, 7.0, 7.1, 9.0, 24.0)
                .map(d -> (JsonNode) (d == Math.rint(d) ? F.numberNode(d.intValue()) : F.numberNode(d))), 0.5));
        parts.add(field("lifestyle.highStress", bool(0.4), 0.5));
        parts.add(field("lifestyle.alcoholUse", anyOf(AlcoholUse.class), 0.6));
        parts.add(field("preferences.declinesInjections", bool(0.3), 0.6));
        parts.add(field("preferences.wantsDefinitiveTreatment", bool(0.3), 0.6));
        return parts;
    }

    // ---- twitching -----------------------------------------------------------------------------

    static List<Arbitrary<Part>> twitching(Profile p) {
        Archetype a = p.archetype();
        boolean bsp = a == Archetype.BLEPHAROSPASM || a == Archetype.MEIGE
                || (a == Archetype.TARDIVE);
        List<Arbitrary<Part>> parts = new ArrayList<>();
        String t = "twitching.";
        Arbitrary<JsonNode> laterality = switch (a) {
            case EYELID_MYOKYMIA -> prefer(true, Laterality.class, Laterality.UNILATERAL_LEFT,
                    Laterality.UNILATERAL_RIGHT, Laterality.BILATERAL_INDEPENDENT);
            case BLEPHAROSPASM, MEIGE, TARDIVE -> prefer(true, Laterality.class, Laterality.BILATERAL_SYNCHRONOUS);
            case HEMIFACIAL_SPASM, SYNKINESIS, BELLS_PALSY, FACIAL_MYOKYMIA -> prefer(true, Laterality.class,
                    Laterality.UNILATERAL_LEFT, Laterality.UNILATERAL_RIGHT, Laterality.UNILATERAL_LEFT,
                    Laterality.UNILATERAL_RIGHT, Laterality.BILATERAL_INDEPENDENT);
            default -> anyOf(Laterality.class);
        };
        parts.add(field(t + "laterality", laterality, 0.1));
        Arbitrary<JsonNode> regions = switch (a) {
            case EYELID_MYOKYMIA -> Arbitraries.frequencyOf(
                    Tuple.of(8, regionList(Region.UPPER_LID, Region.LOWER_LID)),
                    Tuple.of(2, enumList(Region.class, 3)));
            case BLEPHAROSPASM -> Arbitraries.frequencyOf(
                    Tuple.of(8, regionList(Region.PERIOCULAR, Region.UPPER_LID, Region.LOWER_LID, Region.BROW_FOREHEAD,
                            Region.CHEEK)),
                    Tuple.of(2, enumList(Region.class, 4)));
            case MEIGE, TARDIVE -> Arbitraries.frequencyOf(
                    Tuple.of(8, regionList(Region.PERIOCULAR, Region.PERIORAL, Region.JAW, Region.TONGUE)),
                    Tuple.of(2, enumList(Region.class, 4)));
            case HEMIFACIAL_SPASM, SYNKINESIS -> Arbitraries.frequencyOf(
                    Tuple.of(8, regionList(Region.PERIOCULAR, Region.UPPER_LID, Region.CHEEK, Region.PERIORAL,
                            Region.NECK)),
                    Tuple.of(2, enumList(Region.class, 4)));
            case FUNCTIONAL -> regionList(Region.PERIORAL, Region.JAW, Region.CHEEK);
            case FACIAL_MYOKYMIA -> regionList(Region.CHEEK, Region.PERIORAL, Region.PERIOCULAR, Region.BROW_FOREHEAD);
            default -> enumList(Region.class, 4);
        };
        parts.add(field(t + "regions", regions, 0.1));
        Arbitrary<JsonNode> first = switch (a) {
            case EYELID_MYOKYMIA -> prefer(true, Region.class, Region.UPPER_LID, Region.LOWER_LID);
            case BLEPHAROSPASM, MEIGE, HEMIFACIAL_SPASM -> prefer(true, Region.class, Region.PERIOCULAR,
                    Region.UPPER_LID, Region.LOWER_LID, Region.CHEEK);
            default -> anyOf(Region.class);
        };
        parts.add(field(t + "firstRegion", first, 0.25));
        Arbitrary<JsonNode> movement = switch (a) {
            case EYELID_MYOKYMIA -> prefer(true, Movement.class, Movement.FINE_FLICKER);
            case BLEPHAROSPASM, MEIGE -> prefer(true, Movement.class, Movement.SUSTAINED_CLOSURE,
                    Movement.CLONIC_TONIC_SPASM);
            case HEMIFACIAL_SPASM -> prefer(true, Movement.class, Movement.CLONIC_TONIC_SPASM);
            case TARDIVE -> prefer(true, Movement.class, Movement.OROBUCCOLINGUAL_CHOREA, Movement.SUSTAINED_CLOSURE);
            case TIC -> prefer(true, Movement.class, Movement.BRIEF_SUPPRESSIBLE);
            case SEIZURE -> prefer(true, Movement.class, Movement.RHYTHMIC_JERKING);
            case FUNCTIONAL -> prefer(true, Movement.class, Movement.TONIC_PULLING);
            case FACIAL_MYOKYMIA -> prefer(true, Movement.class, Movement.UNDULATING_RIPPLE);
            default -> anyOf(Movement.class);
        };
        parts.add(field(t + "movement", movement, a == Archetype.HEMIFACIAL_SPASM ? 0.3 : 0.15));
        double rf = p.redFlags();
        parts.add(field(t + "onsetAbrupt", bool(a == Archetype.BELLS_PALSY || a == Archetype.FUNCTIONAL ? 0.8 : 0.1),
                0.5));
        parts.add(field(t + "progressive", bool(Math.max(rf, 0.1)), 0.5));
        parts.add(field(t + "continuous", bool(a == Archetype.FACIAL_MYOKYMIA ? 0.8 : 0.15), 0.5));
        parts.add(field(t + "persistsInSleep", bool(a == Archetype.HEMIFACIAL_SPASM ? 0.8 : 0.2), 0.5));
        parts.add(field(t + "spreadSinceOnset", bool(Math.max(rf, 0.1)), 0.5));
        parts.add(field(t + "sensoryTrick", bool(bsp ? 0.6 : 0.2), 0.4));
        parts.add(field(t + "increasedBlinking", bool(bsp ? 0.6 : 0.2), 0.4));
        parts.add(field(t + "photophobia", bool(bsp ? 0.6 : 0.2), 0.5));
        parts.add(field(t + "canSuppress", bool(a == Archetype.TIC ? 0.8 : 0.3), 0.4));
        parts.add(field(t + "premonitoryUrge", bool(a == Archetype.TIC ? 0.8 : 0.1), 0.5));
        parts.add(field(t + "browLiftSign", bool(a == Archetype.HEMIFACIAL_SPASM ? 0.6 : 0.1), 0.5));
        parts.add(field(t + "triggeredByVoluntaryMovement", bool(a == Archetype.SYNKINESIS ? 0.8 : 0.1), 0.5));
        parts.add(field(t + "impairedAwareness", bool(a == Archetype.SEIZURE ? 0.5 : rf), 0.5));
        parts.add(field(t + "spreadsToLimb", bool(a == Archetype.SEIZURE ? 0.3 : rf), 0.5));
        parts.add(field(t + "distractible", bool(a == Archetype.FUNCTIONAL ? 0.7 : 0.1), 0.5));
        parts.add(field(t + "triggers", Arbitraries.frequencyOf(
                Tuple.of(a == Archetype.SYNKINESIS ? 5 : 1, Arbitraries.just(array(List.of(
                        Trigger.VOLUNTARY_FACIAL_MOVEMENT)))),
                Tuple.of(5, enumList(Trigger.class, 3))), 0.4));
        parts.add(field(t + "painful", bool(0.1), 0.5));
        return parts;
    }

    // ---- exam ----------------------------------------------------------------------------------

    static final String[] RED_FLAG_EXAM = {"facialWeakness", "eyeClosureIncomplete", "ptosis", "ptosisFatigable",
        "diplopia", "hearingLoss", "tinnitus", "vertigo", "facialNumbness", "dysarthria", "dysphagia", "dyspnea",
        "limbWeakness", "limbSensoryLoss", "areflexia", "ataxia", "parkinsonism"};

    static List<Arbitrary<Part>> exam(Profile p) {
        List<Arbitrary<Part>> parts = new ArrayList<>();
        Arbitrary<JsonNode> neuro = Arbitraries.frequencyOf(
                Tuple.of(p.clean() ? 19 : p.redFlags() > 0.1 ? 4 : 8,
                        Arbitraries.just((JsonNode) F.textNode(NeuroExam.NORMAL.name()))),
                Tuple.of(1, anyOf(NeuroExam.class)));
        parts.add(field("exam.neuroExam", neuro, p.clean() ? 0.02 : 0.15));
        for (String name : RED_FLAG_EXAM) {
            double pTrue = p.redFlags();
            if (name.equals("facialWeakness") && (p.archetype() == Archetype.BELLS_PALSY
                    || p.archetype() == Archetype.SYNKINESIS)) {
                pTrue = 0.7;
            }
            parts.add(field("exam." + name, bool(pTrue), 0.4));
        }
        return parts;
    }

    // ---- history -------------------------------------------------------------------------------

    static List<Arbitrary<Part>> history(Profile p) {
        Archetype a = p.archetype();
        List<Arbitrary<Part>> parts = new ArrayList<>();
        for (String name : List.of("headNeckRadiation", "priorEyelidSurgery", "visualEpisode", "falls")) {
            parts.add(field("history." + name, bool(0.2), 0.6));
        }
        Arbitrary<Integer> palsyDays = a == Archetype.BELLS_PALSY
                ? Arbitraries.of(0, 1, 2, 3, 4, 5)
                : Arbitraries.of(0, 2, 3, 4, 89, 90, 91, 200, 400, 3000);
        Arbitrary<Part> palsy = Combinators.combine(
                        prefer(a == Archetype.SYNKINESIS || a == Archetype.BELLS_PALSY, Side.class, Side.LEFT,
                                Side.RIGHT).injectNull(0.2),
                        palsyDays.injectNull(0.2),
                        prefer(a == Archetype.BELLS_PALSY || a == Archetype.SYNKINESIS, PalsyCause.class,
                                PalsyCause.BELLS_PALSY).injectNull(0.2),
                        prefer(a == Archetype.BELLS_PALSY, Recovery.class, Recovery.PARTIAL, Recovery.NONE)
                                .injectNull(0.2))
                .as((side, days, cause, recovery) -> new Part("history.facialPalsy", ctx -> {
                    ObjectNode o = F.objectNode();
                    if (side != null) o.set("side", side);
                    if (days != null) o.put("onsetDate", ctx.asOf.minusDays(days).toString());
                    if (cause != null) o.set("cause", cause);
                    if (recovery != null) o.set("recovery", recovery);
                    return o;
                }));
        parts.add(withAbsent(palsy, a == Archetype.SYNKINESIS || a == Archetype.BELLS_PALSY ? 0.15 : 0.8));
        Arbitrary<Part> toxin = Combinators.combine(
                        Arbitraries.of(0, 1, 30, 83, 84, 85, 200, 1000).injectNull(0.2),
                        anyOf(ToxinResponse.class).injectNull(0.2),
                        bool(0.15).injectNull(0.3),
                        bool(0.15).injectNull(0.3))
                .as((days, response, hyper, infection) -> new Part("history.botulinumToxin", ctx -> {
                    ObjectNode o = F.objectNode();
                    if (days != null) o.put("lastInjectionDate", ctx.asOf.minusDays(days).toString());
                    if (response != null) o.set("response", response);
                    if (hyper != null) o.set("hypersensitivity", hyper);
                    if (infection != null) o.set("injectionSiteInfection", infection);
                    return o;
                }));
        parts.add(withAbsent(toxin, 0.7));
        return parts;
    }

    // ---- conditions ----------------------------------------------------------------------------

    /** Standard codes the bundled terminology maps, and one it does not (kept with a warning). */
    static final String[][] CONDITION_CODES = {
        {"http://snomed.info/sct", "91637004"}, // myasthenia gravis
        {"http://hl7.org/fhir/sid/icd-10-cm", "G70.00"}, // myasthenia gravis
        {"http://snomed.info/sct", "24700007"}, // multiple sclerosis
        {"http://hl7.org/fhir/sid/icd-10-cm", "G35"}, // multiple sclerosis
        {"http://snomed.info/sct", "78275009"}, // obstructive sleep apnoea
        {"http://snomed.info/sct", "126952004"}, // neoplasm of brain
        {"http://hl7.org/fhir/sid/icd-10-cm", "C71.9"}, // malignant neoplasm of brain (category C71)
        {"http://snomed.info/sct", "126949007"}, // acoustic neuroma
        {"http://snomed.info/sct", "5602001"}, // opioid abuse
        {"http://snomed.info/sct", "22298006"}, // myocardial infarction: not mapped
    };

    static Arbitrary<Part> conditions(Profile p) {
        Arbitrary<JsonNode> word = Arbitraries.of(ConditionName.values())
                .map(c -> (JsonNode) F.objectNode().put("code", c.name()));
        Arbitrary<JsonNode> coded = Arbitraries.of(CONDITION_CODES)
                .map(c -> (JsonNode) F.objectNode().put("system", c[0]).put("code", c[1]));
        Arbitrary<JsonNode> one = Arbitraries.frequencyOf(Tuple.of(8, word), Tuple.of(2, coded));
        if (p.clean()) {
            Arbitrary<JsonNode> quiet = Arbitraries.of(Arrays.stream(ConditionName.values())
                            .filter(c -> c != ConditionName.BRAIN_TUMOUR && c != ConditionName.VESTIBULAR_SCHWANNOMA
                                    && c != ConditionName.MULTIPLE_SCLEROSIS).toList())
                    .map(c -> (JsonNode) F.objectNode().put("code", c.name()));
            Arbitrary<List<JsonNode>> list = Arbitraries.frequencyOf(
                    Tuple.of(5, Arbitraries.just(List.<JsonNode>of())),
                    Tuple.of(4, Arbitraries.frequencyOf(Tuple.of(9, quiet), Tuple.of(1, one)).list().ofMinSize(1)
                            .ofMaxSize(1)));
            return withAbsent(list.map(l -> new Part("conditions", ctx -> arrayOf(l))), 0.1);
        }
        int max = p.redFlags() > 0 ? 4 : 2;
        return withAbsent(one.list().ofMaxSize(max).map(l -> new Part("conditions", ctx -> arrayOf(l))), 0.3);
    }

    static ArrayNode arrayOf(List<JsonNode> nodes) {
        ArrayNode a = F.arrayNode();
        nodes.forEach(n -> a.add(n.deepCopy()));
        return a;
    }

    // ---- medications ---------------------------------------------------------------------------

    /** Names the bundled terminology classifies (and one it does not). */
    static final String[] DRUG_NAMES = {"haloperidol", "metoclopramide", "risperidone", "oxycodone", "diazepam",
        "clonazepam", "gentamicin", "rocuronium", "trihexyphenidyl", "baclofen", "prednisone", "valbenazine",
        "zolpidem", "amitriptyline", "paracetamol"};

    /** RxNorm codes the bundled terminology maps. */
    static final String[] RXNORM = {"7804", "3322", "2598", "10811", "1292", "8640", "10390", "197591"};

    static final String RXNORM_SYSTEM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /** Days of exposure before onset and days between stopping and onset, on both sides of 30/90 and 28/56. */
    static final Integer[] EXPOSURE = {-10, 0, 29, 30, 31, 89, 90, 91, 365, 2000};
    static final Integer[] STOPPED = {-400, -5, 0, 1, 27, 28, 29, 55, 56, 57, 58, 200};

    static Arbitrary<Part> medications(Profile p) {
        Archetype a = p.archetype();
        Arbitrary<List<DrugClass>> classes = Arbitraries.frequencyOf(
                Tuple.of(a == Archetype.TARDIVE ? 6 : 1, Arbitraries.just(List.of(DrugClass.DOPAMINE_BLOCKER))),
                Tuple.of(4, Arbitraries.of(DrugClass.values()).list().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<JsonNode> identity = Arbitraries.frequencyOf(
                Tuple.of(5, classes.map(c -> (JsonNode) F.objectNode().set("classes", array(c)))),
                Tuple.of(3, Arbitraries.of(DRUG_NAMES).map(n -> (JsonNode) F.objectNode().put("name", n))),
                Tuple.of(2, Arbitraries.of(RXNORM).map(c -> (JsonNode) F.objectNode().set("code",
                        F.objectNode().put("system", RXNORM_SYSTEM).put("code", c)))));
        Arbitrary<JsonNode> med = Combinators.combine(
                        identity,
                        Arbitraries.of(EXPOSURE).injectNull(0.15),
                        Arbitraries.of(STOPPED).injectNull(0.5),
                        prefer(a == Archetype.TARDIVE, Route.class, Route.DEPOT, Route.ORAL).injectNull(0.4))
                .as((id, start, stop, route) -> {
                    ObjectNode o = ((ObjectNode) id).deepCopy();
                    // dates are materialised at build time; remember the offsets
                    if (start != null) o.put("@start", start);
                    if (stop != null) o.put("@stop", stop);
                    if (route != null) o.set("route", route);
                    return (JsonNode) o;
                });
        int max = a == Archetype.TARDIVE ? 2 : 3;
        Arbitrary<List<JsonNode>> meds = p.clean() && a != Archetype.TARDIVE
                ? Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(List.<JsonNode>of())),
                        Tuple.of(5, med.list().ofMinSize(1).ofMaxSize(1)))
                : med.list().ofMaxSize(max);
        return withAbsent(meds.map(l -> new Part("medications", ctx -> {
            ArrayNode list = F.arrayNode();
            for (JsonNode m : l) {
                ObjectNode o = m.deepCopy();
                JsonNode s = o.remove("@start");
                JsonNode e = o.remove("@stop");
                LocalDate start = s == null ? null : ctx.anchor().minusDays(s.asInt());
                LocalDate end = e == null ? null : ctx.anchor().minusDays(e.asInt());
                if (start != null && end != null && end.isBefore(start)) end = start;
                if (start != null) o.put("startDate", start.toString());
                if (end != null) o.put("endDate", end.toString());
                list.add(o);
            }
            return list;
        })), p.clean() ? 0.05 : 0.25);
    }

    // ---- imaging -------------------------------------------------------------------------------

    static Arbitrary<Part> imaging(Profile p) {
        Arbitrary<JsonNode> findings = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(array(List.of(Finding.NORMAL)))),
                Tuple.of(2, Arbitraries.of(Finding.NVC_SYMPTOMATIC_SIDE, Finding.NVC_CONTRALATERAL_ONLY,
                        Finding.DOLICHOECTATIC_ARTERY).list().ofMinSize(1).ofMaxSize(2).map(PatientGen::array)),
                Tuple.of(2, enumList(Finding.class, 2)));
        Arbitrary<JsonNode> study = Combinators.combine(
                        Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(Modality.MRI)),
                                Tuple.of(3, Arbitraries.just(Modality.CT))),
                        Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(ImagingStatus.DONE)),
                                Tuple.of(3, Arbitraries.of(ImagingStatus.values()))),
                        Arbitraries.of(-400, -1, 0, 1, 30).injectNull(0.3),
                        bool(0.5).injectNull(0.5),
                        anyOf(Protocol.class).injectNull(0.5),
                        findings.injectNull(0.15))
                .as((modality, status, rel, contrast, protocol, found) -> {
                    ObjectNode o = F.objectNode().put("modality", modality.name()).put("status", status.name());
                    if (rel != null) o.put("@date", rel);
                    if (contrast != null) o.set("contrast", contrast);
                    if (protocol != null) o.set("protocol", protocol);
                    if (found != null) o.set("findings", found);
                    return (JsonNode) o;
                });
        Arbitrary<JsonNode> cleanMri = Combinators.combine(
                        Arbitraries.of(0, 1, 30).injectNull(0.3),
                        Arbitraries.frequencyOf(
                                Tuple.of(5, Arbitraries.just(array(List.of(Finding.NORMAL)))),
                                Tuple.of(5, Arbitraries.of(Finding.NVC_SYMPTOMATIC_SIDE, Finding.NVC_CONTRALATERAL_ONLY,
                                        Finding.DOLICHOECTATIC_ARTERY).list().ofMinSize(1).ofMaxSize(2)
                                        .map(PatientGen::array))))
                .as((rel, found) -> {
                    ObjectNode o = F.objectNode().put("modality", "MRI").put("status", "DONE");
                    if (rel != null) o.put("@date", rel);
                    o.set("findings", found);
                    return (JsonNode) o;
                });
        Arbitrary<List<JsonNode>> studies = p.clean()
                ? Arbitraries.frequencyOf(Tuple.of(8, cleanMri.list().ofMinSize(1).ofMaxSize(1)),
                        Tuple.of(2, study.list().ofMaxSize(3)))
                : study.list().ofMaxSize(3);
        return withAbsent(studies.map(l -> new Part("imaging", ctx -> {
            ArrayNode list = F.arrayNode();
            for (JsonNode s : l) {
                ObjectNode o = s.deepCopy();
                JsonNode rel = o.remove("@date");
                if (rel != null) {
                    LocalDate date = ctx.anchor().plusDays(rel.asInt());
                    if (date.isAfter(ctx.asOf)) date = ctx.asOf;
                    o.put("date", date.toString());
                }
                list.add(o);
            }
            return list;
        })), p.clean() ? 0.1 : 0.3);
    }

    static List<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }
}
