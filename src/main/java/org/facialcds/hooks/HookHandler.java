package org.facialcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.InvalidInputException;
import org.facialcds.KnowledgeBaseInfo;
import org.facialcds.facts.InputProblem;
import org.facialcds.facts.PatientFacts;
import org.facialcds.fhir.FhirMapping;
import org.facialcds.fhir.FhirMappingException;
import org.facialcds.fhir.FhirPatientMapper;

/**
 * Answers one hook call: gathers the patient's FHIR data, maps it to patient facts, evaluates them on the
 * knowledge base in service and builds the cards. A patient without a facial-twitching assessment gets no
 * cards: this service has nothing to say about them. The order hooks look only at draft orders it has advice
 * for, and need no patient data when there are none.
 */
final class HookHandler {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HookHandler.class);

    /** The response and the cards to remember for feedback. */
    record Answer(CdsResponse response, List<FeedbackStore.IssuedCard> issued) {
        static Answer empty() {
            return new Answer(CdsResponse.of(List.of()), List.of());
        }
    }

    private final EngineHolder engines;
    private final PatientData data;
    private final FhirPatientMapper mapper = new FhirPatientMapper();
    private final CardFactory cards;
    private final Clock clock;
    private final ObjectMapper json;

    HookHandler(EngineHolder engines, PatientData data, ObjectMapper json, Clock clock) {
        this.engines = engines;
        this.data = data;
        this.cards = new CardFactory(json);
        this.json = json;
        this.clock = clock;
    }

    Answer handle(CdsService service, HookRequest request, String baseUrl) {
        List<DraftOrder> drafts = List.of();
        if (!request.hook().equals(HookRequest.PATIENT_VIEW)) {
            drafts = DraftOrders.relevant(request);
            if (drafts.isEmpty()) {
                return Answer.empty(); // nothing this service rules on: no data needed, no cards
            }
        }
        PatientData.Resolved resolved = data.resolve(request);
        if (!resolved.prefetch().hasNonNull("assessment")) {
            return Answer.empty(); // no facial-twitching assessment: not this service's patient
        }
        LocalDate asOf = LocalDate.now(clock);
        FhirMapping mapping = map(resolved, request.patientId(), asOf);
        if (!mapping.patientFacts().has("twitching")) {
            return Answer.empty();
        }
        List<String> notes = new ArrayList<>(mapping.warnings());
        try (EngineHolder.Lease lease = engines.acquire()) {
            FacialCds cds = lease.cds();
            KnowledgeBaseInfo kb = cds.knowledgeBase();
            PatientFacts facts;
            try {
                facts = cds.read(mapping.patientFacts(), asOf);
            } catch (InvalidInputException e) {
                return answer(service, List.of(invalidData(e, kb, baseUrl)));
            }
            Evaluation baseline = cds.evaluate(facts);
            notes.addAll(baseline.warnings());
            List<CardFactory.Issued> issued;
            if (request.hook().equals(HookRequest.PATIENT_VIEW)) {
                CardFactory.Subject s = new CardFactory.Subject(baseUrl, request.patientId(), facts, kb,
                        FacialCds.ENGINE_VERSION, Map.of(), resolved.warnings(), List.copyOf(notes));
                issued = cards.patientView(baseline, s);
            } else {
                Map<Integer, DraftOrder> added = new LinkedHashMap<>();
                Evaluation withDrafts = null;
                PatientFacts factsWithDrafts = facts;
                ObjectNode amended = withDraftMedications(mapping.patientFacts(), drafts, asOf, added);
                if (amended != null) {
                    try {
                        factsWithDrafts = cds.read(amended, asOf);
                        withDrafts = cds.evaluate(factsWithDrafts);
                    } catch (InvalidInputException e) {
                        added.clear(); // the drafted drug could not be read as a medication: vetoes from the chart only
                    }
                }
                CardFactory.Subject s = new CardFactory.Subject(baseUrl, request.patientId(), factsWithDrafts, kb,
                        FacialCds.ENGINE_VERSION, Map.copyOf(added), resolved.warnings(), List.copyOf(notes));
                issued = cards.orders(baseline, withDrafts, drafts, s);
            }
            return answer(service, issued);
        }
    }

    private FhirMapping map(PatientData.Resolved resolved, String patientId, LocalDate asOf) {
        try {
            return mapper.map(resolved.prefetch().toString(), patientId, asOf, resolved.medicationListComplete());
        } catch (FhirMappingException e) {
            String first = e.getMessage().lines().findFirst().orElse(e.getMessage());
            if (FhirMappingException.WHICH_PATIENT.equals(e.code())) {
                throw new HttpProblem(412, List.of(new HttpProblem.Issue("processing",
                        "Cannot evaluate: the prefetched data is not about context.patientId (" + first + ")",
                        "prefetch")));
            }
            throw HttpProblem.badRequest("the prefetched data cannot be read as FHIR R4: " + first, "$.prefetch");
        } catch (RuntimeException e) {
            // a value the FHIR mapping did not expect (e.g. a boolean answer that is not a boolean): the input is at
            // fault, but the mapping should have said so; log where (no values) so it gets fixed
            StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
            LOG.warn("FHIR mapping failed on the prefetched data: {} at {}", e.getClass().getName(), at);
            throw HttpProblem.badRequest("the prefetched data cannot be read as FHIR R4: a resource holds a value of the "
                    + "wrong type", "$.prefetch");
        }
    }

    /**
     * The patient facts with each drafted benzodiazepine, anticholinergic or baclofen added as a current
     * medication, so the rules treat the drug as in play and list every veto that applies; {@code null} when
     * there is none to add, or the medication list is not known to be complete (adding a drug to an unknown
     * list would pass it off as complete).
     */
    private ObjectNode withDraftMedications(ObjectNode facts, List<DraftOrder> drafts, LocalDate asOf,
            Map<Integer, DraftOrder> added) {
        JsonNode meds = facts.get("medications");
        if (meds == null || !meds.isArray()) {
            return null;
        }
        ObjectNode copy = facts.deepCopy();
        ArrayNode list = (ArrayNode) copy.get("medications");
        for (DraftOrder d : drafts) {
            if (d.kind() == DraftOrder.Kind.BENZODIAZEPINE || d.kind() == DraftOrder.Kind.ANTICHOLINERGIC
                    || d.kind() == DraftOrder.Kind.BACLOFEN) {
                ObjectNode m = list.addObject();
                m.put("name", d.display());
                if (d.code() != null) {
                    m.putObject("code").put("system", d.system()).put("code", d.code());
                }
                m.put("startDate", asOf.toString());
                added.put(list.size() - 1, d);
            }
        }
        return added.isEmpty() ? null : copy;
    }

    private Answer answer(CdsService service, List<CardFactory.Issued> issued) {
        Instant now = clock.instant();
        List<Card> cardList = issued.stream().map(CardFactory.Issued::card).toList();
        List<FeedbackStore.IssuedCard> records = new ArrayList<>();
        for (CardFactory.Issued i : issued) {
            JsonNode kb = i.card().extension().path(CardFactory.EXTENSION).path("knowledgeBase");
            records.add(new FeedbackStore.IssuedCard(i.card().uuid(), service.id(), i.group(), i.card().indicator(),
                    kb.path("name").asText(), kb.path("version").asText(), kb.path("sha256").asText(), i.ruleIds(), now));
        }
        return new Answer(CdsResponse.of(cardList), records);
    }

    /** The chart holds values the patient-facts contract rejects: say so in one card instead of guessing. */
    private CardFactory.Issued invalidData(InvalidInputException e, KnowledgeBaseInfo kb, String baseUrl) {
        StringBuilder md = new StringBuilder("_").append(Evaluation.DISCLAIMER).append("_\n\n")
                .append("The record could not be evaluated: ").append(e.problems().size())
                .append(e.problems().size() == 1 ? " value does" : " values do")
                .append(" not fit the facial-twitching input contract. Correct them and reopen the chart.\n\n");
        for (InputProblem p : e.problems()) {
            md.append("- ").append(Markdown.escape(p.toString())).append('\n');
        }
        ObjectNode ext = json.createObjectNode();
        ObjectNode r = ext.putObject(CardFactory.EXTENSION);
        r.putObject("knowledgeBase").put("name", kb.name()).put("version", kb.version()).put("sha256", kb.sha256());
        r.put("engineVersion", FacialCds.ENGINE_VERSION);
        r.put("cardGroup", "invalid-data");
        r.put("errorCode", e.code());
        r.put("disclaimer", Evaluation.DISCLAIMER);
        Card card = new Card(java.util.UUID.randomUUID().toString(),
                "Facial-twitching advice unavailable: the record has values that need correcting", md.toString(),
                Card.INFO, new Source("facial-cds decision support (" + kb.name() + " " + kb.version() + ")",
                baseUrl + "/knowledge-base", null, new Coding(CardFactory.TOPIC_SYSTEM, "data-needed", "Missing data")),
                List.of(), null, List.of(), List.of(), ext);
        return new CardFactory.Issued(card, "invalid-data", List.of());
    }
}
