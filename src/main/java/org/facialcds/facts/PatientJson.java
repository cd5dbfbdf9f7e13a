package org.facialcds.facts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the patient-facts JSON (patient-facts.md) into {@link PatientFacts}, reporting every
 * input problem by JSON path instead of throwing.
 */
public final class PatientJson {

    /** The largest document read: 1 MiB of JSON text (docs/safety.md). A patient document is a few KiB. */
    public static final int MAX_DOCUMENT_CHARS = 1 << 20;
    /** Deepest nesting of objects and lists; the contract nests four deep ({@code $.medications[0].code}). */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longest string value or field name, and longest number, in characters. */
    public static final int MAX_STRING_CHARS = 64 * 1024;
    public static final int MAX_NAME_CHARS = 256;
    public static final int MAX_NUMBER_CHARS = 100;

    /** Configured once; duplicate keys and trailing content are errors; the limits above hold while parsing. */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_DOCUMENT_CHARS)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNameLength(MAX_NAME_CHARS)
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static final int MAX_AGE = 130;
    static final double MAX_EGFR = 300;
    static final double MAX_CAFFEINE = 10_000;
    static final double MAX_SLEEP = 24;

    private static final List<String> TOP = List.of("id", "asOf", "age", "birthDate", "sex", "pregnant",
            "breastfeeding", "twitching", "exam", "history", "conditions", "medications", "labs", "lifestyle",
            "imaging", "mriSafety", "eeg", "preferences");
    private static final List<String> TWITCHING = List.of("laterality", "regions", "firstRegion", "movement",
            "onsetDate", "durationDays", "onsetAbrupt", "progressive", "continuous", "persistsInSleep",
            "spreadSinceOnset", "sensoryTrick", "increasedBlinking", "photophobia", "canSuppress",
            "premonitoryUrge", "browLiftSign", "triggeredByVoluntaryMovement", "impairedAwareness",
            "spreadsToLimb", "distractible", "triggers", "painful");
    private static final List<String> EXAM = List.of("neuroExam", "facialWeakness", "eyeClosureIncomplete",
            "ptosis", "ptosisFatigable", "diplopia", "hearingLoss", "tinnitus", "vertigo", "facialNumbness",
            "dysarthria", "dysphagia", "dyspnea", "limbWeakness", "limbSensoryLoss", "areflexia", "ataxia",
            "parkinsonism");
    private static final List<String> HISTORY = List.of("facialPalsy", "botulinumToxin", "headNeckRadiation",
            "priorEyelidSurgery", "visualEpisode", "falls");
    private static final List<String> PALSY = List.of("side", "onsetDate", "cause", "recovery");
    private static final List<String> TOXIN = List.of("lastInjectionDate", "response", "hypersensitivity",
            "injectionSiteInfection");
    private static final List<String> LABS = List.of("egfr");
    private static final List<String> LIFESTYLE = List.of("caffeineMgPerDay", "sleepHoursPerNight", "highStress",
            "alcoholUse");
    private static final List<String> PREFERENCES = List.of("declinesInjections", "wantsDefinitiveTreatment");
    private static final List<String> CONDITION = List.of("system", "code");
    private static final List<String> MEDICATION = List.of("name", "code", "classes", "startDate", "endDate",
            "route");
    private static final List<String> MEDICATION_CODE = List.of("system", "code");
    private static final List<String> IMAGING = List.of("modality", "status", "date", "contrast", "protocol",
            "findings");

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_ECHO = 60;

    private PatientJson() {
    }

    /**
     * Parses patient-facts JSON text.
     *
     * @param json the JSON text
     * @param vocabulary maps codes and drug names to the words of the fact model
     * @param asOfOverride when non-null, replaces {@code $.asOf}
     * @param today the evaluation date when neither {@code asOfOverride} nor {@code $.asOf} is given
     * @return the facts, or every problem found (then the facts are {@code null}); never throws on bad input
     */
    public static ParseResult parse(String json, Vocabulary vocabulary, LocalDate asOfOverride, LocalDate today) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(today, "today");
        if (json != null && json.length() > MAX_DOCUMENT_CHARS) {
            return new ParseResult(null, List.of(new InputProblem("$", "the document is " + json.length()
                    + " characters long; expected at most " + MAX_DOCUMENT_CHARS + " characters (1 MiB) of JSON")));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            return new ParseResult(null, List.of(new InputProblem("$", malformed(e))));
        }
        return parse(root, vocabulary, asOfOverride, today);
    }

    /**
     * Parses an already-read tree (e.g. from a YAML scenario file, where dates arrive as text).
     *
     * @see #parse(String, Vocabulary, LocalDate, LocalDate)
     */
    public static ParseResult parse(JsonNode root, Vocabulary vocabulary, LocalDate asOfOverride, LocalDate today) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(today, "today");
        return new Reader(vocabulary).read(root, asOfOverride, today);
    }

    private static String malformed(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 0
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return "malformed JSON" + where + ": " + message.strip()
                + "; expected one JSON object as described in patient-facts.md";
    }

    /** One read of one document: collects every problem and warning as it goes. */
    private static final class Reader {

        private final Vocabulary vocabulary;
        private final List<InputProblem> problems = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private LocalDate asOf;

        Reader(Vocabulary vocabulary) {
            this.vocabulary = vocabulary;
        }

        ParseResult read(JsonNode root, LocalDate asOfOverride, LocalDate today) {
            if (root == null || root.isMissingNode() || root.isNull()) {
                problem("$", "expected a JSON object as described in patient-facts.md; got nothing");
                return result(null);
            }
            if (!root.isObject()) {
                problem("$", "expected a JSON object as described in patient-facts.md; got " + describe(root));
                return result(null);
            }
            checkFields(root, "$", TOP);

            JsonNode asOfNode = at(root, "asOf");
            LocalDate givenAsOf = date(asOfNode, "$.asOf");
            if (asOfOverride != null) {
                asOf = asOfOverride;
            } else if (asOfNode == null) {
                asOf = today;
            } else {
                asOf = givenAsOf; // null when invalid: date checks are skipped, the problem is already recorded
            }

            String id = string(at(root, "id"), "$.id");
            Integer age = integer(at(root, "age"), "$.age", 0, MAX_AGE);
            LocalDate birthDate = date(at(root, "birthDate"), "$.birthDate");
            if (birthDate != null && asOf != null) {
                if (birthDate.isAfter(asOf)) {
                    problem("$.birthDate", birthDate + " is after asOf " + asOf + "; expected a date on or before asOf");
                    birthDate = null;
                } else {
                    int computed = Period.between(birthDate, asOf).getYears();
                    if (computed > MAX_AGE) {
                        problem("$.birthDate", "gives age " + computed + " at asOf " + asOf
                                + "; expected an age from 0 to " + MAX_AGE);
                        birthDate = null;
                    } else if (age != null && age != computed) {
                        problem("$.age", "age " + age + " disagrees with birthDate " + birthDate + " (age "
                                + computed + " at asOf " + asOf + "); expected the same age, or give only one of them");
                    } else {
                        age = computed;
                    }
                }
            }
            Sex sex = enumOf(at(root, "sex"), "$.sex", Sex.class);
            Boolean pregnant = bool(at(root, "pregnant"), "$.pregnant");
            Boolean breastfeeding = bool(at(root, "breastfeeding"), "$.breastfeeding");
            MriSafety mriSafety = enumOf(at(root, "mriSafety"), "$.mriSafety", MriSafety.class);
            Eeg eeg = enumOf(at(root, "eeg"), "$.eeg", Eeg.class);

            JsonNode labs = object(at(root, "labs"), "$.labs", LABS);
            Double egfr = number(at(labs, "egfr"), "$.labs.egfr", 0, MAX_EGFR);

            JsonNode preferences = object(at(root, "preferences"), "$.preferences", PREFERENCES);
            Boolean declinesInjections = bool(at(preferences, "declinesInjections"), "$.preferences.declinesInjections");
            Boolean wantsDefinitive = bool(at(preferences, "wantsDefinitiveTreatment"),
                    "$.preferences.wantsDefinitiveTreatment");

            Twitching twitching = twitching(at(root, "twitching"), age, birthDate);
            LocalDate onset = twitching.onsetDate();
            Exam exam = exam(at(root, "exam"));

            JsonNode history = object(at(root, "history"), "$.history", HISTORY);
            History historyFact = new History(
                    bool(at(history, "headNeckRadiation"), "$.history.headNeckRadiation"),
                    bool(at(history, "priorEyelidSurgery"), "$.history.priorEyelidSurgery"),
                    bool(at(history, "visualEpisode"), "$.history.visualEpisode"),
                    bool(at(history, "falls"), "$.history.falls"));
            FacialPalsy facialPalsy = facialPalsy(at(history, "facialPalsy"));
            ToxinHistory toxinHistory = toxinHistory(at(history, "botulinumToxin"));

            JsonNode lifestyle = object(at(root, "lifestyle"), "$.lifestyle", LIFESTYLE);
            Lifestyle lifestyleFact = new Lifestyle(
                    number(at(lifestyle, "caffeineMgPerDay"), "$.lifestyle.caffeineMgPerDay", 0, MAX_CAFFEINE),
                    number(at(lifestyle, "sleepHoursPerNight"), "$.lifestyle.sleepHoursPerNight", 0, MAX_SLEEP),
                    bool(at(lifestyle, "highStress"), "$.lifestyle.highStress"),
                    enumOf(at(lifestyle, "alcoholUse"), "$.lifestyle.alcoholUse", AlcoholUse.class));

            JsonNode conditionsNode = at(root, "conditions");
            List<Condition> conditions = conditions(conditionsNode);
            JsonNode medicationsNode = at(root, "medications");
            List<Medication> medications = medications(medicationsNode, onset);
            List<ImagingStudy> imaging = imaging(at(root, "imaging"), onset);

            Patient patient = new Patient(id, asOf, age, sex, pregnant, breastfeeding, mriSafety, eeg, egfr,
                    declinesInjections, wantsDefinitive, medicationsNode != null, conditionsNode != null);
            return result(new PatientFacts(patient, twitching, exam, historyFact, facialPalsy, toxinHistory,
                    lifestyleFact, conditions, medications, imaging, warnings));
        }

        private ParseResult result(PatientFacts facts) {
            return problems.isEmpty() ? new ParseResult(facts, List.of()) : new ParseResult(null, problems);
        }

        // ---- parts -------------------------------------------------------------------------

        private Twitching twitching(JsonNode value, Integer age, LocalDate birthDate) {
            String p = "$.twitching";
            JsonNode t = object(value, p, TWITCHING);
            JsonNode onsetNode = at(t, "onsetDate");
            JsonNode durationNode = at(t, "durationDays");
            LocalDate onset = date(onsetNode, p + ".onsetDate");
            Integer duration = integer(durationNode, p + ".durationDays", 0, Integer.MAX_VALUE);
            if (onset != null && asOf != null && onset.isAfter(asOf)) {
                problem(p + ".onsetDate", onset + " is after asOf " + asOf + "; expected a date on or before asOf");
                onset = null;
            }
            if (asOf != null) {
                if (onset != null && duration != null) {
                    long actual = ChronoUnit.DAYS.between(onset, asOf);
                    if (Math.abs(actual - duration) > 1) {
                        problem(p + ".durationDays", duration + " days disagrees with onsetDate " + onset + " ("
                                + actual + " days before asOf " + asOf
                                + "); expected at most 1 day difference, or give only one of them");
                    }
                } else if (onset != null) {
                    duration = (int) ChronoUnit.DAYS.between(onset, asOf);
                } else if (duration != null) {
                    onset = asOf.minusDays(duration);
                }
            }
            String onsetPath = onsetNode != null ? p + ".onsetDate" : p + ".durationDays";
            Integer ageAtOnset = null;
            if (birthDate != null && onset != null) {
                if (onset.isBefore(birthDate)) {
                    problem(onsetPath, "the twitching would begin on " + onset + ", before birthDate " + birthDate
                            + "; expected an onset on or after birthDate");
                } else {
                    ageAtOnset = Period.between(birthDate, onset).getYears();
                }
            } else if (age != null && duration != null) {
                if (duration > (age + 1L) * 366) {
                    problem(onsetPath, "the twitching would begin " + duration + " days before asOf, before birth (age "
                            + age + "); expected an onset after birth");
                } else {
                    // the youngest the patient can have been: a lower bound, so "onset before 40" errs on the safe side
                    ageAtOnset = Math.max(0, age - (int) Math.ceil(duration / 365.0));
                }
            } else if (age != null) {
                ageAtOnset = age;
            }
            return new Twitching(
                    enumOf(at(t, "laterality"), p + ".laterality", Laterality.class),
                    enumSet(at(t, "regions"), p + ".regions", Region.class),
                    enumOf(at(t, "firstRegion"), p + ".firstRegion", Region.class),
                    enumOf(at(t, "movement"), p + ".movement", Movement.class),
                    onset,
                    duration,
                    ageAtOnset,
                    bool(at(t, "onsetAbrupt"), p + ".onsetAbrupt"),
                    bool(at(t, "progressive"), p + ".progressive"),
                    bool(at(t, "continuous"), p + ".continuous"),
                    bool(at(t, "persistsInSleep"), p + ".persistsInSleep"),
                    bool(at(t, "spreadSinceOnset"), p + ".spreadSinceOnset"),
                    bool(at(t, "sensoryTrick"), p + ".sensoryTrick"),
                    bool(at(t, "increasedBlinking"), p + ".increasedBlinking"),
                    bool(at(t, "photophobia"), p + ".photophobia"),
                    bool(at(t, "canSuppress"), p + ".canSuppress"),
                    bool(at(t, "premonitoryUrge"), p + ".premonitoryUrge"),
                    bool(at(t, "browLiftSign"), p + ".browLiftSign"),
                    bool(at(t, "triggeredByVoluntaryMovement"), p + ".triggeredByVoluntaryMovement"),
                    bool(at(t, "impairedAwareness"), p + ".impairedAwareness"),
                    bool(at(t, "spreadsToLimb"), p + ".spreadsToLimb"),
                    bool(at(t, "distractible"), p + ".distractible"),
                    enumSet(at(t, "triggers"), p + ".triggers", Trigger.class),
                    bool(at(t, "painful"), p + ".painful"));
        }

        private Exam exam(JsonNode value) {
            String p = "$.exam";
            JsonNode e = object(value, p, EXAM);
            return new Exam(
                    enumOf(at(e, "neuroExam"), p + ".neuroExam", NeuroExam.class),
                    bool(at(e, "facialWeakness"), p + ".facialWeakness"),
                    bool(at(e, "eyeClosureIncomplete"), p + ".eyeClosureIncomplete"),
                    bool(at(e, "ptosis"), p + ".ptosis"),
                    bool(at(e, "ptosisFatigable"), p + ".ptosisFatigable"),
                    bool(at(e, "diplopia"), p + ".diplopia"),
                    bool(at(e, "hearingLoss"), p + ".hearingLoss"),
                    bool(at(e, "tinnitus"), p + ".tinnitus"),
                    bool(at(e, "vertigo"), p + ".vertigo"),
                    bool(at(e, "facialNumbness"), p + ".facialNumbness"),
                    bool(at(e, "dysarthria"), p + ".dysarthria"),
                    bool(at(e, "dysphagia"), p + ".dysphagia"),
                    bool(at(e, "dyspnea"), p + ".dyspnea"),
                    bool(at(e, "limbWeakness"), p + ".limbWeakness"),
                    bool(at(e, "limbSensoryLoss"), p + ".limbSensoryLoss"),
                    bool(at(e, "areflexia"), p + ".areflexia"),
                    bool(at(e, "ataxia"), p + ".ataxia"),
                    bool(at(e, "parkinsonism"), p + ".parkinsonism"));
        }

        private FacialPalsy facialPalsy(JsonNode value) {
            String p = "$.history.facialPalsy";
            JsonNode f = object(value, p, PALSY);
            if (f == null) {
                return null;
            }
            LocalDate onset = notAfterAsOf(date(at(f, "onsetDate"), p + ".onsetDate"), p + ".onsetDate");
            return new FacialPalsy(
                    enumOf(at(f, "side"), p + ".side", Side.class),
                    onset,
                    daysSince(onset),
                    enumOf(at(f, "cause"), p + ".cause", PalsyCause.class),
                    enumOf(at(f, "recovery"), p + ".recovery", Recovery.class));
        }

        private ToxinHistory toxinHistory(JsonNode value) {
            String p = "$.history.botulinumToxin";
            JsonNode b = object(value, p, TOXIN);
            if (b == null) {
                return null;
            }
            LocalDate last = notAfterAsOf(date(at(b, "lastInjectionDate"), p + ".lastInjectionDate"),
                    p + ".lastInjectionDate");
            return new ToxinHistory(
                    last,
                    daysSince(last),
                    enumOf(at(b, "response"), p + ".response", ToxinResponse.class),
                    bool(at(b, "hypersensitivity"), p + ".hypersensitivity"),
                    bool(at(b, "injectionSiteInfection"), p + ".injectionSiteInfection"));
        }

        private List<Condition> conditions(JsonNode value) {
            List<Condition> conditions = new ArrayList<>();
            JsonNode list = array(value, "$.conditions", "condition objects");
            if (list == null) {
                return conditions;
            }
            for (int i = 0; i < list.size(); i++) {
                String p = "$.conditions[" + i + "]";
                JsonNode c = element(list.get(i), p, CONDITION);
                if (c == null) {
                    continue;
                }
                JsonNode systemNode = at(c, "system");
                String system = nonBlank(string(systemNode, p + ".system"), p + ".system");
                JsonNode codeNode = at(c, "code");
                String code = nonBlank(string(codeNode, p + ".code"), p + ".code");
                if (codeNode == null) {
                    problem(p + ".code", "missing; expected a condition word (one of " + names(ConditionName.class)
                            + ") or a code with its system");
                } else if (code == null) {
                    continue; // wrong type or blank: already reported
                } else if (systemNode == null) {
                    ConditionName name = find(ConditionName.class, code);
                    if (name == null) {
                        problem(p + ".code", "unknown value " + quote(code) + "; expected one of "
                                + names(ConditionName.class) + ", or a code with its system");
                    } else {
                        conditions.add(new Condition(i, name, null, code));
                    }
                } else if (system != null) {
                    Optional<ConditionName> name = vocabulary.condition(system, code);
                    if (name != null && name.isPresent()) {
                        conditions.add(new Condition(i, name.get(), system, code));
                    } else {
                        warnings.add(p + ": code " + system + "|" + code
                                + " is not mapped; kept, not used by the rules");
                    }
                }
            }
            return conditions;
        }

        private List<Medication> medications(JsonNode value, LocalDate onset) {
            List<Medication> medications = new ArrayList<>();
            JsonNode list = array(value, "$.medications", "medication objects");
            if (list == null) {
                return medications;
            }
            for (int i = 0; i < list.size(); i++) {
                String p = "$.medications[" + i + "]";
                JsonNode m = element(list.get(i), p, MEDICATION);
                if (m == null) {
                    continue;
                }
                JsonNode nameNode = at(m, "name");
                String name = string(nameNode, p + ".name");
                JsonNode codeNode = at(m, "code");
                JsonNode code = object(codeNode, p + ".code", MEDICATION_CODE);
                String system = nonBlank(string(at(code, "system"), p + ".code.system"), p + ".code.system");
                String codeValue = nonBlank(string(at(code, "code"), p + ".code.code"), p + ".code.code");
                if (code != null && at(code, "code") == null) {
                    problem(p + ".code.code", "missing; expected a string, the code within its system");
                }
                JsonNode classesNode = at(m, "classes");
                Set<DrugClass> given = enumSet(classesNode, p + ".classes", DrugClass.class);
                boolean hasName = nameNode != null && !(nameNode.isTextual() && nameNode.asText().isBlank());
                boolean hasClasses = classesNode != null && !(classesNode.isArray() && classesNode.isEmpty());
                if (!hasName && codeNode == null && !hasClasses) {
                    problem(p, "expected at least one of name, code, classes");
                }
                LocalDate start = date(at(m, "startDate"), p + ".startDate");
                LocalDate end = date(at(m, "endDate"), p + ".endDate");
                if (start != null && end != null && start.isAfter(end)) {
                    problem(p + ".startDate", start + " is after endDate " + end
                            + "; expected a startDate on or before endDate");
                }
                Route route = enumOf(at(m, "route"), p + ".route", Route.class);

                Set<DrugClass> classes = EnumSet.noneOf(DrugClass.class);
                classes.addAll(given);
                Set<DrugClass> derived = vocabulary.drugClasses(system, codeValue, name);
                if (derived != null) {
                    classes.addAll(derived);
                }
                if (given.isEmpty() && classes.isEmpty() && !vocabulary.recognises(system, codeValue, name)) {
                    warnings.add(p + ": medication not classified (no classes given, and its code and name are not"
                            + " mapped); kept, not used by the rules");
                }
                if (asOf == null) {
                    continue; // invalid asOf, already reported: nothing to compute against
                }
                boolean current = (end == null || !end.isBefore(asOf)) && (start == null || !start.isAfter(asOf));
                Integer exposure = null;
                if (start != null && onset != null) {
                    LocalDate to = end == null || end.isAfter(onset) ? onset : end;
                    exposure = (int) Math.max(0, ChronoUnit.DAYS.between(start, to));
                }
                Integer stopped;
                if (onset == null || (start != null && start.isAfter(onset))) {
                    stopped = null;
                } else if (end == null || !end.isBefore(onset)) {
                    stopped = 0;
                } else {
                    stopped = (int) ChronoUnit.DAYS.between(end, onset);
                }
                medications.add(new Medication(i, name, system, codeValue, classes, start, end, route, current,
                        exposure, stopped));
            }
            return medications;
        }

        private List<ImagingStudy> imaging(JsonNode value, LocalDate onset) {
            List<ImagingStudy> studies = new ArrayList<>();
            JsonNode list = array(value, "$.imaging", "imaging study objects");
            if (list == null) {
                return studies;
            }
            for (int i = 0; i < list.size(); i++) {
                String p = "$.imaging[" + i + "]";
                JsonNode s = element(list.get(i), p, IMAGING);
                if (s == null) {
                    continue;
                }
                Modality modality = required(s, "modality", p, Modality.class);
                ImagingStatus status = required(s, "status", p, ImagingStatus.class);
                LocalDate date = date(at(s, "date"), p + ".date");
                if (status == ImagingStatus.DONE && date != null && asOf != null && date.isAfter(asOf)) {
                    problem(p + ".date", date + " is after asOf " + asOf
                            + "; expected a DONE study dated on or before asOf");
                }
                boolean counts = status == ImagingStatus.DONE
                        && (date == null || onset == null || !date.isBefore(onset));
                studies.add(new ImagingStudy(i, modality, status, date,
                        bool(at(s, "contrast"), p + ".contrast"),
                        enumOf(at(s, "protocol"), p + ".protocol", Protocol.class),
                        enumSet(at(s, "findings"), p + ".findings", Finding.class),
                        counts));
            }
            return studies;
        }

        // ---- dates -------------------------------------------------------------------------

        private LocalDate notAfterAsOf(LocalDate date, String path) {
            if (date != null && asOf != null && date.isAfter(asOf)) {
                problem(path, date + " is after asOf " + asOf + "; expected a date on or before asOf");
                return null;
            }
            return date;
        }

        private Integer daysSince(LocalDate date) {
            return date == null || asOf == null ? null : (int) ChronoUnit.DAYS.between(date, asOf);
        }

        // ---- typed values --------------------------------------------------------------------

        private void problem(String path, String message) {
            problems.add(new InputProblem(path, message));
        }

        /** The object at {@code path}, or {@code null} when absent; reports a non-object and unknown fields. */
        private JsonNode object(JsonNode value, String path, List<String> allowed) {
            if (value == null) {
                return null;
            }
            if (!value.isObject()) {
                problem(path, "expected an object with fields " + String.join(", ", allowed) + "; got "
                        + describe(value));
                return null;
            }
            checkFields(value, path, allowed);
            return value;
        }

        /** A list element that must be an object (a {@code null} element is not "absent"). */
        private JsonNode element(JsonNode value, String path, List<String> allowed) {
            if (value == null || value.isNull()) {
                problem(path, "expected an object with fields " + String.join(", ", allowed) + "; got null");
                return null;
            }
            return object(value, path, allowed);
        }

        private JsonNode array(JsonNode value, String path, String of) {
            if (value == null) {
                return null;
            }
            if (!value.isArray()) {
                problem(path, "expected a list of " + of + "; got " + describe(value));
                return null;
            }
            return value;
        }

        private void checkFields(JsonNode object, String path, List<String> allowed) {
            Iterator<String> names = object.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    problem(fieldPath(path, name), "unknown field; expected one of " + String.join(", ", allowed));
                }
            }
        }

        private String string(JsonNode value, String path) {
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                problem(path, "expected a string; got " + describe(value));
                return null;
            }
            return value.asText();
        }

        /** A blank string is reported and read as no value. */
        private String nonBlank(String value, String path) {
            if (value != null && value.isBlank()) {
                problem(path, "empty; expected a non-empty string");
                return null;
            }
            return value;
        }

        private Boolean bool(JsonNode value, String path) {
            if (value == null) {
                return null;
            }
            if (!value.isBoolean()) {
                problem(path, "expected a boolean (true or false); got " + describe(value));
                return null;
            }
            return value.booleanValue();
        }

        private Integer integer(JsonNode value, String path, long min, long max) {
            if (value == null) {
                return null;
            }
            String range = max == Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max;
            if (!value.isNumber()) {
                problem(path, "expected a whole number " + range + "; got " + describe(value));
                return null;
            }
            if (!value.isIntegralNumber()) {
                problem(path, value.asText() + " is not a whole number; expected a whole number " + range);
                return null;
            }
            if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
                problem(path, value.asText() + " is out of range; expected a whole number " + range);
                return null;
            }
            return (int) value.longValue();
        }

        private Double number(JsonNode value, String path, double min, double max) {
            if (value == null) {
                return null;
            }
            String range = "from " + plain(min) + " to " + plain(max);
            if (!value.isNumber()) {
                problem(path, "expected a number " + range + "; got " + describe(value));
                return null;
            }
            double d = value.doubleValue();
            if (!Double.isFinite(d) || d < min || d > max) {
                problem(path, value.asText() + " is out of range; expected a number " + range);
                return null;
            }
            return d;
        }

        private LocalDate date(JsonNode value, String path) {
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                problem(path, "expected an ISO date string yyyy-MM-dd; got " + describe(value));
                return null;
            }
            String text = value.asText();
            if (ISO_DATE.matcher(text).matches()) {
                try {
                    return LocalDate.parse(text, DATE);
                } catch (DateTimeParseException e) {
                    // reported below
                }
            }
            problem(path, "invalid date " + quote(text) + "; expected an ISO date yyyy-MM-dd");
            return null;
        }

        private <E extends Enum<E>> E enumOf(JsonNode value, String path, Class<E> type) {
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                problem(path, "expected one of " + names(type) + "; got " + describe(value));
                return null;
            }
            E found = find(type, value.asText());
            if (found == null) {
                problem(path, "unknown value " + quote(value.asText()) + "; expected one of " + names(type));
            }
            return found;
        }

        private <E extends Enum<E>> E required(JsonNode object, String field, String path, Class<E> type) {
            JsonNode value = at(object, field);
            if (value == null) {
                problem(path + "." + field, "missing; expected one of " + names(type));
                return null;
            }
            return enumOf(value, path + "." + field, type);
        }

        private <E extends Enum<E>> Set<E> enumSet(JsonNode value, String path, Class<E> type) {
            Set<E> set = EnumSet.noneOf(type);
            if (value == null) {
                return set;
            }
            if (!value.isArray()) {
                problem(path, "expected a list of " + names(type) + "; got " + describe(value));
                return set;
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                String itemPath = path + "[" + i + "]";
                if (item.isNull()) {
                    problem(itemPath, "expected one of " + names(type) + "; got null");
                    continue;
                }
                E e = enumOf(item, itemPath, type);
                if (e != null) {
                    set.add(e);
                }
            }
            return set;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** The field's value, or {@code null} when the object is absent or the field is missing or JSON null. */
    private static JsonNode at(JsonNode object, String field) {
        if (object == null) {
            return null;
        }
        JsonNode value = object.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    private static <E extends Enum<E>> E find(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) return "a string " + quote(value.asText());
        if (value.isNumber()) return "a number " + value.asText();
        if (value.isBoolean()) return "a boolean " + value.asText();
        if (value.isArray()) return "a list";
        if (value.isObject()) return "an object";
        if (value.isNull()) return "null";
        return value.getNodeType().name().toLowerCase();
    }

    private static String quote(String text) {
        String shown = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "…" : text;
        StringBuilder out = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String fieldPath(String parent, String name) {
        if (IDENTIFIER.matcher(name).matches()) {
            return parent + "." + name;
        }
        return parent + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
