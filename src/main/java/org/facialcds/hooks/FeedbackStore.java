package org.facialcds.hooks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.facialcds.FacialCdsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where feedback lives, through JDBC: an H2 file by default, PostgreSQL (or any SQL database with a driver on
 * the class path) when the config file gives its URL. It keeps, for each card issued, its rule ids and the
 * knowledge base's name, version and SHA-256 (written in the background, off the request path), and each
 * feedback item (accepted / overridden, the suggestions accepted, the override reason's coding). No patient
 * data: no patient ids, no card text, no free-text comments (only whether there was one).
 */
final class FeedbackStore implements AutoCloseable {

    /** What is kept about an issued card. */
    record IssuedCard(String uuid, String serviceId, String group, String indicator, String kbName, String kbVersion,
                      String kbSha256, List<String> ruleIds, Instant issuedAt) {
    }

    /** One feedback item, as the feedback endpoint decoded it. */
    record Item(String card, String outcome, int acceptedSuggestions, String overrideSystem, String overrideCode,
                String overrideDisplay, boolean hasComment, Instant outcomeAt) {
    }

    /** One line of the report: a rule in one knowledge-base version, and what clinicians did with its cards. */
    record RuleSummary(String kbName, String kbVersion, String ruleId, long cardsIssued, long cardsWithFeedback,
                       long accepted, long overridden, Map<String, Long> overrideReasons) {
    }

    static final String DB_ERROR = "FCDS-0320";
    /** H2: "Database may be already in use". */
    private static final int H2_IN_USE = 90020;
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackStore.class);
    private static final int QUEUE = 10_000;
    private static final int BATCH = 200;

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS fcds_card (card_uuid VARCHAR(64) PRIMARY KEY, service_id VARCHAR(100) NOT NULL, "
            + "card_group VARCHAR(100) NOT NULL, indicator VARCHAR(16) NOT NULL, kb_name VARCHAR(200) NOT NULL, "
            + "kb_version VARCHAR(100) NOT NULL, kb_sha256 VARCHAR(64) NOT NULL, issued_at TIMESTAMP NOT NULL)",
        "CREATE TABLE IF NOT EXISTS fcds_card_rule (card_uuid VARCHAR(64) NOT NULL, rule_id VARCHAR(100) NOT NULL, "
            + "PRIMARY KEY (card_uuid, rule_id))",
        "CREATE TABLE IF NOT EXISTS fcds_feedback (feedback_id VARCHAR(64) PRIMARY KEY, card_uuid VARCHAR(64) NOT NULL, "
            + "service_id VARCHAR(100) NOT NULL, outcome VARCHAR(16) NOT NULL, accepted_suggestions INT NOT NULL, "
            + "override_system VARCHAR(500), override_code VARCHAR(200), override_display VARCHAR(500), "
            + "has_comment BOOLEAN NOT NULL, outcome_at TIMESTAMP NOT NULL, received_at TIMESTAMP NOT NULL)",
        "CREATE INDEX IF NOT EXISTS fcds_feedback_card ON fcds_feedback (card_uuid)"
    };

    private final String url;
    private final String user;
    private final String password;
    private final Connection feedbackConnection;
    private final BlockingQueue<IssuedCard> pending = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    private FeedbackStore(String url, String user, String password, boolean background) {
        this.url = url;
        this.user = user;
        this.password = password;
        try {
            this.feedbackConnection = connect();
            try (Statement st = feedbackConnection.createStatement()) {
                for (String ddl : SCHEMA) {
                    st.execute(ddl);
                }
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == H2_IN_USE) {
                throw new FacialCdsException(DB_ERROR, "the feedback database " + redact(url) + " is in use by another "
                        + "process (a running 'serve'?): an H2 file opens in one process at a time; stop it, or keep "
                        + "feedback in PostgreSQL (database.url in the config file)", e);
            }
            throw new FacialCdsException(DB_ERROR, "cannot open the feedback database " + redact(url) + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (background) {
            writer = new Thread(this::writeIssued, "facial-cds-feedback-writer");
            writer.setDaemon(true);
            writer.start();
        } else {
            writer = null;
        }
    }

    /** Opens the store for the service: creates the tables, starts the background writer. */
    static FeedbackStore open(String url, String user, String password) {
        return new FeedbackStore(url, user, password, true);
    }

    /** Opens the store to read the report (no writer). */
    static FeedbackStore openForReport(String url, String user, String password) {
        return new FeedbackStore(url, user, password, false);
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, user == null ? "" : user, password == null ? "" : password);
        c.setAutoCommit(true);
        return c;
    }

    /** Queues the cards just issued; never blocks the request (a full queue drops and counts). */
    void issued(List<IssuedCard> cards) {
        for (IssuedCard c : cards) {
            if (!pending.offer(c)) {
                if (dropped.incrementAndGet() % 1000 == 1) {
                    LOG.warn("feedback store is behind: {} issued-card records dropped so far", dropped.get());
                }
            }
        }
    }

    /** Stores feedback items durably (committed before this returns). */
    synchronized void feedback(String serviceId, List<Item> items, Instant receivedAt) {
        String sql = "INSERT INTO fcds_feedback (feedback_id, card_uuid, service_id, outcome, accepted_suggestions, "
                + "override_system, override_code, override_display, has_comment, outcome_at, received_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try {
            feedbackConnection.setAutoCommit(false);
            try (PreparedStatement ps = feedbackConnection.prepareStatement(sql)) {
                for (Item item : items) {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, cut(item.card(), 64));
                    ps.setString(3, cut(serviceId, 100));
                    ps.setString(4, item.outcome());
                    ps.setInt(5, item.acceptedSuggestions());
                    ps.setString(6, cut(item.overrideSystem(), 500));
                    ps.setString(7, cut(item.overrideCode(), 200));
                    ps.setString(8, cut(item.overrideDisplay(), 500));
                    ps.setBoolean(9, item.hasComment());
                    ps.setTimestamp(10, Timestamp.from(item.outcomeAt()));
                    ps.setTimestamp(11, Timestamp.from(receivedAt));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            feedbackConnection.commit();
        } catch (SQLException e) {
            try {
                feedbackConnection.rollback();
            } catch (SQLException ignored) {
                // the original error is the one to report
            }
            throw new FacialCdsException(DB_ERROR, "cannot store feedback: " + e.getMessage(), e);
        } finally {
            try {
                feedbackConnection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // next use will fail loudly
            }
        }
    }

    /** Writes queued issued-card records until closed, in batches. */
    private void writeIssued() {
        try (Connection c = connect()) {
            List<IssuedCard> batch = new ArrayList<>(BATCH);
            while (!closing || !pending.isEmpty()) {
                IssuedCard first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, BATCH - 1);
                try {
                    insertIssued(c, batch);
                } catch (SQLException e) {
                    LOG.warn("cannot record {} issued cards: {}", batch.size(), e.getMessage());
                }
                batch.clear();
            }
        } catch (SQLException e) {
            LOG.error("feedback writer cannot connect to {}: {}", redact(url), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void insertIssued(Connection c, List<IssuedCard> batch) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement card = c.prepareStatement("INSERT INTO fcds_card (card_uuid, service_id, card_group, "
                + "indicator, kb_name, kb_version, kb_sha256, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement rule = c.prepareStatement(
                     "INSERT INTO fcds_card_rule (card_uuid, rule_id) VALUES (?, ?)")) {
            for (IssuedCard ic : batch) {
                card.setString(1, ic.uuid());
                card.setString(2, ic.serviceId());
                card.setString(3, cut(ic.group(), 100));
                card.setString(4, ic.indicator());
                card.setString(5, cut(ic.kbName(), 200));
                card.setString(6, cut(ic.kbVersion(), 100));
                card.setString(7, ic.kbSha256());
                card.setTimestamp(8, Timestamp.from(ic.issuedAt()));
                card.addBatch();
                for (String id : new java.util.LinkedHashSet<>(ic.ruleIds())) {
                    rule.setString(1, ic.uuid());
                    rule.setString(2, cut(id, 100));
                    rule.addBatch();
                }
            }
            card.executeBatch();
            rule.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Waits until the queued issued cards are written (for tests and shutdown), at most {@code millis}. */
    boolean flush(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (!pending.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        // one more beat for the batch in hand
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pending.isEmpty();
    }

    /** Cards, feedback and override reasons per rule id and knowledge-base version. */
    List<RuleSummary> report() {
        String sql = "SELECT c.kb_name, c.kb_version, r.rule_id, COUNT(DISTINCT c.card_uuid) AS issued, "
                + "COUNT(DISTINCT f.card_uuid) AS with_feedback, "
                + "COUNT(DISTINCT CASE WHEN f.outcome = 'accepted' THEN f.card_uuid END) AS accepted, "
                + "COUNT(DISTINCT CASE WHEN f.outcome = 'overridden' THEN f.card_uuid END) AS overridden "
                + "FROM fcds_card c JOIN fcds_card_rule r ON r.card_uuid = c.card_uuid "
                + "LEFT JOIN fcds_feedback f ON f.card_uuid = c.card_uuid "
                + "GROUP BY c.kb_name, c.kb_version, r.rule_id ORDER BY c.kb_name, c.kb_version, r.rule_id";
        String reasons = "SELECT c.kb_name, c.kb_version, r.rule_id, "
                + "COALESCE(f.override_display, f.override_code, '(no reason given)') AS reason, COUNT(*) AS n "
                + "FROM fcds_feedback f JOIN fcds_card c ON c.card_uuid = f.card_uuid "
                + "JOIN fcds_card_rule r ON r.card_uuid = c.card_uuid WHERE f.outcome = 'overridden' "
                + "GROUP BY c.kb_name, c.kb_version, r.rule_id, COALESCE(f.override_display, f.override_code, "
                + "'(no reason given)') ORDER BY n DESC";
        try (Statement st = feedbackConnection.createStatement()) {
            Map<String, Map<String, Long>> reasonMap = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery(reasons)) {
                while (rs.next()) {
                    String key = rs.getString(1) + '\u0000' + rs.getString(2) + '\u0000' + rs.getString(3);
                    reasonMap.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(rs.getString(4), rs.getLong(5));
                }
            }
            List<RuleSummary> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    String key = rs.getString(1) + '\u0000' + rs.getString(2) + '\u0000' + rs.getString(3);
                    out.add(new RuleSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), reasonMap.getOrDefault(key, Map.of())));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new FacialCdsException(DB_ERROR, "cannot read the feedback report: " + e.getMessage(), e);
        }
    }

    /** Feedback items whose card this store never issued (another server, or records dropped when behind). */
    long unknownCardFeedback() {
        String sql = "SELECT COUNT(*) FROM fcds_feedback f WHERE NOT EXISTS "
                + "(SELECT 1 FROM fcds_card c WHERE c.card_uuid = f.card_uuid)";
        try (Statement st = feedbackConnection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new FacialCdsException(DB_ERROR, "cannot read the feedback report: " + e.getMessage(), e);
        }
    }

    /** Total feedback items stored. */
    long feedbackCount() {
        try (Statement st = feedbackConnection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM fcds_feedback")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new FacialCdsException(DB_ERROR, "cannot count feedback: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closing = true;
        if (writer != null) {
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            feedbackConnection.close();
        } catch (SQLException e) {
            LOG.warn("closing the feedback database: {}", e.getMessage());
        }
    }

    /** The JDBC URL without credentials, for messages. */
    static String redact(String url) {
        return url == null ? "" : url.replaceAll("(?i)(password|user)=[^;&]*", "$1=***");
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
