package org.facialcds.hooks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facialcds.Because;
import org.facialcds.facts.Code;
import org.facialcds.facts.Reason;

/**
 * Plain words for card text: escapes what came from the chart (so a drug name cannot inject a link), turns
 * reasoning steps ({@code $.twitching.laterality = …}) into readable lines, names veto reasons and missing facts.
 */
final class Markdown {

    private static final Pattern SPECIAL = Pattern.compile("([\\\\`*_{}\\[\\]()<>#+!|~])");
    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern INDEXED = Pattern.compile("\\$\\.(medications|conditions|imaging)\\[(\\d+)]");
    private static final Pattern NEWLINES = Pattern.compile("[\\r\\n]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("$.exam.neuroExam", "a neurological examination"),
            Map.entry("$.medications", "the medication list"),
            Map.entry("$.pregnant", "pregnancy status"),
            Map.entry("$.breastfeeding", "breastfeeding status"),
            Map.entry("$.labs.egfr", "eGFR (kidney function)"),
            Map.entry("$.imaging", "the result of the imaging already ordered"),
            Map.entry("$.twitching.laterality", "which side(s) twitch"),
            Map.entry("$.age", "age"),
            Map.entry("$.sex", "sex"),
            Map.entry("$.mriSafety", "implants and MR safety"));

    private Markdown() {
    }

    /** Escapes Markdown syntax in text from the chart or the request. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 ? NEWLINES.matcher(text).replaceAll(" ") : text;
        Matcher m = SPECIAL.matcher(oneLine);
        return m.find() ? m.replaceAll("\\\\$1") : oneLine;
    }

    /** Names for the indexed facts a step cites: e.g. medication 0 → "oxycodone". */
    interface FactNames {
        String name(String list, int index);
    }

    /** One reasoning step in words: the rule, its file, and the facts it matched. */
    static String step(Because b, FactNames names) {
        StringBuilder s = new StringBuilder("rule `").append(b.rule()).append('`');
        if (b.file() != null) {
            s.append(" (").append(escape(b.file())).append(')');
        }
        if (b.concludes() != null) {
            s.append(" concluded *").append(title(b.concludes())).append('*');
        }
        if (!b.facts().isEmpty()) {
            s.append(b.concludes() != null ? " from " : " matched ");
            s.append(String.join("; ", b.facts().stream().map(f -> fact(f, names)).toList()));
        }
        if (!b.from().isEmpty()) {
            s.append(b.facts().isEmpty() && b.concludes() == null ? " built on " : ", building on ");
            s.append(String.join(", ", b.from().stream().map(c -> "*" + title(c) + "*").toList()));
        }
        return s.toString();
    }

    /** A fact as the rules cite it, in words: {@code $.twitching.laterality = X} → "twitching laterality = X". */
    static String fact(String fact, FactNames names) {
        if (fact.equals("policy")) {
            return "the local policy settings";
        }
        Matcher m = INDEXED.matcher(fact);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(words(fact.substring(last, m.start())));
            String list = m.group(1);
            int index = Integer.parseInt(m.group(2));
            out.append(names == null ? list + " " + (index + 1) : names.name(list, index));
            last = m.end();
        }
        out.append(words(fact.substring(last)));
        return SPACES.matcher(out).replaceAll(" ").trim()
                .replace(" end date current = true", " is current")
                .replace(" end date current = false", " is not current");
    }

    private static String words(String text) {
        String t = text.replace("$.", "").replace("policy.", "policy ");
        // property names to words, values (after '=') kept as written but escaped
        int eq = t.indexOf('=');
        String left = eq < 0 ? t : t.substring(0, eq);
        String right = eq < 0 ? "" : t.substring(eq);
        left = CAMEL.matcher(left).replaceAll("$1 $2").toLowerCase(Locale.ROOT).replace('.', ' ').replace(":", "");
        return escape(left) + escape(right);
    }

    /** The title of a catalogue code or internal step; the raw name when unknown. */
    static String title(String code) {
        try {
            return Code.valueOf(code).title();
        } catch (IllegalArgumentException e) {
            return escape(code);
        }
    }

    /** A veto reason in words. */
    static String reason(Reason reason) {
        if (reason == null) {
            return "advised against";
        }
        return switch (reason) {
            case CONTRAINDICATED -> "contraindicated";
            case BOXED_WARNING -> "boxed warning";
            case BEERS -> "AGS Beers criteria (age 65 or over)";
            case CAUTION_SPECIALIST -> "only a specialist should decide";
            case DEFER -> "not now: defer";
            case NOT_INDICATED -> "not indicated";
            case PREMATURE -> "work-up incomplete";
            case WRONG_DIAGNOSIS -> "belongs to another diagnosis";
            case POLICY -> "local policy";
        };
    }

    /** A missing fact ({@code DATA_NEEDED.field}) in words. */
    static String field(String path) {
        if (path == null) {
            return "more data";
        }
        String known = FIELDS.get(path);
        return known != null ? known : fact(path, null);
    }

    /** Joins with ", " and " and ". */
    static String list(List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** A summary the spec allows: one line, under 140 characters. */
    static String summary(String text) {
        String line = SPACES.matcher(text).replaceAll(" ").trim();
        return line.length() < 140 ? line : line.substring(0, 136).trim() + "…";
    }
}
