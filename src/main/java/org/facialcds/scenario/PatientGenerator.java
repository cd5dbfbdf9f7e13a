package org.facialcds.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.facialcds.facts.ConditionName;
import org.facialcds.facts.DrugClass;
import org.facialcds.facts.Finding;
import org.facialcds.facts.Laterality;
import org.facialcds.facts.Movement;
import org.facialcds.facts.MriSafety;
import org.facialcds.facts.NeuroExam;
import org.facialcds.facts.PalsyCause;
import org.facialcds.facts.Recovery;
import org.facialcds.facts.Region;
import org.facialcds.facts.Trigger;

/**
 * Synthetic patients in the patient-facts JSON (patient-facts.md), for benchmarks, batch runs and
 * property tests. Every presentation of the pathway appears (eyelid and facial myokymia, typical,
 * atypical and bilateral HFS, blepharospasm and Meige, synkinesis, Bell's palsy, tics, seizures,
 * functional, tardive syndromes on dopamine blockers, toxin spread, sparse records), with plausible
 * comorbidities, medications and vetoes, undocumented fields, and values at the policy thresholds.
 * Every patient is valid input. Patient {@code i} depends only on the seed and {@code i}: the same
 * seed always gives the same bytes, on any machine.
 *
 * <pre>
 * PatientGenerator generator = new PatientGenerator(42);
 * String json = generator.json(0);          // one patient, one line
 * generator.write(1000, writer);            // 1000 NDJSON lines
 * </pre>
 */
public final class PatientGenerator {

    /** The clinical pictures the generator draws, one after another (patient {@code i} has {@code values()[i % 15]}). */
    public enum Presentation {
        EYELID_MYOKYMIA, FACIAL_MYOKYMIA, HFS_TYPICAL, HFS_ATYPICAL, HFS_BILATERAL, BLEPHAROSPASM, MEIGE,
        SYNKINESIS, BELLS_PALSY, TIC, SEIZURE, FUNCTIONAL, TARDIVE, TOXIN_SPREAD, SPARSE
    }

    /** The latest evaluation date drawn; {@code asOf} falls in the three years before it. */
    public static final LocalDate LATEST_AS_OF = LocalDate.of(2026, 11, 26);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter WRITER = new ObjectMapper().writer();
    private static final Presentation[] PRESENTATIONS = Presentation.values();

    private static final String SNOMED = "http://snomed.info/sct";
    private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /** Ages at the policy thresholds: childbearing 12-55, children 12 and 16, tic 18, HFS 40, tardive 60, Beers 65. */
    private static final int[] AGE_EDGES = {11, 12, 15, 16, 17, 18, 39, 40, 41, 54, 55, 56, 59, 60, 61, 64, 65, 66};

    private final long seed;

    public PatientGenerator(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The presentation of patient {@code index}. */
    public Presentation presentation(long index) {
        return PRESENTATIONS[(int) Math.floorMod(index, (long) PRESENTATIONS.length)];
    }

    /** Patient {@code index} as one line of JSON (no line break). */
    public String json(long index) {
        try {
            return WRITER.writeValueAsString(patient(index));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a generated patient", e);
        }
    }

    /** Patients {@code 0 .. count-1} as NDJSON, one line each, streamed (flat memory for any count). */
    public void write(long count, Writer out) {
        try {
            for (long i = 0; i < count; i++) {
                out.write(json(i));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Patient {@code index} as a JSON tree. */
    public ObjectNode patient(long index) {
        Rng rng = new Rng(Rng.mix(seed) ^ Rng.mix(index + 0x632BE59BD9B4E019L));
        return new Draft(rng, presentation(index), "gen-" + seed + "-" + index).build();
    }

    // ---- one patient ---------------------------------------------------------------------------

    /** One patient being drawn; the parts are put together in the contract's field order at the end. */
    private static final class Draft {
        private final Rng r;
        private final Presentation presentation;
        private final String id;
        private final LocalDate asOf;

        private int age;
        private String sex;
        private boolean useBirthDate;
        private LocalDate birthDate;
        private int durationDays;
        private LocalDate onset;

        private final ObjectNode twitching = NODES.objectNode();
        private final ObjectNode exam = NODES.objectNode();
        private final ObjectNode history = NODES.objectNode();
        private final ObjectNode lifestyle = NODES.objectNode();
        private final ObjectNode labs = NODES.objectNode();
        private final ObjectNode preferences = NODES.objectNode();
        private final ArrayNode conditions = NODES.arrayNode();
        private final ArrayNode medications = NODES.arrayNode();
        private final ArrayNode imaging = NODES.arrayNode();
        private final Set<ConditionName> conditionNames = new LinkedHashSet<>();
        private String mriSafety;
        private String eeg;
        private Boolean pregnant;
        private Boolean breastfeeding;

        Draft(Rng r, Presentation presentation, String id) {
            this.r = r;
            this.presentation = presentation;
            this.id = id;
            this.asOf = LATEST_AS_OF.minusDays(r.nextInt(3 * 365));
        }

        ObjectNode build() {
            switch (presentation) {
                case EYELID_MYOKYMIA -> eyelidMyokymia();
                case FACIAL_MYOKYMIA -> facialMyokymia();
                case HFS_TYPICAL -> hfs(false);
                case HFS_ATYPICAL -> hfs(true);
                case HFS_BILATERAL -> hfsBilateral();
                case BLEPHAROSPASM -> blepharospasm(false);
                case MEIGE -> blepharospasm(true);
                case SYNKINESIS -> synkinesis();
                case BELLS_PALSY -> bellsPalsy();
                case TIC -> tic();
                case SEIZURE -> seizure();
                case FUNCTIONAL -> functional();
                case TARDIVE -> tardive();
                case TOXIN_SPREAD -> toxinSpread();
                case SPARSE -> sparse();
            }
            return assemble();
        }

        // ---- demographics and time --------------------------------------------------------------

        /** Age (sometimes at a policy threshold) and sex; fixes the birth date when that is the form used. */
        private void person(int minAge, int maxAge, double female) {
            int[] edges = java.util.Arrays.stream(AGE_EDGES).filter(a -> a >= minAge && a <= maxAge).toArray();
            age = edges.length > 0 && r.chance(0.15) ? r.pickInt(edges) : r.between(minAge, maxAge);
            sex = r.chance(female) ? "FEMALE" : r.chance(0.97) ? "MALE" : "OTHER";
            useBirthDate = r.chance(0.2);
            if (useBirthDate) {
                LocalDate candidate = asOf.minusYears(age).minusDays(r.nextInt(365));
                birthDate = Period.between(candidate, asOf).getYears() == age ? candidate : null;
                useBirthDate = birthDate != null;
            }
        }

        /** Days since onset, sometimes at a threshold (Bell's window 3, tardive 28, review 90), never before birth. */
        private void onsetDays(int min, int max, int... edges) {
            int days = edges.length > 0 && r.chance(0.2) ? r.pickInt(edges) : r.between(min, max);
            long alive = useBirthDate ? ChronoUnit.DAYS.between(birthDate, asOf) : Math.max(30L, age * 365L);
            durationDays = (int) Math.min(days, alive);
            onset = asOf.minusDays(durationDays);
        }

        /** Writes the onset as a date, a duration, both, or neither (unknown). */
        private void putOnset() {
            double form = r.nextDouble();
            if (form < 0.6) {
                twitching.put("onsetDate", onset.toString());
            } else if (form < 0.9) {
                twitching.put("durationDays", durationDays);
            } else if (form < 0.95) {
                twitching.put("onsetDate", onset.toString());
                twitching.put("durationDays", durationDays);
            }
        }

        private String daysAgo(int days) {
            return asOf.minusDays(days).toString();
        }

        // ---- presentations ----------------------------------------------------------------------

        private void eyelidMyokymia() {
            person(16, 65, 0.6);
            onsetDays(1, 30, 89, 90, 91);
            if (r.chance(0.35)) onsetDays(60, 500, 89, 90, 91);
            twitching.put("laterality", r.chance(0.88) ? unilateral() : Laterality.BILATERAL_INDEPENDENT.name());
            Region lid = r.chance(0.5) ? Region.UPPER_LID : Region.LOWER_LID;
            List<Region> regions = new ArrayList<>(List.of(lid));
            if (r.chance(0.15)) regions.add(lid == Region.UPPER_LID ? Region.LOWER_LID : Region.UPPER_LID);
            boolean spread = r.chance(0.08);
            if (spread) regions.add(r.chance(0.5) ? Region.CHEEK : Region.PERIOCULAR);
            regions(regions);
            twitching.put("firstRegion", lid.name());
            twitching.put("movement", Movement.FINE_FLICKER.name());
            putOnset();
            maybeBool(twitching, "spreadSinceOnset", spread ? 1.0 : 0.0, 0.6);
            maybeBool(twitching, "progressive", 0.05, 0.5);
            maybeBool(twitching, "continuous", 0.1, 0.3);
            triggers(0.7, Trigger.CAFFEINE, Trigger.FATIGUE, Trigger.SLEEP_DEPRIVATION, Trigger.STRESS,
                    Trigger.SCREEN_USE);
            lifestyle(0.8);
            exam(NeuroExam.NORMAL, 0.85);
            common(0.15, 0.2);
        }

        private void facialMyokymia() {
            int kind = r.nextInt(4); // 0 demyelination, 1 brainstem tumour, 2 Guillain-Barré features, 3 no workup
            if (kind == 1 && r.chance(0.5)) person(3, 15, 0.5); else person(18, 60, 0.6);
            if (kind == 2) onsetDays(1, 14, 2, 3, 4); else onsetDays(5, 120, 27, 28, 29);
            twitching.put("laterality", kind == 2 ? r.pick("BILATERAL_INDEPENDENT", "BILATERAL_SYNCHRONOUS") : unilateral());
            List<Region> regions = new ArrayList<>(List.of(Region.CHEEK));
            if (r.chance(0.6)) regions.add(Region.PERIORAL);
            if (r.chance(0.3)) regions.add(Region.PERIOCULAR);
            regions(regions);
            if (r.chance(0.5)) twitching.put("firstRegion", Region.CHEEK.name());
            twitching.put("movement", Movement.UNDULATING_RIPPLE.name());
            maybeBool(twitching, "continuous", 0.85, 0.8);
            putOnset();
            exam(NeuroExam.NORMAL, 0.6);
            switch (kind) {
                case 0 -> {
                    if (r.chance(0.7)) study("MRI", "DONE", r.between(0, Math.max(0, durationDays - 1)), "STANDARD",
                            Finding.DEMYELINATING_LESIONS);
                    if (r.chance(0.4)) condition(ConditionName.MULTIPLE_SCLEROSIS);
                    maybeBool(exam, "limbSensoryLoss", 0.3, 0.6);
                }
                case 1 -> {
                    maybeBool(twitching, "progressive", 0.8, 0.9);
                    maybeBool(exam, "facialWeakness", 0.6, 0.9);
                    if (r.chance(0.7)) study("MRI", "DONE", r.between(0, Math.max(0, durationDays - 1)), "STANDARD",
                            Finding.TUMOUR_BRAINSTEM);
                    if (r.chance(0.2)) condition(ConditionName.BRAIN_TUMOUR);
                }
                case 2 -> {
                    twitching.put("onsetAbrupt", true);
                    maybeBool(exam, "limbWeakness", 0.8, 0.9);
                    maybeBool(exam, "areflexia", 0.7, 0.8);
                    maybeBool(exam, "limbSensoryLoss", 0.7, 0.8);
                    maybeBool(exam, "dysphagia", 0.15, 0.5);
                    maybeBool(exam, "dyspnea", 0.1, 0.5);
                }
                default -> {
                    if (r.chance(0.5)) study("MRI", r.pick("NOT_DONE", "ORDERED"), 0, null);
                }
            }
            common(0.1, 0.1);
        }

        private void hfs(boolean atypical) {
            int variant = atypical ? r.nextInt(3) : -1; // 0 lower face first, 1 young onset, 2 painful
            if (variant == 1) person(18, 45, 0.6); else person(35, 80, 0.6);
            if (variant == 1) onsetDays(30, 3 * 365); else onsetDays(60, 8 * 365, 89, 90, 91);
            String side = unilateral();
            twitching.put("laterality", side);
            List<Region> regions = new ArrayList<>();
            Region first;
            if (variant == 0) {
                first = r.pick(Region.CHEEK, Region.PERIORAL, Region.JAW, Region.NECK);
                regions.add(first);
                regions.add(r.pick(Region.PERIOCULAR, Region.LOWER_LID, Region.UPPER_LID));
            } else {
                first = r.pick(Region.LOWER_LID, Region.UPPER_LID, Region.PERIOCULAR);
                regions.add(first);
                if (r.chance(0.85)) regions.add(r.pick(Region.CHEEK, Region.PERIORAL, Region.CHEEK));
                if (r.chance(0.2)) regions.add(Region.NECK);
            }
            regions(regions);
            twitching.put("firstRegion", first.name());
            if (variant == 0 || r.chance(0.8)) twitching.put("movement", Movement.CLONIC_TONIC_SPASM.name());
            putOnset();
            maybeBool(twitching, "persistsInSleep", 0.8, 0.6);
            maybeBool(twitching, "browLiftSign", 0.65, 0.6);
            maybeBool(twitching, "spreadSinceOnset", 0.7, 0.5);
            maybeBool(twitching, "progressive", 0.4, 0.4);
            maybeBool(twitching, "painful", variant == 2 ? 1.0 : 0.02, variant == 2 ? 1.0 : 0.3);
            triggers(0.4, Trigger.STRESS, Trigger.FATIGUE, Trigger.CHEWING_TALKING, Trigger.VOLUNTARY_FACIAL_MOVEMENT);
            exam(NeuroExam.NORMAL, 0.8);
            hfsImaging(side);
            if (r.chance(0.4)) toxinHistory(false);
            if (r.chance(0.15)) preferences.put("declinesInjections", r.chance(0.7));
            if (r.chance(0.2)) preferences.put("wantsDefinitiveTreatment", r.chance(0.7));
            common(0.25, 0.3);
        }

        private void hfsBilateral() {
            person(40, 80, 0.6);
            onsetDays(180, 10 * 365);
            twitching.put("laterality", Laterality.BILATERAL_INDEPENDENT.name());
            Region first = r.pick(Region.LOWER_LID, Region.UPPER_LID, Region.PERIOCULAR);
            regions(List.of(first, Region.PERIOCULAR, Region.CHEEK, Region.PERIORAL));
            twitching.put("firstRegion", first.name());
            if (r.chance(0.8)) twitching.put("movement", Movement.CLONIC_TONIC_SPASM.name());
            putOnset();
            maybeBool(twitching, "persistsInSleep", 0.8, 0.5);
            exam(NeuroExam.NORMAL, 0.8);
            hfsImaging(null);
            if (r.chance(0.3)) toxinHistory(false);
            common(0.2, 0.3);
        }

        /** Brain imaging for an HFS picture: none, ordered, an MRI with one of the findings, a CT, or an MRI from before the onset. */
        private void hfsImaging(String side) {
            double v = r.nextDouble();
            int before = r.between(0, Math.max(0, Math.min(durationDays - 1, 400)));
            if (v < 0.2) {
                return; // nothing documented
            } else if (v < 0.3) {
                study("MRI", r.pick("NOT_DONE", "ORDERED"), 0, null);
            } else if (v < 0.8) {
                Finding finding = r.pick(Finding.NVC_SYMPTOMATIC_SIDE, Finding.NVC_SYMPTOMATIC_SIDE, Finding.NORMAL,
                        Finding.NVC_CONTRALATERAL_ONLY, Finding.DOLICHOECTATIC_ARTERY, Finding.TUMOUR_CPA,
                        Finding.VASCULAR_MALFORMATION, Finding.DEMYELINATING_LESIONS);
                study("MRI", "DONE", before, r.chance(0.6) ? "HFS_PROTOCOL" : "STANDARD", finding);
                if (finding == Finding.TUMOUR_CPA) {
                    maybeBool(exam, "hearingLoss", 0.6, 0.8);
                    maybeBool(exam, "tinnitus", 0.5, 0.6);
                    if (r.chance(0.3)) condition(r.pick(ConditionName.VESTIBULAR_SCHWANNOMA, ConditionName.BRAIN_TUMOUR));
                }
            } else if (v < 0.9) {
                study("CT", "DONE", before, null, Finding.NORMAL);
            } else if (onset != null && durationDays > 40) {
                // an MRI from before the twitching began does not count for it
                study("MRI", "DONE", durationDays + r.between(1, 300), "STANDARD", Finding.NORMAL);
            }
            if (side == null && r.chance(0.1)) {
                maybeBool(exam, "hearingLoss", 0.5, 1.0);
            }
        }

        private void blepharospasm(boolean meige) {
            boolean young = !meige && r.chance(0.12);
            if (young) person(20, 45, 0.65); else person(meige ? 50 : 40, 85, 0.67);
            onsetDays(young ? 60 : 90, young ? 2 * 365 : 6 * 365);
            twitching.put("laterality", Laterality.BILATERAL_SYNCHRONOUS.name());
            List<Region> regions = new ArrayList<>(r.chance(0.7) ? List.of(Region.PERIOCULAR)
                    : List.of(Region.UPPER_LID, Region.LOWER_LID));
            if (r.chance(0.2)) regions.add(Region.BROW_FOREHEAD);
            if (meige) {
                regions.add(Region.PERIORAL);
                if (r.chance(0.6)) regions.add(Region.JAW);
                if (r.chance(0.3)) regions.add(Region.TONGUE);
            }
            regions(regions);
            if (r.chance(0.6)) twitching.put("firstRegion", regions.get(0).name());
            twitching.put("movement", r.chance(0.75) ? Movement.SUSTAINED_CLOSURE.name() : Movement.CLONIC_TONIC_SPASM.name());
            putOnset();
            boolean trick = r.chance(0.7);
            twitching.put("sensoryTrick", trick);
            maybeBool(twitching, "increasedBlinking", trick ? 0.7 : 0.9, 0.8);
            maybeBool(twitching, "canSuppress", 0.1, 0.4);
            maybeBool(twitching, "photophobia", 0.6, 0.5);
            maybeBool(twitching, "persistsInSleep", 0.02, 0.4);
            maybeBool(twitching, "browLiftSign", 0.02, 0.5);
            triggers(0.7, Trigger.BRIGHT_LIGHT, Trigger.WIND, Trigger.STRESS, Trigger.FATIGUE, Trigger.SCREEN_USE);
            double neuro = r.nextDouble();
            exam(neuro < 0.72 ? NeuroExam.NORMAL : neuro < 0.9 ? NeuroExam.NOT_DOCUMENTED : NeuroExam.ABNORMAL, 0.95);
            maybeBool(exam, "parkinsonism", 0.04, 0.4);
            if (r.chance(0.1)) {
                exam.put("ptosisFatigable", true);
                maybeBool(exam, "diplopia", 0.5, 0.8);
            }
            double img = r.nextDouble();
            if (img < 0.5) {
                study(r.chance(0.9) ? "MRI" : "CT", "DONE", r.between(0, Math.max(0, Math.min(durationDays - 1, 300))),
                        "STANDARD", r.chance(0.95) ? Finding.NORMAL : Finding.INFARCT);
            } else if (img < 0.65) {
                study("MRI", r.pick("NOT_DONE", "ORDERED"), 0, null);
            }
            if (r.chance(0.35)) toxinHistory(false);
            maybeBool(history, "priorEyelidSurgery", 0.06, 0.2);
            if (r.chance(0.06)) condition(ConditionName.SEVERE_DRY_EYE);
            if (r.chance(0.06)) condition(ConditionName.MYASTHENIA_GRAVIS);
            if (r.chance(0.15)) preferences.put("declinesInjections", r.chance(0.6));
            common(0.3, 0.35);
        }

        private void synkinesis() {
            person(20, 80, 0.55);
            String side = r.pick("LEFT", "RIGHT");
            int palsyDays = r.chance(0.2) ? r.pickInt(89, 90, 91) : r.between(60, 6 * 365);
            palsyDays = (int) Math.min(palsyDays, Math.max(30L, age * 365L));
            onsetDays(30, Math.max(31, palsyDays - 20));
            boolean sameSide = r.chance(0.85);
            twitching.put("laterality", "UNILATERAL_" + (sameSide ? side : side.equals("LEFT") ? "RIGHT" : "LEFT"));
            regions(List.of(Region.PERIOCULAR, r.pick(Region.CHEEK, Region.PERIORAL)));
            if (r.chance(0.4)) twitching.put("firstRegion", Region.PERIOCULAR.name());
            if (r.chance(0.3)) twitching.put("movement", Movement.TONIC_PULLING.name());
            putOnset();
            if (r.chance(0.75)) twitching.put("triggeredByVoluntaryMovement", true);
            triggers(0.5, Trigger.VOLUNTARY_FACIAL_MOVEMENT, Trigger.CHEWING_TALKING);
            maybeBool(twitching, "progressive", 0.05, 0.4);
            ObjectNode palsy = history.putObject("facialPalsy");
            palsy.put("side", side);
            if (r.chance(0.9)) palsy.put("onsetDate", daysAgo(palsyDays));
            palsy.put("cause", r.chance(0.7) ? PalsyCause.BELLS_PALSY.name()
                    : r.pick(PalsyCause.RAMSAY_HUNT, PalsyCause.SURGERY, PalsyCause.TRAUMA, PalsyCause.OTHER).name());
            palsy.put("recovery", r.pick(Recovery.PARTIAL, Recovery.PARTIAL, Recovery.NONE, Recovery.COMPLETE).name());
            exam(NeuroExam.NORMAL, 0.8);
            maybeBool(exam, "facialWeakness", 0.3, 0.5);
            if (r.chance(0.25)) toxinHistory(false);
            common(0.15, 0.2);
        }

        private void bellsPalsy() {
            person(10, 80, 0.5);
            onsetDays(0, 6, 2, 3, 4);
            String lat = unilateral();
            twitching.put("laterality", lat);
            if (r.chance(0.4)) regions(List.of(Region.PERIOCULAR, Region.CHEEK));
            twitching.put("onsetAbrupt", true);
            putOnset();
            exam(NeuroExam.NORMAL, 0.8);
            exam.put("facialWeakness", true);
            maybeBool(exam, "eyeClosureIncomplete", 0.7, 0.8);
            if (r.chance(0.15)) {
                maybeBool(exam, r.pick("limbWeakness", "dysarthria", "ataxia", "diplopia", "hearingLoss", "vertigo"),
                        1.0, 1.0);
            }
            if (r.chance(0.6)) {
                ObjectNode palsy = history.putObject("facialPalsy");
                palsy.put("side", lat.endsWith("LEFT") ? "LEFT" : "RIGHT");
                palsy.put("onsetDate", onset.toString());
                palsy.put("cause", PalsyCause.BELLS_PALSY.name());
                palsy.put("recovery", Recovery.NONE.name());
            }
            common(0.15, 0.25);
        }

        private void tic() {
            boolean child = r.chance(0.8);
            if (child) person(5, 16, 0.3); else person(18, 50, 0.4);
            onsetDays(30, child ? 700 : 1500);
            twitching.put("laterality", r.chance(0.6) ? Laterality.BILATERAL_SYNCHRONOUS.name() : unilateral());
            List<Region> regions = new ArrayList<>(List.of(r.pick(Region.UPPER_LID, Region.PERIOCULAR)));
            if (r.chance(0.4)) regions.add(r.pick(Region.BROW_FOREHEAD, Region.PERIORAL, Region.NECK));
            regions(regions);
            if (r.chance(0.8)) twitching.put("movement", Movement.BRIEF_SUPPRESSIBLE.name());
            putOnset();
            twitching.put("canSuppress", r.chance(0.9));
            maybeBool(twitching, "premonitoryUrge", 0.85, 0.85);
            maybeBool(twitching, "increasedBlinking", 0.5, 0.5);
            triggers(0.4, Trigger.STRESS, Trigger.FATIGUE, Trigger.SCREEN_USE);
            exam(NeuroExam.NORMAL, 0.9);
            common(0.05, 0.1);
        }

        private void seizure() {
            person(18, 85, 0.45);
            onsetDays(1, 200, 2, 3, 4);
            twitching.put("laterality", unilateral());
            List<Region> regions = new ArrayList<>(List.of(Region.CHEEK, Region.PERIORAL));
            if (r.chance(0.4)) regions.add(Region.LIMB);
            regions(regions);
            twitching.put("movement", Movement.RHYTHMIC_JERKING.name());
            if (r.chance(0.7)) putOnset();
            maybeBool(twitching, "impairedAwareness", 0.4, 0.6);
            maybeBool(twitching, "spreadsToLimb", 0.5, 0.6);
            maybeBool(twitching, "continuous", 0.2, 0.5);
            exam(NeuroExam.NORMAL, 0.8);
            if (r.chance(0.7)) eeg = r.pick("NOT_DONE", "NORMAL", "EPILEPTIFORM");
            if (r.chance(0.3)) condition(r.pick(ConditionName.STROKE, ConditionName.EPILEPSY));
            if (r.chance(0.2)) study("MRI", "DONE", r.between(0, 30), "STANDARD", r.pick(Finding.NORMAL, Finding.INFARCT));
            common(0.2, 0.2);
        }

        private void functional() {
            person(16, 55, 0.75);
            onsetDays(3, 200);
            twitching.put("laterality", unilateral());
            regions(r.chance(0.6) ? List.of(Region.PERIORAL, Region.JAW) : List.of(Region.PERIORAL));
            twitching.put("movement", Movement.TONIC_PULLING.name());
            putOnset();
            maybeBool(twitching, "onsetAbrupt", 0.8, 0.8);
            maybeBool(twitching, "distractible", 0.8, 0.8);
            maybeBool(twitching, "browLiftSign", 0.0, 0.6);
            exam(NeuroExam.NORMAL, 0.9);
            common(0.1, 0.15);
        }

        private void tardive() {
            person(25, 85, 0.5);
            onsetDays(20, 3 * 365, 27, 28, 29);
            twitching.put("laterality", r.pick("BILATERAL_INDEPENDENT", "BILATERAL_SYNCHRONOUS"));
            boolean orofacial = r.chance(0.75);
            if (orofacial) {
                regions(List.of(Region.PERIORAL, Region.TONGUE, Region.JAW));
                twitching.put("movement", Movement.OROBUCCOLINGUAL_CHOREA.name());
            } else {
                regions(List.of(Region.PERIOCULAR));
                twitching.put("movement", Movement.SUSTAINED_CLOSURE.name());
                maybeBool(twitching, "sensoryTrick", 0.5, 0.8);
                maybeBool(twitching, "increasedBlinking", 0.6, 0.8);
            }
            if (r.chance(0.9)) putOnset();
            exam(NeuroExam.NORMAL, 0.8);
            maybeBool(exam, "parkinsonism", 0.1, 0.4);
            ObjectNode drug = medications.addObject();
            String[] blocker = r.pick(new String[][] {
                {"haloperidol", "ORAL"}, {"haloperidol decanoate", "DEPOT"}, {"risperidone", "ORAL"},
                {"olanzapine", "ORAL"}, {"aripiprazole", "ORAL"}, {"fluphenazine decanoate", "DEPOT"},
                {"metoclopramide", "ORAL"}, {"prochlorperazine", "ORAL"}});
            drug.put("name", blocker[0]);
            if (r.chance(0.5)) drug.putArray("classes").add(DrugClass.DOPAMINE_BLOCKER.name());
            int exposure = r.chance(0.3) ? r.pickInt(29, 30, 31, 89, 90, 91) : r.between(10, 3000);
            if (r.chance(0.92)) drug.put("startDate", daysAgo(durationDays + exposure));
            double stop = r.nextDouble();
            if (stop < 0.3) {
                int stopped = Math.min(exposure, r.pickInt(0, 10, 27, 28, 29, 55, 56, 57, 120));
                drug.put("endDate", daysAgo(durationDays + stopped));
            } else if (stop < 0.4) {
                drug.put("endDate", daysAgo(r.between(0, Math.max(0, durationDays - 1))));
            }
            if (r.chance(0.9)) drug.put("route", blocker[1]);
            if (blocker[0].startsWith("metoclopramide") && r.chance(0.5)) condition(ConditionName.GASTROPARESIS);
            else if (r.chance(0.6)) condition(ConditionName.SCHIZOPHRENIA);
            common(0.3, 0.2);
        }

        private void toxinSpread() {
            if (r.chance(0.5)) {
                hfs(false);
            } else {
                blepharospasm(false);
            }
            history.remove("botulinumToxin");
            toxinHistory(true);
            exam.put(r.pick("dysphagia", "dyspnea", "dysarthria", "limbWeakness"), true);
            maybeBool(exam, "dysphagia", 0.4, 0.5);
        }

        /** Little documented, the rest drawn freely from the whole enum space: the unusual combinations. */
        private void sparse() {
            person(0, 100, 0.5);
            onsetDays(0, 2000);
            if (r.chance(0.6)) twitching.put("laterality", r.pick(Laterality.values()).name());
            if (r.chance(0.6)) {
                List<Region> regions = new ArrayList<>();
                int n = r.between(1, 3);
                for (int i = 0; i < n; i++) regions.add(r.pick(Region.values()));
                regions(regions);
            }
            if (r.chance(0.4)) twitching.put("firstRegion", r.pick(Region.values()).name());
            if (r.chance(0.6)) twitching.put("movement", r.pick(Movement.values()).name());
            if (r.chance(0.5)) putOnset();
            for (String flag : List.of("onsetAbrupt", "progressive", "continuous", "persistsInSleep", "spreadSinceOnset",
                    "sensoryTrick", "increasedBlinking", "photophobia", "canSuppress", "premonitoryUrge", "browLiftSign",
                    "triggeredByVoluntaryMovement", "impairedAwareness", "spreadsToLimb", "distractible", "painful")) {
                maybeBool(twitching, flag, 0.4, 0.2);
            }
            if (r.chance(0.3)) triggers(1.0, Trigger.values());
            if (r.chance(0.5)) exam(r.pick(NeuroExam.values()), 1.0);
            for (String flag : List.of("facialWeakness", "eyeClosureIncomplete", "ptosis", "ptosisFatigable", "diplopia",
                    "hearingLoss", "tinnitus", "vertigo", "facialNumbness", "dysarthria", "dysphagia", "dyspnea",
                    "limbWeakness", "limbSensoryLoss", "areflexia", "ataxia", "parkinsonism")) {
                maybeBool(exam, flag, 0.1, 0.15);
            }
            if (r.chance(0.2)) {
                Finding[] all = Finding.values();
                study(r.pick("MRI", "CT"), "DONE", r.between(0, 400), r.chance(0.5) ? "STANDARD" : null, r.pick(all));
            }
            if (r.chance(0.15)) toxinHistory(false);
            if (r.chance(0.1)) lifestyle(1.0);
            common(0.3, 0.4);
        }

        // ---- shared parts -----------------------------------------------------------------------

        private String unilateral() {
            return r.chance(0.5) ? Laterality.UNILATERAL_LEFT.name() : Laterality.UNILATERAL_RIGHT.name();
        }

        private void regions(List<Region> regions) {
            ArrayNode list = twitching.putArray("regions");
            new LinkedHashSet<>(regions).forEach(g -> list.add(g.name()));
        }

        private void triggers(double p, Trigger... pool) {
            if (!r.chance(p)) return;
            Set<Trigger> chosen = new LinkedHashSet<>();
            int n = r.between(1, Math.min(3, pool.length));
            for (int i = 0; i < n; i++) chosen.add(r.pick(pool));
            ArrayNode list = twitching.putArray("triggers");
            chosen.forEach(t -> list.add(t.name()));
        }

        /** With probability {@code documented} the field is set, to true with probability {@code pTrue}. */
        private void maybeBool(ObjectNode node, String field, double pTrue, double documented) {
            if (r.chance(documented)) node.put(field, r.chance(pTrue));
        }

        private void exam(NeuroExam usual, double documented) {
            if (r.chance(documented)) exam.put("neuroExam", (r.chance(0.9) ? usual : r.pick(NeuroExam.values())).name());
        }

        private void study(String modality, String status, int daysAgo, String protocol, Finding... findings) {
            ObjectNode s = imaging.addObject();
            s.put("modality", modality);
            s.put("status", status);
            if ("DONE".equals(status)) {
                if (r.chance(0.9)) s.put("date", daysAgo(daysAgo));
                if (r.chance(0.3)) s.put("contrast", r.chance(0.5));
                if (protocol != null && "MRI".equals(modality)) s.put("protocol", protocol);
                ArrayNode f = s.putArray("findings");
                for (Finding finding : findings) f.add(finding.name());
            } else if ("ORDERED".equals(status) && r.chance(0.5)) {
                s.put("date", asOf.plusDays(r.between(1, 60)).toString());
            }
        }

        private void toxinHistory(boolean recent) {
            ObjectNode b = history.putObject("botulinumToxin");
            int days = recent ? (r.chance(0.2) ? r.pickInt(84, 85) : r.between(1, 30))
                    : r.chance(0.3) ? r.pickInt(41, 83, 84, 85) : r.between(20, 700);
            if (r.chance(0.9)) b.put("lastInjectionDate", daysAgo(days));
            if (r.chance(0.8)) b.put("response", r.pick("GOOD", "GOOD", "WANING", "NONE"));
            maybeBool(b, "hypersensitivity", 0.06, 0.5);
            maybeBool(b, "injectionSiteInfection", 0.05, 0.4);
        }

        private void lifestyle(double p) {
            if (!r.chance(p)) return;
            if (r.chance(0.8)) lifestyle.put("caffeineMgPerDay", r.chance(0.25) ? r.pickInt(399, 400, 401) : r.between(0, 9) * 100);
            if (r.chance(0.7)) lifestyle.put("sleepHoursPerNight", r.chance(0.25) ? r.pickDouble(6.9, 7.0, 7.1) : r.between(8, 18) * 0.5);
            maybeBool(lifestyle, "highStress", 0.5, 0.7);
            if (r.chance(0.4)) lifestyle.put("alcoholUse", r.pick("NONE", "NONE", "MODERATE", "HEAVY"));
        }

        private void condition(ConditionName name) {
            if (!conditionNames.add(name)) return;
            ObjectNode c = conditions.addObject();
            String[] coded = CODED.get(name);
            if (coded != null && r.chance(0.35)) {
                c.put("system", coded[0]);
                c.put("code", coded[1]);
            } else {
                c.put("code", name.name());
            }
        }

        /**
         * Comorbidities, other medications, pregnancy, red-flag signs, history, labs, MRI safety, and
         * undocumented fields, common to every presentation.
         */
        private void common(double pConditions, double pMedications) {
            if (r.chance(pConditions)) {
                int n = r.between(1, 3);
                for (int i = 0; i < n; i++) condition(r.pick(ConditionName.values()));
            }
            if (r.chance(0.03)) {
                ObjectNode c = conditions.addObject(); // a code nobody maps: kept with a warning
                c.put("system", SNOMED);
                c.put("code", "38341003");
            }
            if (r.chance(pMedications)) {
                int n = r.between(1, 3);
                for (int i = 0; i < n; i++) medication();
            }
            boolean female = !"MALE".equals(sex);
            if (female && age >= 12 && age <= 55) {
                double p = r.nextDouble();
                pregnant = p < 0.06 ? Boolean.TRUE : p < 0.75 ? Boolean.FALSE : null;
                double b = r.nextDouble();
                breastfeeding = b < 0.04 ? Boolean.TRUE : b < 0.7 ? Boolean.FALSE : null;
            } else if (r.chance(0.5)) {
                pregnant = false;
                breastfeeding = false;
            }
            if (r.chance(0.06)) {
                maybeBool(exam, r.pick("facialWeakness", "ptosis", "diplopia", "hearingLoss", "vertigo", "facialNumbness",
                        "dysarthria", "limbWeakness", "ataxia", "eyeClosureIncomplete"), 1.0, 1.0);
            }
            for (String flag : List.of("headNeckRadiation", "priorEyelidSurgery", "visualEpisode", "falls")) {
                if (!history.has(flag)) maybeBool(history, flag, 0.04, 0.25);
            }
            if (age >= 55 && r.chance(0.5)) {
                labs.put("egfr", r.chance(0.3) ? r.pickDouble(59.9, 60.0, 60.1) : r.between(15, 120));
            }
            if (r.chance(0.5)) {
                mriSafety = r.chance(0.85) ? MriSafety.NONE.name() : r.pick(MriSafety.values()).name();
            }
            if (presentation != Presentation.EYELID_MYOKYMIA && lifestyle.isEmpty()) lifestyle(0.2);
            if (r.chance(0.05)) preferences.put("wantsDefinitiveTreatment", r.chance(0.5));
        }

        private void medication() {
            Object[] m = r.pick(MEDICATIONS);
            ObjectNode drug = medications.addObject();
            String name = (String) m[0];
            String rxcui = (String) m[1];
            DrugClass cls = (DrugClass) m[2];
            boolean byCode = rxcui != null && r.chance(0.5);
            if (!byCode || r.chance(0.5)) drug.put("name", name);
            if (byCode) {
                ObjectNode code = drug.putObject("code");
                code.put("system", RXNORM);
                code.put("code", rxcui);
            }
            if (cls != null && (r.chance(0.3) || (!drug.has("name") && !byCode))) drug.putArray("classes").add(cls.name());
            int started = r.between(30, 5 * 365);
            if (r.chance(0.7)) drug.put("startDate", daysAgo(started));
            if (r.chance(0.2)) drug.put("endDate", daysAgo(r.between(0, started)));
            if (r.chance(0.5)) drug.put("route", (String) m[3]);
        }

        /** The JSON object in the contract's field order; parts with nothing documented are left out. */
        private ObjectNode assemble() {
            ObjectNode root = NODES.objectNode();
            root.put("id", id);
            root.put("asOf", asOf.toString());
            // undocumented on purpose: unknown is not false
            boolean knownAge = !r.chance(0.06);
            if (knownAge && useBirthDate) {
                root.put("birthDate", birthDate.toString());
            } else if (knownAge) {
                root.put("age", age);
            }
            if (!r.chance(0.05)) root.put("sex", sex);
            if (pregnant != null) root.put("pregnant", pregnant);
            if (breastfeeding != null) root.put("breastfeeding", breastfeeding);
            if (!r.chance(0.05)) {
                if (r.chance(0.05)) twitching.remove("laterality");
                if (r.chance(0.05)) twitching.remove("movement");
                root.set("twitching", twitching);
            }
            if (!exam.isEmpty()) root.set("exam", exam);
            if (!history.isEmpty()) root.set("history", history);
            if (!r.chance(0.08)) root.set("conditions", conditions);
            else if (!conditions.isEmpty()) root.set("conditions", conditions);
            if (!r.chance(0.08) || !medications.isEmpty()) root.set("medications", medications);
            if (!labs.isEmpty()) root.set("labs", labs);
            if (!lifestyle.isEmpty()) root.set("lifestyle", lifestyle);
            if (!r.chance(0.1) || !imaging.isEmpty()) root.set("imaging", imaging);
            if (mriSafety != null) root.put("mriSafety", mriSafety);
            if (eeg != null) root.put("eeg", eeg);
            if (!preferences.isEmpty()) root.set("preferences", preferences);
            return root;
        }
    }

    /** Conditions with a standard code the terminology maps (SNOMED CT or ICD-10-CM). */
    private static final java.util.Map<ConditionName, String[]> CODED = java.util.Map.of(
            ConditionName.MYASTHENIA_GRAVIS, new String[] {SNOMED, "91637004"},
            ConditionName.MULTIPLE_SCLEROSIS, new String[] {ICD10, "G35"},
            ConditionName.OBSTRUCTIVE_SLEEP_APNEA, new String[] {ICD10, "G47.33"},
            ConditionName.BRAIN_TUMOUR, new String[] {SNOMED, "126952004"},
            ConditionName.VESTIBULAR_SCHWANNOMA, new String[] {ICD10, "D33.3"},
            ConditionName.SUBSTANCE_USE_DISORDER, new String[] {ICD10, "F10.20"});

    /** name, RxNorm code or null, the class the name implies or null, usual route. */
    private static final Object[][] MEDICATIONS = {
        {"oxycodone", "7804", DrugClass.OPIOID, "ORAL"},
        {"tramadol", "10689", DrugClass.OPIOID, "ORAL"},
        {"fentanyl", "4337", DrugClass.OPIOID, "TOPICAL"},
        {"diazepam", "3322", DrugClass.BENZODIAZEPINE, "ORAL"},
        {"clonazepam 0.5 MG Oral Tablet", "197527", DrugClass.BENZODIAZEPINE, "ORAL"},
        {"lorazepam", "6470", DrugClass.BENZODIAZEPINE, "ORAL"},
        {"trihexyphenidyl", "10811", DrugClass.ANTICHOLINERGIC, "ORAL"},
        {"benztropine", null, DrugClass.ANTICHOLINERGIC, "ORAL"},
        {"gentamicin", null, DrugClass.AMINOGLYCOSIDE, "IV"},
        {"rocuronium", null, DrugClass.NEUROMUSCULAR_BLOCKER, "IV"},
        {"zolpidem", null, DrugClass.CNS_DEPRESSANT, "ORAL"},
        {"prednisone", "8640", DrugClass.CORTICOSTEROID, "ORAL"},
        {"tetrabenazine", "10390", DrugClass.VMAT2_INHIBITOR, "ORAL"},
        {"valbenazine", null, DrugClass.VMAT2_INHIBITOR, "ORAL"},
        {"haloperidol", null, DrugClass.DOPAMINE_BLOCKER, "ORAL"},
        {"metoclopramide", null, DrugClass.DOPAMINE_BLOCKER, "ORAL"},
        {"pyridostigmine", "9000", null, "ORAL"},
        {"carbamazepine", "2002", null, "ORAL"},
        {"levetiracetam", "114477", null, "ORAL"},
        {"baclofen", "1292", null, "ORAL"},
        {"gabapentin", null, null, "ORAL"},
        {"cholecalciferol", null, null, "ORAL"},
    };

    /** SplitMix64: small, fast, and the same numbers on every JVM forever (unlike an unspecified library generator). */
    static final class Rng {
        private long state;

        Rng(long seed) {
            this.state = seed;
        }

        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        long nextLong() {
            return mix(state += 0x9E3779B97F4A7C15L);
        }

        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        int nextInt(int bound) {
            return (int) ((nextLong() >>> 1) % bound);
        }

        int between(int min, int maxInclusive) {
            return maxInclusive <= min ? min : min + nextInt(maxInclusive - min + 1);
        }

        boolean chance(double p) {
            return nextDouble() < p;
        }

        @SafeVarargs
        final <T> T pick(T... items) {
            return items[nextInt(items.length)];
        }

        int pickInt(int... items) {
            return items[nextInt(items.length)];
        }

        double pickDouble(double... items) {
            return items[nextInt(items.length)];
        }
    }
}
