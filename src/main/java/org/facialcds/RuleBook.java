package org.facialcds;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.facialcds.LintIssue.Severity;
import org.facialcds.engine.DrlSource;
import org.facialcds.engine.KnowledgeBase;
import org.facialcds.engine.KnowledgeBaseException;
import org.facialcds.engine.RuleFiles;
import org.facialcds.facts.Code;
import org.facialcds.facts.PolicySettings;

/**
 * The knowledge base as its authors wrote it, read from the DRL text: each rule's metadata, the
 * codes it can produce and the policy parameters it reads ({@link #rules()}), and the house-style
 * checks ({@link #lint()}). Nothing here evaluates a patient.
 *
 * <pre>
 * LintReport report = RuleBook.read(Path.of("rules")).lint();
 * report.issues().forEach(System.out::println);   // rules/x/y.drl:12: error: … [check]
 * </pre>
 */
public final class RuleBook {

    /** A name shorter than this many words is not a sentence. */
    static final int MIN_NAME_WORDS = 3;

    private static final Set<String> CODES = Arrays.stream(Code.values()).map(Enum::name).collect(Collectors.toSet());
    private static final Set<String> POLICY_PARAMETERS = Arrays.stream(PolicySettings.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toCollection(LinkedHashSet::new));
    private static final Pattern SUBJECT = Pattern.compile("subject\\s*==\\s*Code\\s*\\.\\s*(\\w+)");
    private static final Pattern CODE_LITERAL = Pattern.compile("^Code\\s*\\.\\s*(\\w+)$");
    private static final Pattern QUALIFIER = Pattern.compile("^(Urgency|Reason)\\s*\\.\\s*(\\w+)$");
    private static final Pattern STRING = Pattern.compile("^\"(.*)\"$");
    private static final Pattern INSERT = Pattern.compile("(?<![\\w.$])insert\\s*\\(");
    private static final Pattern COMPILE_PROBLEM = Pattern.compile("^(.+?\\.drl)(?::(\\d+))?(?: rule \"[^\"]*\")?: (.*)$");

    private final RuleFiles files;
    private final List<DrlSource> sources;
    private final List<RuleDescription> rules;
    private final Map<String, DrlSource.Rule> byId = new HashMap<>();

    private RuleBook(RuleFiles files) {
        this.files = files;
        this.sources = files.drl().stream().map(DrlSource::parse).toList();
        List<RuleDescription> described = new ArrayList<>();
        for (DrlSource source : sources) {
            for (DrlSource.Rule rule : source.rules()) {
                described.add(describe(rule));
                if (rule.id() != null) byId.putIfAbsent(rule.id(), rule);
            }
        }
        this.rules = List.copyOf(described);
    }

    /**
     * The DRL files under this directory.
     *
     * @throws FacialCdsException {@code FCDS-0202} when the directory does not exist
     */
    public static RuleBook read(Path rulesDirectory) {
        try {
            return new RuleBook(RuleFiles.fromDirectory(rulesDirectory));
        } catch (KnowledgeBaseException e) {
            throw new FacialCdsException(e.code(), String.join("; ", e.problems()));
        }
    }

    /** The rules bundled in the jar. */
    public static RuleBook bundled() {
        try {
            return new RuleBook(RuleFiles.bundled());
        } catch (KnowledgeBaseException e) {
            throw new FacialCdsException(e.code(), String.join("; ", e.problems()));
        }
    }

    static RuleBook of(RuleFiles files) {
        return new RuleBook(files);
    }

    /** Every rule, in file and line order. */
    public List<RuleDescription> rules() {
        return rules;
    }

    /** The knowledge base's name and version from {@code knowledge-base.properties}. */
    public String name() {
        return files.name();
    }

    public String version() {
        return files.version();
    }

    RuleFiles files() {
        return files;
    }

    /** The text of the rule with this id, or {@code null}. */
    DrlSource.Rule source(String id) {
        return byId.get(id);
    }

    // ------------------------------------------------------------------ description

    private static RuleDescription describe(DrlSource.Rule rule) {
        List<String> declared = policyList(rule.meta("policy"));
        List<String> read = rule.policyReads().stream().map(DrlSource.Metadata::name)
                .filter(POLICY_PARAMETERS::contains).distinct().toList();
        return new RuleDescription(rule.id(), rule.name(), rule.file(), rule.line(), rule.meta("evidence"),
                rule.meta("level"), declared, read, outputs(rule));
    }

    private static List<String> policyList(String value) {
        if (value == null || value.isBlank()) return List.of();
        return Arrays.stream(value.split("[,;\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    private static List<RuleDescription.Output> outputs(DrlSource.Rule rule) {
        List<RuleDescription.Output> out = new ArrayList<>();
        Set<String> inCalls = new LinkedHashSet<>();
        for (DrlSource.Call call : rule.calls()) {
            call.arguments().forEach(a -> {
                Matcher m = Pattern.compile("Code\\s*\\.\\s*(\\w+)").matcher(DrlSource.mask(a));
                while (m.find()) inCalls.add(m.group(1));
            });
            String second = call.argument(1);
            Code literal = literal(second);
            switch (call.function()) {
                case "conclude" -> {
                    String qualifier = qualifier(call.argument(2));
                    if (literal != null) {
                        out.add(new RuleDescription.Output(literal, null, null, qualifier, false));
                    } else if (second != null) {
                        for (Code c : conditionSubjects(rule)) out.add(new RuleDescription.Output(c, null, null, qualifier, true));
                    }
                }
                case "about" -> {
                    if (literal != null) out.add(new RuleDescription.Output(literal, literal(call.argument(2)), null, null,
                            literal(call.argument(2)) == null));
                }
                case "caution" -> out.add(new RuleDescription.Output(Code.CAUTION, literal, null, null, literal == null));
                case "dataNeeded" -> {
                    Matcher s = second == null ? null : STRING.matcher(second);
                    boolean plain = s != null && s.matches();
                    out.add(new RuleDescription.Output(Code.DATA_NEEDED, null, plain ? s.group(1) : second, null, !plain));
                }
                default -> { }
            }
        }
        // Codes a consequence inserts without the helper functions still count.
        for (DrlSource.CodeRef ref : rule.codes()) {
            if (ref.inConsequence() && !inCalls.contains(ref.name()) && CODES.contains(ref.name())) {
                out.add(new RuleDescription.Output(Code.valueOf(ref.name()), null, null, null, false));
            }
        }
        return out.stream().distinct().toList();
    }

    /** For a code decided at run time: the public codes the conditions name as a subject (or at all). */
    private static List<Code> conditionSubjects(DrlSource.Rule rule) {
        Set<Code> codes = new LinkedHashSet<>();
        Matcher m = SUBJECT.matcher(DrlSource.mask(rule.lhs()));
        while (m.find()) if (CODES.contains(m.group(1))) codes.add(Code.valueOf(m.group(1)));
        if (codes.isEmpty()) {
            for (DrlSource.CodeRef ref : rule.codes()) {
                if (!ref.inConsequence() && CODES.contains(ref.name()) && Code.valueOf(ref.name()).isPublic()) {
                    codes.add(Code.valueOf(ref.name()));
                }
            }
        }
        return List.copyOf(codes);
    }

    private static Code literal(String argument) {
        if (argument == null) return null;
        Matcher m = CODE_LITERAL.matcher(argument.strip());
        return m.matches() && CODES.contains(m.group(1)) ? Code.valueOf(m.group(1)) : null;
    }

    private static String qualifier(String argument) {
        if (argument == null) return null;
        Matcher m = QUALIFIER.matcher(argument.strip());
        return m.matches() ? m.group(2) : null;
    }

    // ------------------------------------------------------------------ lint

    /**
     * Compiles the rules and checks the house style; every finding at {@code file:line}.
     * Errors: compile errors, a missing or duplicate {@code @id}, a missing {@code @evidence}, a
     * {@code Code.X} not in the catalogue, {@code eval(…)}, {@code System.out}/{@code System.err}/
     * {@code printStackTrace}, {@code salience}, a package that does not match the file's folder.
     * Warnings: a name of fewer than three words, a policy parameter read but not declared in
     * {@code @policy} (or declared but unknown), agenda or activation groups, plain {@code insert}.
     */
    public LintReport lint() {
        List<LintIssue> issues = new ArrayList<>();
        KnowledgeBaseInfo info = null;
        List<String> metadataProblems = List.of();
        try {
            KnowledgeBase kb = KnowledgeBase.compile(files);
            info = new KnowledgeBaseInfo(kb.name(), kb.version(), kb.sha256(), kb.rules().size());
        } catch (KnowledgeBaseException e) {
            if ("FCDS-0204".equals(e.code())) {
                metadataProblems = e.problems();
            } else {
                for (String problem : e.problems()) issues.add(compileIssue(problem));
            }
        }
        Map<String, String> firstUse = new HashMap<>();
        for (DrlSource source : sources) checkFile(source, issues, firstUse);
        boolean textFoundMetadata = issues.stream().anyMatch(i -> Set.of("id", "duplicate-id", "evidence").contains(i.check()));
        if (!textFoundMetadata) {
            for (String problem : metadataProblems) {
                LintIssue p = compileIssue(problem);
                issues.add(new LintIssue(Severity.ERROR, "metadata", p.file(), p.line(), null, p.message()));
            }
        }
        issues.sort(Comparator.comparing(LintIssue::file).thenComparingInt(LintIssue::line)
                .thenComparing(LintIssue::check));
        return new LintReport(issues, metadataProblems.isEmpty() ? info : null);
    }

    private static LintIssue compileIssue(String problem) {
        Matcher m = COMPILE_PROBLEM.matcher(problem);
        if (m.matches()) {
            return new LintIssue(Severity.ERROR, "compile", m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                    null, m.group(3));
        }
        return new LintIssue(Severity.ERROR, "compile", "rules", 0, null, problem);
    }

    private static void checkFile(DrlSource source, List<LintIssue> issues, Map<String, String> firstUse) {
        String file = source.path();
        String folder = folder(file);
        if (folder != null) {
            String expected = folder.replace('/', '.');
            if (source.packageName() == null) {
                issues.add(error("package", file, 1, null, "no package declaration; a file in " + folder
                        + "/ declares `package " + expected + ";` (folders mirror packages)"));
            } else if (!source.packageName().equals(expected)) {
                issues.add(error("package", file, source.packageLine(), null, "package " + source.packageName()
                        + " does not match the folder " + folder + "/; expected `package " + expected + ";`"));
            }
        }
        for (DrlSource.Metadata f : source.forbiddenOutsideRules()) {
            issues.add(error("print", file, f.line(), null, f.name() + " in a DRL file: return a conclusion instead of printing"));
        }
        for (DrlSource.Rule rule : source.rules()) checkRule(file, rule, issues, firstUse);
    }

    /** The folder of a {@code rules/…} path below the rules directory, or {@code null} at the top. */
    private static String folder(String file) {
        String rel = file.startsWith("rules/") ? file.substring("rules/".length()) : file;
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? null : rel.substring(0, slash);
    }

    private static void checkRule(String file, DrlSource.Rule rule, List<LintIssue> issues, Map<String, String> firstUse) {
        String label = rule.id() != null ? rule.id() : "rule \"" + rule.name() + "\"";
        int line = rule.line();
        String name = rule.name() == null ? "" : rule.name().strip();
        if (name.isEmpty()) {
            issues.add(error("name", file, line, rule.id(), "rule without a name; name it with a short sentence"));
        } else if (name.split("\\s+").length < MIN_NAME_WORDS) {
            issues.add(warning("name", file, line, rule.id(), "rule \"" + name + "\": the name should be a short sentence"
                    + " (at least " + MIN_NAME_WORDS + " words) saying what the rule concludes and when"));
        }
        DrlSource.Metadata id = rule.metadata().get("id");
        if (id == null || id.value() == null || id.value().isBlank()) {
            issues.add(error("id", file, line, null, "rule \"" + name + "\" has no @id(\"…\"); every rule needs a stable, unique id"));
        } else {
            String where = file + ":" + id.line();
            String first = firstUse.putIfAbsent(id.value(), where);
            if (first != null) {
                issues.add(error("duplicate-id", file, id.line(), id.value(), "@id(\"" + id.value() + "\") is already used at " + first));
            }
        }
        for (DrlSource.Metadata dup : rule.duplicateMetadata()) {
            issues.add(error(dup.name().equals("id") ? "id" : "metadata", file, dup.line(), rule.id(),
                    label + " declares @" + dup.name() + " twice"));
        }
        DrlSource.Metadata evidence = rule.metadata().get("evidence");
        if (evidence == null || evidence.value() == null || evidence.value().isBlank()) {
            issues.add(error("evidence", file, evidence == null ? line : evidence.line(), rule.id(),
                    label + " has no @evidence(\"…\"); name the source (e.g. \"AAN 2016 guideline; Level B\")"));
        }
        for (DrlSource.CodeRef ref : rule.codes()) {
            if (!CODES.contains(ref.name())) {
                issues.add(error("code", file, ref.line(), rule.id(), label + ": Code." + ref.name()
                        + " is not in the catalogue (org.facialcds.facts.Code)" + suggestion(ref.name())));
            }
        }
        checkPolicy(file, rule, label, issues);
        for (DrlSource.Metadata f : rule.forbidden()) {
            if (f.name().equals("eval")) {
                issues.add(error("eval", file, f.line(), rule.id(), label + ": eval(…) in a condition; constrain a fact's"
                        + " property instead (property on the left, e.g. Patient(age >= 65))"));
            } else {
                issues.add(error("print", file, f.line(), rule.id(), label + ": " + f.name()
                        + " in a rule; conclude something instead (the reasoning is recorded by itself)"));
            }
        }
        for (DrlSource.Metadata a : rule.attributes()) {
            if (a.name().equals("salience")) {
                issues.add(error("salience", file, a.line(), rule.id(), label + ": salience; conclusions must not depend"
                        + " on firing order: use insertLogical and conditions instead"));
            } else if (a.name().endsWith("-group")) {
                issues.add(warning("firing-order", file, a.line(), rule.id(), label + ": " + a.name()
                        + " steers firing order; conclusions must not depend on it"));
            }
        }
        Matcher insert = INSERT.matcher(DrlSource.mask(rule.rhs()));
        if (insert.find()) {
            int at = rule.thenLine() + (int) DrlSource.mask(rule.rhs()).substring(0, insert.start()).chars().filter(c -> c == '\n').count();
            issues.add(warning("insert", file, at, rule.id(), label + ": insert(…) keeps a conclusion after its reason is gone;"
                    + " use insertLogical(…)"));
        }
    }

    private static void checkPolicy(String file, DrlSource.Rule rule, String label, List<LintIssue> issues) {
        List<String> declared = policyList(rule.meta("policy"));
        Set<String> reported = new LinkedHashSet<>();
        for (DrlSource.Metadata read : rule.policyReads()) {
            if (POLICY_PARAMETERS.contains(read.name()) && !declared.contains(read.name()) && reported.add(read.name())) {
                issues.add(warning("policy", file, read.line(), rule.id(), label + " reads the policy parameter "
                        + read.name() + " but does not declare it: add @policy(\"" + String.join(", ",
                        concat(declared, read.name())) + "\")"));
            }
        }
        DrlSource.Metadata meta = rule.metadata().get("policy");
        for (String p : declared) {
            if (!POLICY_PARAMETERS.contains(p)) {
                issues.add(warning("policy", file, meta.line(), rule.id(), label + ": @policy names \"" + p
                        + "\", which is not a policy parameter; expected one of " + String.join(", ", POLICY_PARAMETERS)));
            }
        }
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }

    private static String suggestion(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String code : CODES) {
            int d = distance(name, code);
            if (d < bestDistance) {
                bestDistance = d;
                best = code;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? "; did you mean Code." + best + "?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static LintIssue error(String check, String file, int line, String rule, String message) {
        return new LintIssue(Severity.ERROR, check, file, line, rule, message);
    }

    private static LintIssue warning(String check, String file, int line, String rule, String message) {
        return new LintIssue(Severity.WARNING, check, file, line, rule, message);
    }
}
