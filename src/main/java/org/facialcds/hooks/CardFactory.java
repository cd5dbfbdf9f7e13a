package org.facialcds.hooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.facialcds.Because;
import org.facialcds.Evaluation;
import org.facialcds.Evidence;
import org.facialcds.KnowledgeBaseInfo;
import org.facialcds.Recommendation;
import org.facialcds.facts.Code;
import org.facialcds.facts.Kind;
import org.facialcds.facts.Medication;
import org.facialcds.facts.PatientFacts;
import org.facialcds.facts.Reason;
import org.facialcds.facts.Urgency;

/**
 * Turns an evaluation into a few cards (alert fatigue): for {@code patient-view} one critical card for
 * alerts, one for diagnosis + imaging + referral, one for treatment options and what to avoid, one for
 * missing data; for the order hooks, per draft order, one card per veto and one with the protocol advice.
 * Every card says it is decision support, explains its reasoning in words and carries it as data in
 * {@code extension}.
 */
final class CardFactory {

    /** A card and what the feedback store keeps about it. */
    record Issued(Card card, String group, List<String> ruleIds) {
    }

    /** What the cards are about: the chart, the call, and the knowledge base that answered. */
    record Subject(String baseUrl, String patientId, PatientFacts facts, KnowledgeBaseInfo kb, String engineVersion,
                   Map<Integer, DraftOrder> draftMedications, List<String> unavailable, List<String> recordNotes) {
    }

    static final String EXTENSION = "org.facialcds.reasoning";
    static final String TOPIC_SYSTEM = "https://facial-cds.org/fhir/CodeSystem/card-topic";
    static final String OVERRIDE_SYSTEM = "https://facial-cds.org/fhir/CodeSystem/override-reason";
    static final List<Coding> OVERRIDE_REASONS = List.of(
            new Coding(OVERRIDE_SYSTEM, "already-addressed", "Already addressed or work-up under way"),
            new Coding(OVERRIDE_SYSTEM, "specialist-decision", "A specialist has reviewed and decided"),
            new Coding(OVERRIDE_SYSTEM, "benefit-outweighs-risk", "Benefit outweighs the risk for this patient"),
            new Coding(OVERRIDE_SYSTEM, "data-incorrect", "The record is wrong or out of date"),
            new Coding(OVERRIDE_SYSTEM, "patient-preference", "Patient's informed preference"),
            new Coding(OVERRIDE_SYSTEM, "not-relevant", "Not relevant to this patient"));

    private static final Set<Code> ALERT_CODES = EnumSet.of(Code.REF_EMERGENCY, Code.AVOID_REASSURANCE_ONLY);
    private static final Set<Code> MRI_CODES = EnumSet.of(Code.IMG_MRI_HFS_PROTOCOL, Code.IMG_MRI_BRAIN_CONTRAST,
            Code.IMG_MRI_BRAIN_POLICY);
    private static final Set<Code> SERIOUS_DX = EnumSet.of(Code.DX_STRUCTURAL_LESION, Code.DX_HFS_SECONDARY,
            Code.DX_DEMYELINATION_SUSPECTED, Code.DX_CPA_LESION_TO_EXCLUDE, Code.DX_SUSPECTED_FOCAL_SEIZURE,
            Code.DX_FACIAL_MYOKYMIA, Code.DX_SUSPECTED_MYASTHENIA);
    private static final Set<Reason> CRITICAL_REASONS = EnumSet.of(Reason.CONTRAINDICATED, Reason.BOXED_WARNING);
    /** Missing facts that hold back every drug suggestion (clinical-pathway.md §10 rule 7). */
    private static final Set<String> DRUG_FIELDS = Set.of("$.medications", "$.pregnant", "$.breastfeeding");
    private static final int MAX_WARNINGS = 10;

    private final ObjectMapper json;

    CardFactory(ObjectMapper json) {
        this.json = json;
    }

    // ---------------------------------------------------------------- patient-view

    List<Issued> patientView(Evaluation ev, Subject s) {
        List<Issued> cards = new ArrayList<>();
        List<Recommendation> alerts = select(ev, r -> r.kind() == Kind.ALERT || ALERT_CODES.contains(r.code()));
        List<Recommendation> workUp = select(ev, r -> !ALERT_CODES.contains(r.code())
                && (r.kind() == Kind.DIAGNOSIS || r.kind() == Kind.IMAGING || r.kind() == Kind.TEST
                || r.kind() == Kind.REFERRAL || r.code() == Code.AVOID_GADOLINIUM));
        List<Recommendation> treatment = select(ev, r -> r.kind() == Kind.TREATMENT || r.kind() == Kind.LIFESTYLE);
        List<Recommendation> vetoes = select(ev, r -> r.kind() == Kind.AVOID && !ALERT_CODES.contains(r.code())
                && r.code() != Code.AVOID_GADOLINIUM);
        List<Recommendation> missing = select(ev, r -> r.kind() == Kind.DATA_NEEDED);

        if (!alerts.isEmpty()) {
            boolean emergency = alerts.stream().anyMatch(r -> r.urgency() == Urgency.EMERGENCY
                    || r.code() == Code.REF_EMERGENCY);
            List<Recommendation> shown = alerts.stream().filter(r -> r.kind() == Kind.ALERT).toList();
            Recommendation first = shown.isEmpty() ? alerts.get(0) : shown.get(0);
            String summary = (emergency ? "Emergency: " : "Urgent: ") + first.title()
                    + (shown.size() > 1 ? " (+" + (shown.size() - 1) + " more)" : "");
            cards.add(card("alerts", emergency ? Card.CRITICAL : Card.WARNING, summary,
                    "Act on this today: the findings below take the patient off the benign pathway.",
                    alerts, List.of(), s, null));
        }
        if (!workUp.isEmpty()) {
            cards.add(workUpCard(ev, workUp, s));
        }
        if (!treatment.isEmpty() || !vetoes.isEmpty()) {
            List<Recommendation> recs = new ArrayList<>(treatment);
            recs.addAll(vetoes);
            String options = Markdown.list(treatment.stream().map(r -> shortTitle(r.title())).limit(3).toList());
            String avoid = vetoGroups(vetoes);
            String summary = treatment.isEmpty() ? "Avoid: " + avoid
                    : "Options to discuss: " + options + (treatment.size() > 3 ? " …" : "")
                    + (vetoes.isEmpty() ? "" : "; avoid " + avoid);
            String indicator = vetoes.isEmpty() ? Card.INFO : Card.WARNING;
            cards.add(card("treatment", indicator, summary,
                    vetoes.isEmpty() ? "Treatment options for the hypotheses above, with their evidence."
                            : "Treatment options for the hypotheses above, and what to avoid for this patient (a veto "
                            + "always wins over a suggestion).",
                    recs, List.of(), s, null));
        }
        Issued data = dataCard(missing, s, "Missing data limits this advice: ");
        if (data != null) {
            cards.add(data);
        }
        return cards;
    }

    private Issued workUpCard(Evaluation ev, List<Recommendation> workUp, Subject s) {
        List<String> parts = new ArrayList<>();
        workUp.stream().filter(r -> r.kind() == Kind.DIAGNOSIS).findFirst()
                .ifPresent(r -> parts.add(shortTitle(r.title())));
        workUp.stream().filter(r -> r.kind() == Kind.IMAGING || r.kind() == Kind.TEST).map(r -> shortTitle(r.title()))
                .forEach(parts::add);
        workUp.stream().filter(r -> r.kind() == Kind.REFERRAL)
                .map(r -> r.title() + (r.urgency() == Urgency.URGENT ? " (urgent)" : "")).forEach(parts::add);
        boolean serious = workUp.stream().anyMatch(r -> SERIOUS_DX.contains(r.code())
                || (r.kind() == Kind.REFERRAL && r.urgency() != null && r.urgency() != Urgency.ROUTINE));
        List<Suggestion> suggestions = new ArrayList<>();
        boolean noGadolinium = avoidsGadolinium(ev, s.facts());
        String reason = workUp.stream().filter(r -> r.kind() == Kind.DIAGNOSIS).findFirst().map(Recommendation::title)
                .orElse(null);
        for (Recommendation r : workUp) {
            if (MRI_CODES.contains(r.code())) {
                ObjectNode request = mriRequest(r, noGadolinium, s, reason);
                suggestions.add(new Suggestion("Propose " + request.path("code").path("text").asText(),
                        UUID.randomUUID().toString(), true, List.of(Action.create(
                        "Create a proposed ServiceRequest for " + request.path("code").path("text").asText()
                                + " (decision support: the clinician decides and signs)", request))));
            }
        }
        return card("work-up", serious ? Card.WARNING : Card.INFO, "Hypothesis: " + String.join("; ", parts),
                "What the findings suggest, the imaging and tests that would settle it, and who to refer to. "
                        + "Diagnoses are hypotheses for the clinician, never final.",
                workUp, suggestions, s, null);
    }

    // ---------------------------------------------------------------- order-select / order-sign

    /**
     * Cards for the draft orders. {@code withDrafts} is the evaluation with the drafted drugs added to the
     * medication list (so their vetoes are computed even when the drug is not otherwise a candidate), or
     * {@code null} when the list is not complete and they were not added.
     */
    List<Issued> orders(Evaluation baseline, Evaluation withDrafts, List<DraftOrder> drafts, Subject s) {
        List<Issued> cards = new ArrayList<>();
        for (DraftOrder order : drafts) {
            if (order.kind().isDrug()) {
                cards.addAll(drugCards(baseline, withDrafts, order, s));
            } else {
                cards.addAll(imagingCards(baseline, order, s));
            }
        }
        return cards;
    }

    private List<Issued> drugCards(Evaluation baseline, Evaluation withDrafts, DraftOrder order, Subject s) {
        Code veto = order.kind().veto();
        Evaluation source = withDrafts != null ? withDrafts : baseline;
        List<Recommendation> vetoes = source.all(veto).stream().filter(r -> !selfInflicted(r, s)).toList();
        String txName = order.kind().treatment().name();
        List<Recommendation> missing = baseline.recommendations().stream()
                .filter(r -> r.kind() == Kind.DATA_NEEDED && (DRUG_FIELDS.contains(r.field())
                        || r.because().stream().anyMatch(b -> b.from().contains(txName)))).toList();
        String drug = Markdown.escape(order.display());
        Suggestion remove = new Suggestion("Remove the draft order for " + order.display(), UUID.randomUUID().toString(),
                !vetoes.isEmpty(), List.of(Action.delete("Remove the draft order " + order.reference(),
                order.reference())));
        if (!vetoes.isEmpty()) {
            boolean critical = vetoes.stream().anyMatch(r -> CRITICAL_REASONS.contains(r.reason()));
            List<String> reasons = vetoes.stream().map(r -> Markdown.reason(r.reason())).distinct().toList();
            List<Recommendation> recs = new ArrayList<>(vetoes);
            recs.addAll(missing);
            String intro = veto.title() + " for this patient. The draft order for **" + drug + "** is what it "
                    + "applies to. Each reason below is listed with the rule and the chart facts behind it."
                    + (missing.isEmpty() ? "" : " Some facts that could add reasons are missing (listed below).");
            return List.of(card("veto:" + veto.name(), critical ? Card.CRITICAL : Card.WARNING,
                    "Avoid " + order.display() + ": " + String.join("; ", reasons), intro, recs, List.of(remove), s,
                    order));
        }
        Code tx = order.kind().treatment();
        List<Recommendation> suggested = baseline.all(tx);
        List<Recommendation> recs = new ArrayList<>(suggested);
        recs.addAll(missing);
        String indicator = missing.isEmpty() ? Card.INFO : Card.WARNING;
        if (!suggested.isEmpty()) {
            String summary = shortTitle(tx.title()) + ": a suggested option here; check the protocol notes";
            return List.of(card("order-protocol:" + tx.name(), indicator, summary, "The draft order for **" + drug
                    + "** matches an option the knowledge base suggests for this presentation. Protocol notes and "
                    + "cautions:", recs, List.of(), s, order));
        }
        List<String> options = baseline.recommendations().stream().filter(r -> r.kind() == Kind.TREATMENT)
                .map(r -> r.title()).toList();
        String intro = "The draft order for **" + drug + "** is not among the options the knowledge base suggests "
                + "for this presentation" + (options.isEmpty() ? "." : "; it suggests: " + Markdown.list(options) + ".")
                + (missing.isEmpty() ? "" : " Before any drug, these facts are needed (listed below).");
        String summary = missing.isEmpty()
                ? order.display() + " is not a suggested option for this presentation"
                : "Before " + order.display() + ": needs " + Markdown.list(missing.stream()
                .map(r -> Markdown.field(r.field())).distinct().toList());
        return List.of(card("order-not-suggested:" + tx.name(), indicator, summary, intro, recs, List.of(remove), s,
                order));
    }

    private List<Issued> imagingCards(Evaluation ev, DraftOrder order, Subject s) {
        List<Issued> cards = new ArrayList<>();
        Recommendation mri = ev.recommendations().stream().filter(r -> MRI_CODES.contains(r.code())).findFirst()
                .orElse(null);
        List<Recommendation> gadolinium = ev.all(Code.AVOID_GADOLINIUM);
        boolean noGadolinium = avoidsGadolinium(ev, s.facts());
        String what = Markdown.escape(order.display());
        Suggestion remove = new Suggestion("Remove the draft order for " + order.display(), UUID.randomUUID().toString(),
                false, List.of(Action.delete("Remove the draft order " + order.reference(), order.reference())));
        String reason = ev.recommendations().stream().filter(r -> r.kind() == Kind.DIAGNOSIS).findFirst()
                .map(Recommendation::title).orElse(null);

        if (order.kind() == DraftOrder.Kind.MRI && order.contrast().gives() && noGadolinium) {
            ObjectNode changed = changedOrder(order, mri, true, s, reason);
            Suggestion change = new Suggestion("Change to " + changed.path("code").path("text").asText(),
                    UUID.randomUUID().toString(), true, List.of(Action.update("Order the MRI without gadolinium",
                    changed)));
            List<Recommendation> recs = gadolinium.isEmpty() && mri != null ? List.of(mri) : gadolinium;
            cards.add(card("order-imaging:gadolinium", Card.WARNING, "Avoid gadolinium: order " + order.display()
                            + " without contrast",
                    "The draft order **" + what + "** gives gadolinium; for this patient the MRI should be done "
                            + "without it unless contrast clearly changes management.",
                    recs, List.of(change, remove), s, order));
        }
        if (order.kind() == DraftOrder.Kind.CT && mri != null && !ev.has(Code.IMG_CT_FALLBACK)) {
            ObjectNode changed = changedOrder(order, mri, noGadolinium, s, reason);
            Suggestion change = new Suggestion("Change to " + changed.path("code").path("text").asText(),
                    UUID.randomUUID().toString(), true, List.of(Action.update("Replace the CT with the recommended MRI",
                    changed)));
            cards.add(card("order-imaging:ct-instead-of-mri", Card.WARNING, "MRI, not CT, is recommended: "
                            + shortTitle(mri.title()),
                    "The draft order **" + what + "** is a CT. CT shows the posterior fossa poorly and misses small "
                            + "lesions and nerve contact; the knowledge base recommends an MRI for this presentation.",
                    List.of(mri), List.of(change, remove), s, order));
        }
        if (mri == null && ev.has(Code.IMG_NOT_NEEDED)) {
            Suggestion removeIt = new Suggestion(remove.label(), remove.uuid(), true, remove.actions());
            cards.add(card("order-imaging:not-needed", Card.INFO, "No imaging is indicated now: consider removing "
                            + order.display(),
                    "The draft order **" + what + "** is not needed for this presentation.",
                    ev.all(Code.IMG_NOT_NEEDED), List.of(removeIt), s, order));
        }
        if (order.kind() == DraftOrder.Kind.MRI && ev.has(Code.IMG_CONFIRM_DEVICE_MR_STATUS)) {
            cards.add(card("order-imaging:device", Card.WARNING, "Confirm the implant's MR status before "
                            + order.display(),
                    "The patient has a device or foreign body that may not be MR-safe.",
                    ev.all(Code.IMG_CONFIRM_DEVICE_MR_STATUS), List.of(), s, order));
        }
        if (order.kind() == DraftOrder.Kind.MRI && mri != null && !(order.contrast().gives() && noGadolinium)) {
            List<Suggestion> suggestions = new ArrayList<>();
            if (!noGadolinium && order.contrast() == DraftOrder.Contrast.WITHOUT && mri.code() != Code.IMG_MRI_BRAIN_POLICY) {
                ObjectNode changed = changedOrder(order, mri, false, s, reason);
                suggestions.add(new Suggestion("Change to " + changed.path("code").path("text").asText(),
                        UUID.randomUUID().toString(), true, List.of(Action.update(
                        "Order the MRI without and with gadolinium, as the protocol asks", changed))));
            }
            cards.add(card("order-imaging:protocol", Card.INFO, "Protocol for this MRI: " + shortTitle(mri.title()),
                    "The draft order **" + what + "** matches the imaging the knowledge base recommends. Ask for this "
                            + "protocol:", List.of(mri), suggestions, s, order));
        }
        if (order.kind() == DraftOrder.Kind.CT && ev.has(Code.IMG_CT_FALLBACK)) {
            cards.add(card("order-imaging:ct-protocol", Card.INFO, "CT fallback: " + shortTitle(
                            Code.IMG_CT_FALLBACK.title()),
                    "MRI is not possible for this patient; the draft order **" + what + "** is the fallback.",
                    ev.all(Code.IMG_CT_FALLBACK), List.of(), s, order));
        }
        return cards;
    }

    // ---------------------------------------------------------------- shared

    /**
     * The missing-data card: facts the rules asked for, and prefetch data that could not be had; {@code null}
     * when neither. Notes about the record (unmapped codes …) ride along but never make a card on their own.
     */
    private Issued dataCard(List<Recommendation> missing, Subject s, String prefix) {
        if (missing.isEmpty() && s.unavailable().isEmpty()) {
            return null;
        }
        List<String> fields = missing.stream().map(r -> Markdown.field(r.field())).distinct().toList();
        String summary = fields.isEmpty() ? "Some of the record could not be read: advice may be incomplete"
                : prefix + Markdown.list(fields);
        StringBuilder extra = new StringBuilder();
        notes(extra, "Not available to this service", s.unavailable());
        notes(extra, "Notes on the record", s.recordNotes());
        return card("data-needed", Card.INFO, summary,
                "Some facts are missing or could not be read; the advice on the other cards holds back where they "
                        + "matter. Documenting them gives safer, more specific advice." + extra,
                missing, List.of(), s, null);
    }

    private static void notes(StringBuilder md, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        md.append("\n\n**").append(title).append("**\n\n");
        lines.stream().limit(MAX_WARNINGS).forEach(w -> md.append("- ").append(Markdown.escape(w)).append('\n'));
        if (lines.size() > MAX_WARNINGS) {
            md.append("- … and ").append(lines.size() - MAX_WARNINGS).append(" more\n");
        }
    }

    private Issued card(String group, String indicator, String summary, String intro, List<Recommendation> recs,
            List<Suggestion> suggestions, Subject s, DraftOrder order) {
        Markdown.FactNames names = names(s);
        StringBuilder md = new StringBuilder();
        md.append("_").append(org.facialcds.Evaluation.DISCLAIMER).append("_\n\n");
        md.append(intro).append("\n");
        for (Recommendation r : recs) {
            md.append("\n**").append(heading(r)).append("**\n\n");
            if (r.detail() != null) {
                md.append(r.detail()).append("\n\n");
            }
            for (String caution : r.cautions()) {
                md.append("- Caution: ").append(caution).append('\n');
            }
            List<Because> own = r.because().stream().filter(b -> b.concludes() == null).toList();
            List<Because> steps = r.because().stream().filter(b -> b.concludes() != null).toList();
            for (Because b : own) {
                md.append("- Why: ").append(Markdown.step(b, names)).append('\n');
            }
            for (Because b : steps) {
                md.append("- Built on: ").append(Markdown.step(b, names)).append('\n');
            }
            String evidence = evidence(r.evidence());
            if (evidence != null) {
                md.append("- Evidence: ").append(evidence).append('\n');
            }
        }
        md.append("\nKnowledge base ").append(Markdown.escape(s.kb().name())).append(' ')
                .append(Markdown.escape(s.kb().version())).append(" (sha256 `").append(s.kb().sha256(), 0, 12)
                .append("…`), facial-cds ").append(s.engineVersion()).append('.');
        List<String> rules = new ArrayList<>(new LinkedHashSet<>(recs.stream().flatMap(r -> r.because().stream())
                .filter(b -> b.concludes() == null).map(Because::rule).toList()));
        List<String> allRules = new ArrayList<>(new LinkedHashSet<>(recs.stream().flatMap(r -> r.because().stream())
                .map(Because::rule).toList()));
        List<Link> links = allRules.isEmpty() ? List.of()
                : List.of(Link.absolute("Rules and evidence behind this card",
                s.baseUrl() + "/knowledge-base/rules?ids=" + String.join(",", allRules)));
        boolean warn = !Card.INFO.equals(indicator);
        Card card = new Card(UUID.randomUUID().toString(), Markdown.summary(summary), md.toString(), indicator,
                new Source("facial-cds decision support (" + s.kb().name() + " " + s.kb().version() + ")",
                        s.baseUrl() + "/knowledge-base", null, topic(group)),
                suggestions, suggestions.isEmpty() ? null : "at-most-one", warn ? OVERRIDE_REASONS : List.of(), links,
                extension(group, recs, allRules, s, order));
        return new Issued(card, group, rules.isEmpty() ? allRules : rules);
    }

    private ObjectNode extension(String group, List<Recommendation> recs, List<String> rules, Subject s,
            DraftOrder order) {
        ObjectNode ext = json.createObjectNode();
        ObjectNode reasoning = ext.putObject(EXTENSION);
        ObjectNode kb = reasoning.putObject("knowledgeBase");
        kb.put("name", s.kb().name());
        kb.put("version", s.kb().version());
        kb.put("sha256", s.kb().sha256());
        reasoning.put("engineVersion", s.engineVersion());
        reasoning.put("cardGroup", group);
        if (order != null) {
            reasoning.put("draftOrder", order.reference());
        }
        if (!rules.isEmpty()) {
            ArrayNode r = reasoning.putArray("rules");
            rules.forEach(r::add);
        }
        if (!recs.isEmpty()) {
            ArrayNode list = reasoning.putArray("recommendations");
            for (Recommendation rec : recs) {
                list.add(recommendation(rec));
            }
        }
        reasoning.put("disclaimer", Evaluation.DISCLAIMER);
        return ext;
    }

    private ObjectNode recommendation(Recommendation r) {
        ObjectNode node = json.createObjectNode();
        node.put("code", r.code().name());
        node.put("kind", r.kind().name());
        node.put("title", r.title());
        if (r.urgency() != null) node.put("urgency", r.urgency().name());
        if (r.reason() != null) node.put("reason", r.reason().name());
        if (r.field() != null) node.put("field", r.field());
        Evidence e = r.evidence();
        if (e != null && (e.level() != null || !e.sources().isEmpty())) {
            ObjectNode ev = node.putObject("evidence");
            if (e.level() != null) ev.put("level", e.level());
            if (e.scheme() != null) ev.put("scheme", e.scheme());
            if (!e.sources().isEmpty()) {
                ArrayNode sources = ev.putArray("sources");
                e.sources().forEach(sources::add);
            }
        }
        if (!r.cautions().isEmpty()) {
            ArrayNode c = node.putArray("cautions");
            r.cautions().forEach(c::add);
        }
        if (!r.because().isEmpty()) {
            ArrayNode because = node.putArray("because");
            for (Because b : r.because()) {
                ObjectNode step = because.addObject();
                step.put("rule", b.rule());
                if (b.file() != null) step.put("file", b.file());
                if (!b.facts().isEmpty()) {
                    ArrayNode facts = step.putArray("facts");
                    b.facts().forEach(facts::add);
                }
                if (!b.from().isEmpty()) {
                    ArrayNode from = step.putArray("from");
                    b.from().forEach(from::add);
                }
                if (b.concludes() != null) step.put("concludes", b.concludes());
            }
        }
        return node;
    }

    /** Whether a veto stands only on the drafted drug itself ("already taking a benzodiazepine"): not a reason. */
    static boolean selfInflicted(Recommendation veto, Subject s) {
        if (s.draftMedications().isEmpty()) {
            return false;
        }
        List<Because> own = veto.because().stream().filter(b -> b.concludes() == null).toList();
        if (own.isEmpty()) {
            return false;
        }
        for (Because b : own) {
            if (b.facts().isEmpty()) {
                return false;
            }
            for (String fact : b.facts()) {
                if (!citesDraft(fact, s)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean citesDraft(String fact, Subject s) {
        if (!fact.startsWith("$.medications[")) {
            return false;
        }
        int end = fact.indexOf(']');
        try {
            return s.draftMedications().containsKey(Integer.parseInt(fact.substring("$.medications[".length(), end)));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private static Markdown.FactNames names(Subject s) {
        return (list, index) -> {
            if (list.equals("medications")) {
                DraftOrder draft = s.draftMedications().get(index);
                if (draft != null) {
                    return "the draft order (" + Markdown.escape(draft.display()) + ")";
                }
                if (s.facts() != null) {
                    for (Medication m : s.facts().medications()) {
                        if (m.index() == index && m.name() != null) {
                            return "medication \"" + Markdown.escape(m.name()) + "\"";
                        }
                    }
                }
                return "medication " + (index + 1);
            }
            if (list.equals("conditions") && s.facts() != null) {
                for (org.facialcds.facts.Condition c : s.facts().conditions()) {
                    if (c.index() == index && c.name() != null) {
                        return "condition " + c.name().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                    }
                }
            }
            return (list.equals("imaging") ? "imaging study " : list + " ") + (index + 1);
        };
    }

    private static String heading(Recommendation r) {
        StringBuilder h = new StringBuilder(r.title());
        if (r.kind() == Kind.AVOID && r.reason() != null) {
            h.append(": ").append(Markdown.reason(r.reason()));
        }
        if (r.kind() == Kind.DATA_NEEDED && r.field() != null) {
            h.append(": ").append(Markdown.field(r.field()));
        }
        if (r.urgency() != null && r.kind() == Kind.REFERRAL) {
            h.append(" (").append(r.urgency().name().toLowerCase(java.util.Locale.ROOT)).append(')');
        }
        return h.toString();
    }

    private static String evidence(Evidence e) {
        if (e == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(e.sources().stream().map(Markdown::escape).toList());
        if (e.level() != null) {
            parts.add("level " + Markdown.escape(e.level()) + (e.scheme() != null ? " (" + Markdown.escape(e.scheme())
                    + ")" : ""));
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static Coding topic(String group) {
        String code = group.contains(":") ? group.substring(0, group.indexOf(':')) : group;
        String display = switch (code) {
            case "alerts" -> "Emergency and red-flag alerts";
            case "work-up" -> "Diagnosis, imaging and referral";
            case "treatment" -> "Treatment options and vetoes";
            case "data-needed" -> "Missing data";
            case "veto" -> "Order veto";
            case "order-imaging" -> "Imaging order advice";
            default -> "Order advice";
        };
        return new Coding(TOPIC_SYSTEM, code, display);
    }

    /** "Hemifacial spasm, suspected: … (hypothesis)" → without the trailing "(hypothesis)". */
    private static String shortTitle(String title) {
        return title.replace(" (hypothesis)", "");
    }

    private static String vetoGroups(List<Recommendation> vetoes) {
        Map<Code, List<String>> byCode = new java.util.LinkedHashMap<>();
        for (Recommendation v : vetoes) {
            byCode.computeIfAbsent(v.code(), k -> new ArrayList<>()).add(Markdown.reason(v.reason()));
        }
        List<String> parts = new ArrayList<>();
        byCode.forEach((code, reasons) -> parts.add(code.title().replaceFirst("^(Avoid|Do not) ", "")
                + " (" + String.join(", ", reasons) + ")"));
        return String.join("; ", parts);
    }

    private static List<Recommendation> select(Evaluation ev, Predicate<Recommendation> p) {
        return ev.recommendations().stream().filter(p).toList();
    }

    private static boolean avoidsGadolinium(Evaluation ev, PatientFacts facts) {
        return ev.has(Code.AVOID_GADOLINIUM)
                || (facts != null && Boolean.TRUE.equals(facts.patient().pregnant()));
    }

    // ---------------------------------------------------------------- FHIR resources for suggestions

    /** A proposed MRI ServiceRequest: CPT 70553 / LOINC 24587-8 with gadolinium, 70551 / 30657-1 without. */
    private ObjectNode mriRequest(Recommendation mri, boolean noGadolinium, Subject s, String reason) {
        ObjectNode sr = json.createObjectNode();
        sr.put("resourceType", "ServiceRequest");
        sr.put("status", "draft");
        sr.put("intent", "proposal");
        sr.putArray("category").addObject().putArray("coding").addObject()
                .put("system", DraftOrders.SNOMED).put("code", "363679005").put("display", "Imaging");
        setMriCode(sr, mri, noGadolinium);
        sr.putObject("subject").put("reference", "Patient/" + s.patientId());
        if (reason != null) {
            sr.putArray("reasonCode").addObject().put("text", reason);
        }
        note(sr, mri, s);
        return sr;
    }

    /** The draft order changed to the recommended MRI (or the same MRI without gadolinium), id kept. */
    private ObjectNode changedOrder(DraftOrder order, Recommendation mri, boolean noGadolinium, Subject s,
            String reason) {
        ObjectNode sr = order.resource().deepCopy();
        setMriCode(sr, mri, noGadolinium);
        if (reason != null && !sr.has("reasonCode") && !sr.has("reasonReference")) {
            sr.putArray("reasonCode").addObject().put("text", reason);
        }
        note(sr, mri, s);
        return sr;
    }

    private static void setMriCode(ObjectNode sr, Recommendation mri, boolean noGadolinium) {
        String protocol = mri == null ? "MRI brain" : shortTitle(mri.title());
        ObjectNode code = sr.putObject("code");
        ArrayNode coding = code.putArray("coding");
        if (noGadolinium) {
            coding.addObject().put("system", DraftOrders.CPT).put("code", "70551")
                    .put("display", "MRI brain (including brain stem) without contrast");
            coding.addObject().put("system", DraftOrders.LOINC).put("code", "30657-1")
                    .put("display", "MR Brain WO contrast");
            code.put("text", protocol + ", without gadolinium");
        } else {
            coding.addObject().put("system", DraftOrders.CPT).put("code", "70553")
                    .put("display", "MRI brain without contrast, followed by contrast and further sequences");
            coding.addObject().put("system", DraftOrders.LOINC).put("code", "24587-8")
                    .put("display", "MR Brain WO and W contrast IV");
            code.put("text", protocol + ", without and with gadolinium");
        }
    }

    private static void note(ObjectNode sr, Recommendation mri, Subject s) {
        String rules = mri == null ? "" : String.join(", ", mri.because().stream().filter(b -> b.concludes() == null)
                .map(Because::rule).toList());
        String text = (mri != null && mri.detail() != null ? mri.detail() + " " : "")
                + "Proposed by facial-cds decision support" + (rules.isEmpty() ? "" : " (rule " + rules + ")")
                + ", knowledge base " + s.kb().name() + " " + s.kb().version() + "; the clinician decides.";
        sr.putArray("note").addObject().put("text", text);
    }
}
