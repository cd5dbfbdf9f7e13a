package org.facialcds.hooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * What clinicians did with the cards, per rule id and knowledge-base version: cards issued, cards with
 * feedback, accepted, overridden and the override reasons given. Read from the feedback store that
 * {@code facial-cds serve} writes.
 */
public final class FeedbackReport {

    /** One rule in one knowledge-base version. */
    public record Row(String knowledgeBase, String version, String ruleId, long cardsIssued, long cardsWithFeedback,
                      long accepted, long overridden, Map<String, Long> overrideReasons) {

        /** Overridden cards as a share of cards with feedback, or {@code NaN} when none had feedback. */
        public double overrideRate() {
            return cardsWithFeedback == 0 ? Double.NaN : (double) overridden / cardsWithFeedback;
        }
    }

    private final List<Row> rows;
    private final long feedbackItems;
    private final long unknownCards;

    private FeedbackReport(List<Row> rows, long feedbackItems, long unknownCards) {
        this.rows = List.copyOf(rows);
        this.feedbackItems = feedbackItems;
        this.unknownCards = unknownCards;
    }

    /**
     * Reads the report from the database the settings name.
     *
     * @throws org.facialcds.FacialCdsException {@value FeedbackStore#DB_ERROR} when the database cannot be read
     */
    public static FeedbackReport read(ServerSettings settings) {
        try (FeedbackStore store = FeedbackStore.openForReport(settings.databaseUrl(), settings.databaseUser(),
                settings.databasePassword())) {
            List<Row> rows = store.report().stream().map(s -> new Row(s.kbName(), s.kbVersion(), s.ruleId(),
                    s.cardsIssued(), s.cardsWithFeedback(), s.accepted(), s.overridden(), s.overrideReasons())).toList();
            return new FeedbackReport(rows, store.feedbackCount(), store.unknownCardFeedback());
        }
    }

    public List<Row> rows() {
        return rows;
    }

    /** All feedback items stored. */
    public long feedbackItems() {
        return feedbackItems;
    }

    /** Feedback items about cards this store has no record of. */
    public long unknownCards() {
        return unknownCards;
    }

    /** A table for people. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%-18s %-9s %-14s %7s %9s %9s %11s  %s%n", "knowledge base", "version", "rule",
                "issued", "feedback", "accepted", "overridden", "override reasons"));
        for (Row r : rows) {
            String reasons = r.overrideReasons().isEmpty() ? "" : String.join("; ", r.overrideReasons().entrySet()
                    .stream().map(e -> e.getKey() + " ×" + e.getValue()).toList());
            s.append(String.format("%-18s %-9s %-14s %7d %9d %9d %11d  %s%n", r.knowledgeBase(), r.version(),
                    r.ruleId(), r.cardsIssued(), r.cardsWithFeedback(), r.accepted(), r.overridden(), reasons));
        }
        s.append(String.format("%d feedback item%s stored", feedbackItems, feedbackItems == 1 ? "" : "s"));
        if (unknownCards > 0) {
            s.append(String.format("; %d about cards this store did not issue", unknownCards));
        }
        s.append(String.format("%n"));
        return s.toString();
    }

    /** The report as JSON. */
    public String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("rules");
        for (Row r : rows) {
            ObjectNode n = list.addObject();
            n.put("knowledgeBase", r.knowledgeBase());
            n.put("version", r.version());
            n.put("rule", r.ruleId());
            n.put("cardsIssued", r.cardsIssued());
            n.put("cardsWithFeedback", r.cardsWithFeedback());
            n.put("accepted", r.accepted());
            n.put("overridden", r.overridden());
            if (!r.overrideReasons().isEmpty()) {
                ObjectNode reasons = n.putObject("overrideReasons");
                r.overrideReasons().forEach(reasons::put);
            }
        }
        root.put("feedbackItems", feedbackItems);
        root.put("feedbackAboutUnknownCards", unknownCards);
        try {
            return json.writeValueAsString(root) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
