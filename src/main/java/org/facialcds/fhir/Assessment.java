package org.facialcds.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facialcds.facts.AlcoholUse;
import org.facialcds.facts.Eeg;
import org.facialcds.facts.Laterality;
import org.facialcds.facts.Movement;
import org.facialcds.facts.MriSafety;
import org.facialcds.facts.NeuroExam;
import org.facialcds.facts.PalsyCause;
import org.facialcds.facts.Recovery;
import org.facialcds.facts.Region;
import org.facialcds.facts.Side;
import org.facialcds.facts.ToxinResponse;
import org.facialcds.facts.Trigger;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Type;

/**
 * The facial-twitching assessment Questionnaire ({@value FhirCodes#QUESTIONNAIRE_URL}): one item per
 * patient-facts field that has no standard code, its linkId the field's JSON path without {@code $.}; and
 * the reading of a QuestionnaireResponse into those fields.
 */
final class Assessment {

    /** The answer type of an item. */
    enum Answer { CHOICE, BOOLEAN, DATE, INTEGER, DECIMAL }

    /** One item: its linkId (= JSON path), answer type, the enum of a choice and whether it repeats. */
    record Item(String linkId, Answer answer, Class<? extends Enum<?>> choices, boolean repeats) {

        /** The enum words a choice item accepts (empty for other types). */
        List<String> codes() {
            return choices == null ? List.of()
                    : Arrays.stream(choices.getEnumConstants()).map(Enum::name).toList();
        }
    }

    /** linkIds of the groups (no answers of their own). */
    static final Set<String> GROUPS = Set.of("twitching", "exam", "history", "lifestyle", "preferences", "safety");

    /** Every item, in questionnaire order. */
    static final Map<String, Item> ITEMS = items();

    private static Map<String, Item> items() {
        List<Item> list = new ArrayList<>();
        list.add(choice("twitching.laterality", Laterality.class));
        list.add(choices("twitching.regions", Region.class));
        list.add(choice("twitching.firstRegion", Region.class));
        list.add(choice("twitching.movement", Movement.class));
        list.add(new Item("twitching.onsetDate", Answer.DATE, null, false));
        list.add(new Item("twitching.durationDays", Answer.INTEGER, null, false));
        for (String b : List.of("onsetAbrupt", "progressive", "continuous", "persistsInSleep", "spreadSinceOnset",
                "sensoryTrick", "increasedBlinking", "photophobia", "canSuppress", "premonitoryUrge", "browLiftSign",
                "triggeredByVoluntaryMovement", "impairedAwareness", "spreadsToLimb", "distractible")) {
            list.add(bool("twitching." + b));
        }
        list.add(choices("twitching.triggers", Trigger.class));
        list.add(bool("twitching.painful"));
        list.add(choice("exam.neuroExam", NeuroExam.class));
        for (String b : List.of("facialWeakness", "eyeClosureIncomplete", "ptosis", "ptosisFatigable", "diplopia",
                "hearingLoss", "tinnitus", "vertigo", "facialNumbness", "dysarthria", "dysphagia", "dyspnea",
                "limbWeakness", "limbSensoryLoss", "areflexia", "ataxia", "parkinsonism")) {
            list.add(bool("exam." + b));
        }
        list.add(choice("history.facialPalsy.side", Side.class));
        list.add(new Item("history.facialPalsy.onsetDate", Answer.DATE, null, false));
        list.add(choice("history.facialPalsy.cause", PalsyCause.class));
        list.add(choice("history.facialPalsy.recovery", Recovery.class));
        list.add(new Item("history.botulinumToxin.lastInjectionDate", Answer.DATE, null, false));
        list.add(choice("history.botulinumToxin.response", ToxinResponse.class));
        list.add(bool("history.botulinumToxin.hypersensitivity"));
        list.add(bool("history.botulinumToxin.injectionSiteInfection"));
        for (String b : List.of("headNeckRadiation", "priorEyelidSurgery", "visualEpisode", "falls")) {
            list.add(bool("history." + b));
        }
        list.add(new Item("lifestyle.caffeineMgPerDay", Answer.DECIMAL, null, false));
        list.add(new Item("lifestyle.sleepHoursPerNight", Answer.DECIMAL, null, false));
        list.add(bool("lifestyle.highStress"));
        list.add(choice("lifestyle.alcoholUse", AlcoholUse.class));
        list.add(bool("preferences.declinesInjections"));
        list.add(bool("preferences.wantsDefinitiveTreatment"));
        list.add(choice("mriSafety", MriSafety.class));
        list.add(choice("eeg", Eeg.class));
        Map<String, Item> map = new LinkedHashMap<>();
        list.forEach(i -> map.put(i.linkId(), i));
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Item choice(String linkId, Class<? extends Enum<?>> type) {
        return new Item(linkId, Answer.CHOICE, type, false);
    }

    private static Item choices(String linkId, Class<? extends Enum<?>> type) {
        return new Item(linkId, Answer.CHOICE, type, true);
    }

    private static Item bool(String linkId) {
        return new Item(linkId, Answer.BOOLEAN, null, false);
    }

    private Assessment() {
    }

    /** Whether a QuestionnaireResponse answers our questionnaire (any version). */
    static boolean answers(QuestionnaireResponse response) {
        String q = response.getQuestionnaire();
        if (q == null) {
            return false;
        }
        int bar = q.indexOf('|');
        return (bar >= 0 ? q.substring(0, bar) : q).equals(FhirCodes.QUESTIONNAIRE_URL);
    }

    /**
     * Writes the answers of one response into {@code facts} (paths created as needed). Answers that are not
     * ours (unknown linkId, code outside our code system, wrong type, a date after asOf) are left out with a
     * warning.
     */
    static void read(QuestionnaireResponse response, ObjectNode facts, LocalDate asOf, Warnings warnings) {
        Map<String, List<QuestionnaireResponseItemAnswerComponent>> answers = new LinkedHashMap<>();
        collect(response.getItem(), answers, warnings);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        for (Map.Entry<String, List<QuestionnaireResponseItemAnswerComponent>> e : answers.entrySet()) {
            Item item = ITEMS.get(e.getKey());
            List<JsonNode> values = new ArrayList<>();
            for (QuestionnaireResponseItemAnswerComponent answer : e.getValue()) {
                JsonNode value = value(item, answer.getValue(), asOf, warnings);
                if (value != null && !values.contains(value)) {
                    values.add(value);
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            JsonNode result;
            if (item.repeats()) {
                ArrayNode array = nodes.arrayNode();
                values.forEach(array::add);
                result = array;
            } else {
                if (values.size() > 1) {
                    warnings.add("assessment: " + item.linkId() + " has " + values.size()
                            + " answers where one is expected; the first was used");
                }
                result = values.get(0);
            }
            put(facts, item.linkId(), result);
        }
        ObjectNode twitching = facts.get("twitching") instanceof ObjectNode t ? t : null;
        if (twitching != null && twitching.has("onsetDate") && twitching.has("durationDays")) {
            LocalDate onset = LocalDate.parse(twitching.get("onsetDate").asText());
            long days = ChronoUnit.DAYS.between(onset, asOf);
            if (Math.abs(days - twitching.get("durationDays").asLong()) > 1) {
                warnings.add("assessment: twitching.durationDays disagrees with twitching.onsetDate at asOf; the"
                        + " onset date was used");
            }
            twitching.remove("durationDays");
        }
    }

    private static void collect(List<QuestionnaireResponseItemComponent> items,
            Map<String, List<QuestionnaireResponseItemAnswerComponent>> into, Warnings warnings) {
        for (QuestionnaireResponseItemComponent item : items) {
            String linkId = item.getLinkId();
            if (linkId != null && ITEMS.containsKey(linkId)) {
                into.computeIfAbsent(linkId, k -> new ArrayList<>()).addAll(item.getAnswer());
            } else if (linkId != null && !GROUPS.contains(linkId) && item.hasAnswer()) {
                warnings.add("assessment: item " + linkId + " is not in the questionnaire; not used");
            }
            collect(item.getItem(), into, warnings);
            for (QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
                collect(answer.getItem(), into, warnings);
            }
        }
    }

    private static JsonNode value(Item item, Type value, LocalDate asOf, Warnings warnings) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        String where = "assessment: " + item.linkId();
        if (value == null || value.isEmpty()) {
            return null;
        }
        switch (item.answer()) {
            case CHOICE -> {
                String code = null;
                if (value instanceof Coding coding) {
                    if (coding.hasSystem() && !FhirCodes.ANSWER_SYSTEM.equals(coding.getSystem())) {
                        warnings.add(where + ": an answer coded outside " + FhirCodes.ANSWER_SYSTEM + "; not used");
                        return null;
                    }
                    code = coding.getCode();
                } else if (value instanceof org.hl7.fhir.r4.model.StringType s) {
                    code = s.getValue();
                }
                if (code == null || !item.codes().contains(code)) {
                    warnings.add(where + ": answer is not one of " + String.join(", ", item.codes()) + "; not used");
                    return null;
                }
                return nodes.textNode(code);
            }
            case BOOLEAN -> {
                if (value instanceof org.hl7.fhir.r4.model.BooleanType b && b.getValue() != null) {
                    return nodes.booleanNode(b.booleanValue());
                }
            }
            case DATE -> {
                LocalDate date = value instanceof org.hl7.fhir.r4.model.BaseDateTimeType d ? Dates.day(d) : null;
                if (date == null) {
                    warnings.add(where + ": expected a date to the day; not used");
                    return null;
                }
                if (date.isAfter(asOf)) {
                    warnings.add(where + ": date is after asOf " + asOf + "; not used");
                    return null;
                }
                return nodes.textNode(date.toString());
            }
            case INTEGER -> {
                if (value instanceof org.hl7.fhir.r4.model.IntegerType i && i.getValue() != null && i.getValue() >= 0) {
                    return nodes.numberNode(i.getValue());
                }
            }
            case DECIMAL -> {
                if (value instanceof org.hl7.fhir.r4.model.DecimalType d && d.getValue() != null
                        && d.getValue().signum() >= 0) {
                    return Dates.number(d.getValue());
                }
                if (value instanceof org.hl7.fhir.r4.model.IntegerType i && i.getValue() != null && i.getValue() >= 0) {
                    return Dates.number(BigDecimal.valueOf(i.getValue()));
                }
            }
            default -> {
            }
        }
        warnings.add(where + ": expected a " + item.answer().name().toLowerCase(java.util.Locale.ROOT)
                + " answer; not used");
        return null;
    }

    /** Puts {@code value} at a dotted path, creating objects on the way. */
    static void put(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
    }

    /** The linkIds as a set, for tests. */
    static Set<String> linkIds() {
        return new LinkedHashSet<>(ITEMS.keySet());
    }
}
