package org.facialcds.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text structure of one DRL file, for authoring tools (lint, "why not?", the catalogue): its
 * package, and per rule the name, metadata, attributes, the top-level conditional elements of the
 * {@code when} block and the helper calls of the {@code then} block, each with its line. It reads
 * text only; compiling is {@link KnowledgeBase}'s job. Comments and string contents are ignored
 * when looking for structure.
 */
public final class DrlSource {

    /** A metadata annotation ({@code @id("X")}) or attribute ({@code salience 10}) with its line. */
    public record Metadata(String name, String value, int line) {
    }

    /** How a conditional element starts. */
    public enum ElementKind { PATTERN, NOT, EXISTS, GROUP, EVAL, FORALL, ACCUMULATE, OTHER }

    /**
     * One pattern inside a conditional element: its binding ({@code $m}, or {@code null}), fact type
     * as written, and the text between its parentheses.
     */
    public record PatternText(String binding, String type, String constraints) {
    }

    /** A top-level conditional element of a rule's {@code when} block, as written. */
    public record Element(String text, int line, ElementKind kind, List<PatternText> patterns) {

        public Element {
            patterns = List.copyOf(patterns);
        }

        public boolean negated() {
            return kind == ElementKind.NOT;
        }

        /** The element without its leading {@code not} (the thing that must be absent). */
        public String positiveText() {
            return negated() ? text.replaceFirst("^not\\s*", "") : text;
        }
    }

    /**
     * A call of one of the helper functions in the consequence ({@code conclude}, {@code about},
     * {@code caution}, {@code dataNeeded}) with its arguments as written.
     */
    public record Call(String function, List<String> arguments, int line) {

        public Call {
            arguments = List.copyOf(arguments);
        }

        /** The argument at this index, or {@code null}. */
        public String argument(int i) {
            return i < arguments.size() ? arguments.get(i) : null;
        }
    }

    /** A reference to a {@code Code.X} constant, in the conditions or the consequence. */
    public record CodeRef(String name, int line, boolean inConsequence) {
    }

    /** One rule as written. */
    public record Rule(
            String file,
            String name,
            int line,
            Map<String, Metadata> metadata,
            List<Metadata> duplicateMetadata,
            List<Metadata> attributes,
            String lhs,
            int whenLine,
            List<Element> elements,
            String rhs,
            int thenLine,
            List<Call> calls,
            List<CodeRef> codes,
            List<Metadata> policyReads,
            List<Metadata> forbidden) {

        public Rule {
            metadata = Map.copyOf(metadata);
            duplicateMetadata = List.copyOf(duplicateMetadata);
            attributes = List.copyOf(attributes);
            elements = List.copyOf(elements);
            calls = List.copyOf(calls);
            codes = List.copyOf(codes);
            policyReads = List.copyOf(policyReads);
            forbidden = List.copyOf(forbidden);
        }

        /** The value of a metadata annotation, without quotes, or {@code null}. */
        public String meta(String key) {
            Metadata m = metadata.get(key);
            return m == null ? null : m.value();
        }

        public String id() {
            return meta("id");
        }
    }

    private static final Pattern WORD = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([A-Za-z_][\\w.]*)\\s*;?");
    private static final Pattern CODE_REF = Pattern.compile("(?<![\\w.$])Code\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern CALL = Pattern.compile("(?<![\\w.$])(conclude|about|caution|dataNeeded)\\s*\\(");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "(?<![\\w@-])(salience|agenda-group|activation-group|ruleflow-group|no-loop|lock-on-active|auto-focus"
                    + "|dialect|enabled|date-effective|date-expires|duration|timer|calendars)(?![\\w-])");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "(?<![\\w.$])(eval)\\s*\\(|System\\s*\\.\\s*(out|err)(?![\\w$])|(printStackTrace)\\s*\\(");
    private static final Pattern POLICY = Pattern.compile("(?<![\\w.$])PolicySettings\\s*\\(");
    private static final Pattern POLICY_BINDING = Pattern.compile("(\\$[\\w$]*)\\s*:\\s*PolicySettings\\s*\\(");
    private static final Set<String> PREFIXES = Set.of("not", "exists");
    private static final Set<String> CALL_ELEMENTS = Set.of("eval", "forall", "accumulate", "collect");

    private final String path;
    private final String text;
    private final String masked;
    private final int[] lineStarts;
    private final String packageName;
    private final int packageLine;
    private final List<Rule> rules = new ArrayList<>();
    private final List<int[]> ruleSpans = new ArrayList<>();
    private final List<Metadata> fileForbidden = new ArrayList<>();
    private final List<String> imports = new ArrayList<>();

    private DrlSource(String path, String text) {
        this.path = path;
        this.text = text;
        this.masked = mask(text);
        this.lineStarts = lineStarts(text);
        Matcher p = PACKAGE.matcher(masked);
        if (p.find()) {
            packageName = p.group(1);
            packageLine = lineOf(p.start(1));
        } else {
            packageName = null;
            packageLine = 0;
        }
        scan();
    }

    /** Parses one file; never throws: what it cannot read it leaves to the compiler's messages. */
    public static DrlSource parse(RuleFile file) {
        return new DrlSource(file.path(), file.text());
    }

    public String path() {
        return path;
    }

    public String text() {
        return text;
    }

    /** The declared package, or {@code null}. */
    public String packageName() {
        return packageName;
    }

    public int packageLine() {
        return packageLine;
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** {@code import …;} lines as written. */
    public List<String> imports() {
        return List.copyOf(imports);
    }

    /** Forbidden constructs outside any rule (e.g. {@code System.out} in a DRL function). */
    public List<Metadata> forbiddenOutsideRules() {
        return List.copyOf(fileForbidden);
    }

    /** The file without its rules: package, imports, globals, functions and declared types. */
    public String withoutRules() {
        StringBuilder s = new StringBuilder();
        int at = 0;
        for (int[] span : ruleSpans) {
            s.append(text, at, span[0]);
            // keep the line count so that compiler messages point at the same lines
            s.append(text.substring(span[0], span[1]).replaceAll("[^\\n]", ""));
            at = span[1];
        }
        return s.append(text.substring(at)).toString();
    }

    /** The line (1-based) of an offset in the text. */
    public int lineOf(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) lo = mid;
            else hi = mid - 1;
        }
        return lo + 1;
    }

    // ---------------------------------------------------------------- scanning

    private void scan() {
        int n = masked.length();
        int i = 0;
        while (i < n) {
            i = skipSpace(i);
            if (i >= n) break;
            char c = masked.charAt(i);
            if (!isWordStart(c)) {
                i++;
                continue;
            }
            String word = word(i);
            switch (word) {
                case "import" -> {
                    int end = endOfStatement(i);
                    imports.add(text.substring(i, end).strip());
                    i = end;
                }
                case "package", "global" -> i = endOfStatement(i);
                case "function" -> i = skipFunction(i);
                case "declare", "query" -> i = skipToEnd(i + word.length());
                case "rule" -> i = rule(i);
                default -> i += word.length();
            }
        }
        Matcher f = FORBIDDEN.matcher(masked);
        while (f.find()) {
            if (ruleSpans.stream().noneMatch(s -> f.start() >= s[0] && f.start() < s[1])) {
                fileForbidden.add(new Metadata(forbiddenName(f), f.group(), lineOf(f.start())));
            }
        }
    }

    private int rule(int start) {
        int n = masked.length();
        int i = skipSpace(start + 4);
        String name;
        if (i < n && masked.charAt(i) == '"') {
            int close = masked.indexOf('"', i + 1);
            if (close < 0) close = n - 1;
            name = unescape(text.substring(i + 1, close));
            i = close + 1;
        } else if (i < n && isWordStart(masked.charAt(i))) {
            name = word(i);
            i += name.length();
        } else {
            name = "";
        }
        int when = findKeyword(i, "when", "then");
        boolean hasWhen = when >= 0 && masked.startsWith("when", when);
        int then = hasWhen ? findKeyword(when + 4, "then") : when;
        if (then < 0) then = n;
        int headerEnd = hasWhen ? when : then;
        int end = findEnd(Math.min(n, then + 4));
        int endExclusive = end < 0 ? n : end + 3;
        ruleSpans.add(new int[] {start, endExclusive});

        Map<String, Metadata> metadata = new LinkedHashMap<>();
        List<Metadata> duplicates = new ArrayList<>();
        List<Metadata> attributes = new ArrayList<>();
        header(i, headerEnd, metadata, duplicates, attributes);

        int lhsStart = hasWhen ? when + 4 : headerEnd;
        int lhsEnd = Math.min(then, n);
        int rhsStart = Math.min(n, then + 4);
        int rhsEnd = end < 0 ? n : end;
        List<Element> elements = elements(lhsStart, lhsEnd);
        List<Call> calls = calls(rhsStart, rhsEnd);
        List<CodeRef> codes = new ArrayList<>();
        codeRefs(lhsStart, lhsEnd, false, codes);
        codeRefs(rhsStart, rhsEnd, true, codes);
        List<Metadata> forbidden = new ArrayList<>();
        Matcher f = FORBIDDEN.matcher(masked).region(start, endExclusive);
        while (f.find()) {
            String what = forbiddenName(f);
            if (what.equals("eval") && f.start() >= rhsStart) continue; // eval(...) in Java code is not a DRL eval
            forbidden.add(new Metadata(what, f.group(), lineOf(f.start())));
        }
        rules.add(new Rule(path, name, lineOf(start), metadata, duplicates, attributes,
                text.substring(lhsStart, lhsEnd), lineOf(lhsStart), elements,
                text.substring(rhsStart, rhsEnd), lineOf(rhsStart), calls, codes,
                policyReads(lhsStart, lhsEnd, start, endExclusive), forbidden));
        return endExclusive;
    }

    private static String forbiddenName(Matcher f) {
        if (f.group(1) != null) return "eval";
        if (f.group(3) != null) return "printStackTrace";
        return "System." + f.group(2);
    }

    private void header(int from, int to, Map<String, Metadata> metadata, List<Metadata> duplicates,
                        List<Metadata> attributes) {
        StringBuilder rest = new StringBuilder(masked.substring(from, to));
        int i = from;
        while (i < to) {
            if (masked.charAt(i) == '@') {
                int nameStart = i + 1;
                int j = nameStart;
                while (j < to && (Character.isLetterOrDigit(masked.charAt(j)) || masked.charAt(j) == '_')) j++;
                String key = masked.substring(nameStart, j);
                int k = skipSpace(j);
                String value = null;
                int stop = j;
                if (k < to && masked.charAt(k) == '(') {
                    int close = matching(k, to);
                    value = metaValue(text.substring(k + 1, Math.max(k + 1, close)));
                    stop = close < 0 ? to : close + 1;
                }
                Metadata m = new Metadata(key, value, lineOf(i));
                if (metadata.containsKey(key)) duplicates.add(m);
                else metadata.put(key, m);
                for (int b = i; b < stop; b++) rest.setCharAt(b - from, ' ');
                i = stop;
            } else {
                i++;
            }
        }
        Matcher a = ATTRIBUTE.matcher(rest);
        while (a.find()) {
            int lineEnd = rest.indexOf("\n", a.end());
            String value = rest.substring(a.end(), lineEnd < 0 ? rest.length() : lineEnd).strip();
            attributes.add(new Metadata(a.group(1), value, lineOf(from + a.start())));
        }
    }

    private static String metaValue(String raw) {
        String s = raw.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") && closingQuote(s) == s.length() - 1) {
            return unescape(s.substring(1, s.length() - 1));
        }
        return s;
    }

    /** The index of the quote closing the string literal that starts at 0 (escapes skipped), or -1. */
    private static int closingQuote(String s) {
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') i++;
            else if (s.charAt(i) == '"') return i;
        }
        return -1;
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private void codeRefs(int from, int to, boolean consequence, List<CodeRef> out) {
        Matcher m = CODE_REF.matcher(masked).region(from, to);
        while (m.find()) out.add(new CodeRef(m.group(1), lineOf(m.start()), consequence));
    }

    /** The policy parameters the rule reads: names inside {@code PolicySettings(…)} and via its binding. */
    private List<Metadata> policyReads(int lhsStart, int lhsEnd, int ruleStart, int ruleEnd) {
        List<Metadata> reads = new ArrayList<>();
        Matcher m = POLICY.matcher(masked).region(lhsStart, lhsEnd);
        while (m.find()) {
            int open = m.end() - 1;
            int close = matching(open, lhsEnd);
            if (close < 0) continue;
            Matcher w = WORD.matcher(masked).region(open + 1, close);
            while (w.find()) {
                if (!w.group().startsWith("$")) reads.add(new Metadata(w.group(), null, lineOf(w.start())));
            }
        }
        Matcher b = POLICY_BINDING.matcher(masked).region(lhsStart, lhsEnd);
        while (b.find()) {
            Matcher use = Pattern.compile(Pattern.quote(b.group(1)) + "\\s*\\.\\s*([A-Za-z_]\\w*)").matcher(masked)
                    .region(ruleStart, ruleEnd);
            while (use.find()) reads.add(new Metadata(use.group(1), null, lineOf(use.start())));
        }
        return reads;
    }

    private List<Call> calls(int from, int to) {
        List<Call> calls = new ArrayList<>();
        Matcher m = CALL.matcher(masked).region(from, to);
        while (m.find()) {
            int open = m.end() - 1;
            int close = matching(open, to);
            if (close < 0) continue;
            List<String> args = new ArrayList<>();
            int depth = 0;
            int argStart = open + 1;
            for (int i = open + 1; i < close; i++) {
                char c = masked.charAt(i);
                if (c == '(' || c == '[' || c == '{') depth++;
                else if (c == ')' || c == ']' || c == '}') depth--;
                else if (c == ',' && depth == 0) {
                    args.add(text.substring(argStart, i).strip());
                    argStart = i + 1;
                }
            }
            String last = text.substring(argStart, close).strip();
            if (!last.isEmpty() || !args.isEmpty()) args.add(last);
            calls.add(new Call(m.group(1), args, lineOf(m.start())));
        }
        return calls;
    }

    // ---------------------------------------------------------------- conditional elements

    private List<Element> elements(int from, int to) {
        List<Element> elements = new ArrayList<>();
        int i = skipSeparators(from, to);
        while (i < to) {
            int end;
            try {
                end = element(i, to);
            } catch (IllegalStateException e) {
                end = to;
            }
            if (end <= i) end = to;
            String raw = text.substring(i, end).strip();
            if (!raw.isEmpty()) elements.add(new Element(raw, lineOf(i), kind(i), patterns(i, end)));
            i = skipSeparators(end, to);
        }
        return elements;
    }

    private ElementKind kind(int i) {
        char c = masked.charAt(i);
        if (c == '(') return ElementKind.GROUP;
        if (!isWordStart(c)) return ElementKind.OTHER;
        return switch (word(i)) {
            case "not" -> ElementKind.NOT;
            case "exists" -> ElementKind.EXISTS;
            case "eval" -> ElementKind.EVAL;
            case "forall" -> ElementKind.FORALL;
            case "accumulate", "collect" -> ElementKind.ACCUMULATE;
            default -> ElementKind.PATTERN;
        };
    }

    /** One element: units joined by {@code or}/{@code and}. Returns its end (exclusive). */
    private int element(int i, int to) {
        int end = unit(i, to);
        while (true) {
            int j = skipSpace(end);
            if (j >= to) return end;
            if (masked.startsWith("||", j) || masked.startsWith("&&", j)) {
                end = unit(skipSpace(j + 2), to);
            } else if (isWordStart(masked.charAt(j)) && (word(j).equals("or") || word(j).equals("and"))) {
                end = unit(skipSpace(j + word(j).length()), to);
            } else {
                return end;
            }
        }
    }

    /** One unit: an optional prefix, binding, then a pattern or a parenthesised group, and its {@code from}. */
    private int unit(int i, int to) {
        if (i >= to) throw new IllegalStateException("element ends early");
        char c = masked.charAt(i);
        if (c == '(') return after(matching(i, to));
        if (!isWordStart(c)) throw new IllegalStateException("unexpected " + c);
        String w = word(i);
        if (PREFIXES.contains(w)) return unit(skipSpace(i + w.length()), to);
        int j = i;
        // binding: $x : Pattern(...)
        int afterWord = skipSpace(j + w.length());
        if (afterWord < to && masked.charAt(afterWord) == ':' && !masked.startsWith("::", afterWord)) {
            j = skipSpace(afterWord + 1);
            if (j < to && masked.charAt(j) == '(') return from(after(matching(j, to)), to);
            w = word(j);
        }
        if (CALL_ELEMENTS.contains(w)) {
            int open = skipSpace(j + w.length());
            if (open < to && masked.charAt(open) == '(') return from(after(matching(open, to)), to);
        }
        // qualified type name
        int k = j + w.length();
        while (k < to && masked.charAt(k) == '.' && k + 1 < to && isWordStart(masked.charAt(k + 1))) {
            k = k + 1 + word(k + 1).length();
        }
        int open = skipSpace(k);
        if (open < to && masked.charAt(open) == '(') return from(after(matching(open, to)), to);
        throw new IllegalStateException("no pattern");
    }

    /** An optional {@code from <expression>} after a pattern. */
    private int from(int end, int to) {
        int j = skipSpace(end);
        if (j >= to || !isWordStart(masked.charAt(j)) || !word(j).equals("from")) return end;
        int k = skipSpace(j + 4);
        int last = k;
        while (k < to) {
            if (isWordStart(masked.charAt(k))) {
                k += word(k).length();
            } else {
                break;
            }
            last = k;
            int m = skipSpace(k);
            if (m < to && (masked.charAt(m) == '(' || masked.charAt(m) == '[')) {
                k = after(matching(m, to));
                last = k;
                m = skipSpace(k);
            }
            if (m < to && masked.charAt(m) == '.') {
                k = skipSpace(m + 1);
            } else {
                break;
            }
        }
        return last;
    }

    private List<PatternText> patterns(int from, int to) {
        List<PatternText> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?:(\\$[\\w$]*)\\s*:\\s*)?([A-Z][\\w]*(?:\\.[A-Z][\\w]*)*)\\s*\\(").matcher(masked)
                .region(from, to);
        int depth0End = from;
        while (m.find()) {
            if (m.start() < depth0End || depthAt(from, m.start()) != 0) continue;
            int open = m.end() - 1;
            int close = matching(open, to);
            if (close < 0) break;
            String type = m.group(2);
            type = type.substring(type.lastIndexOf('.') + 1);
            out.add(new PatternText(m.group(1), type, text.substring(open + 1, close)));
            depth0End = close + 1;
        }
        if (out.isEmpty()) {
            // patterns inside a group: ( A() or B() )
            int open = masked.indexOf('(', from);
            if (open >= 0 && open < to && masked.substring(from, open).strip().matches("(not|exists)?")) {
                int close = matching(open, to);
                if (close > open) return patterns(open + 1, close);
            }
        }
        return out;
    }

    private int depthAt(int from, int at) {
        int depth = 0;
        for (int i = from; i < at; i++) {
            char c = masked.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
        }
        return depth;
    }

    // ---------------------------------------------------------------- low-level helpers

    private static int after(int close) {
        if (close < 0) throw new IllegalStateException("unbalanced parentheses");
        return close + 1;
    }

    /** The index of the bracket closing the one at {@code open}, or -1. */
    private int matching(int open, int to) {
        int depth = 0;
        for (int i = open; i < Math.min(to, masked.length()); i++) {
            char c = masked.charAt(i);
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) return i;
            }
        }
        return -1;
    }

    private int skipSpace(int i) {
        while (i < masked.length() && Character.isWhitespace(masked.charAt(i))) i++;
        return i;
    }

    private int skipSeparators(int i, int to) {
        while (i < to && (Character.isWhitespace(masked.charAt(i)) || masked.charAt(i) == ';' || masked.charAt(i) == ',')) {
            i++;
        }
        return Math.min(i, to);
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private String word(int i) {
        Matcher m = WORD.matcher(masked).region(i, masked.length());
        return m.lookingAt() ? m.group() : "";
    }

    private int endOfStatement(int i) {
        int semi = masked.indexOf(';', i);
        int nl = masked.indexOf('\n', i);
        if (semi < 0) semi = masked.length();
        if (nl < 0) nl = masked.length();
        return Math.min(semi + 1, nl);
    }

    private int skipFunction(int i) {
        int open = masked.indexOf('{', i);
        if (open < 0) return masked.length();
        int close = matching(open, masked.length());
        return close < 0 ? masked.length() : close + 1;
    }

    private int skipToEnd(int i) {
        int end = findEnd(i);
        return end < 0 ? masked.length() : end + 3;
    }

    /** The first of these keywords as a whole word at bracket depth 0, or -1. */
    private int findKeyword(int from, String... keywords) {
        int depth = 0;
        for (int i = from; i < masked.length(); i++) {
            char c = masked.charAt(i);
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') depth--;
            else if (depth <= 0 && isWordStart(c) && (i == 0 || !isWordPart(masked.charAt(i - 1)))) {
                String w = word(i);
                for (String k : keywords) if (w.equals(k)) return i;
                i += w.length() - 1;
            }
        }
        return -1;
    }

    /** The {@code end} keyword closing a rule: the first {@code end} alone on its line, else the first {@code end}. */
    private int findEnd(int from) {
        Matcher m = Pattern.compile("(?<![\\w$.])end(?![\\w$])").matcher(masked).region(from, masked.length());
        int first = -1;
        while (m.find()) {
            if (first < 0) first = m.start();
            int lineStart = masked.lastIndexOf('\n', m.start()) + 1;
            int lineEnd = masked.indexOf('\n', m.end());
            if (lineEnd < 0) lineEnd = masked.length();
            if (masked.substring(lineStart, m.start()).isBlank() && masked.substring(m.end(), lineEnd).isBlank()) {
                return m.start();
            }
        }
        return first;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-' || c == '@';
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') starts.add(i + 1);
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The text with comments and the contents of string literals blanked (quotes and newlines kept). */
    public static String mask(String text) {
        StringBuilder s = new StringBuilder(text);
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') s.setCharAt(i++, ' ');
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (; i < end; i++) if (text.charAt(i) != '\n') s.setCharAt(i, ' ');
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && text.charAt(i) != c && text.charAt(i) != '\n') {
                    if (text.charAt(i) == '\\' && i + 1 < n) s.setCharAt(i++, ' ');
                    s.setCharAt(i++, ' ');
                }
                i++;
            } else {
                i++;
            }
        }
        return s.toString();
    }
}
