package org.facialcds.engine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.base.ClassObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.GroupElement;
import org.drools.base.rule.RuleConditionElement;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.facialcds.facts.Fact;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * A compiled knowledge base: the Drools KieBase built from the DRL files, shared by all threads,
 * with each rule's declared metadata. Building checks that every rule has a unique {@code @id}
 * and an {@code @evidence}: a rule the reasoning cannot name is refused.
 */
public final class KnowledgeBase {

    private static final String NULL_PACKAGE = "Parser returned a null Package";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final InternalKnowledgeBase kieBase;
    private final Map<String, RuleInfo> rules;
    /** The same metadata by rule instance: a lookup per firing without building a key string. */
    private final Map<Rule, RuleInfo> byRule = new java.util.IdentityHashMap<>();
    private final String name;
    private final String version;
    private final String sha256;

    private KnowledgeBase(InternalKnowledgeBase kieBase, Map<String, RuleInfo> rules, String name, String version,
                          String sha256) {
        this.kieBase = kieBase;
        this.rules = rules;
        this.name = name;
        this.version = version;
        this.sha256 = sha256;
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                RuleInfo info = rules.get(key(rule));
                if (info != null) byRule.put(rule, info);
            }
        }
    }

    /** Compiles the files; every problem is reported at once as {@code file:line: message}. */
    public static KnowledgeBase compile(RuleFiles files) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        for (RuleFile file : files.drl()) {
            builder.add(ResourceFactory.newByteArrayResource(file.text().getBytes(StandardCharsets.UTF_8))
                    .setSourcePath(file.path()), ResourceType.DRL);
        }
        List<String> problems = new ArrayList<>();
        for (KnowledgeBuilderError error : builder.getErrors()) {
            if (error.getMessage() != null && error.getMessage().contains(NULL_PACKAGE)) {
                continue;
            }
            problems.add(place(error) + ": " + oneLine(error.getMessage()));
        }
        if (files.drl().isEmpty()) {
            problems.add("no .drl files found");
        }
        if (!problems.isEmpty()) {
            throw new KnowledgeBaseException("FCDS-0201", problems);
        }
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase();
        kieBase.addPackages(builder.getKnowledgePackages());
        Map<String, RuleInfo> rules = describe(kieBase, problems);
        if (!problems.isEmpty()) {
            throw new KnowledgeBaseException("FCDS-0204", problems);
        }
        return new KnowledgeBase(kieBase, rules, files.name(), files.version(), digest(files));
    }

    private static String place(KnowledgeBuilderError error) {
        String file = error.getResource() != null && error.getResource().getSourcePath() != null
                ? error.getResource().getSourcePath() : "rules";
        int[] lines = error.getLines();
        return lines != null && lines.length > 0 && lines[0] > 0 ? file + ":" + lines[0] : file;
    }

    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static Map<String, RuleInfo> describe(InternalKnowledgeBase kieBase, List<String> problems) {
        Map<String, RuleInfo> byKey = new HashMap<>();
        Map<String, String> filesById = new HashMap<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                RuleImpl impl = (RuleImpl) rule;
                String file = impl.getResource() != null ? impl.getResource().getSourcePath() : "rules";
                String where = file + ":" + impl.getLoadOrder() + " rule \"" + rule.getName() + "\"";
                String id = text(rule.getMetaData().get("id"));
                String evidence = text(rule.getMetaData().get("evidence"));
                if (id == null || id.isBlank()) {
                    problems.add(where + ": missing @id(\"…\")");
                } else if (filesById.containsKey(id)) {
                    problems.add(where + ": @id(\"" + id + "\") is already used in " + filesById.get(id));
                } else {
                    filesById.put(id, file);
                }
                if (evidence == null || evidence.isBlank()) {
                    problems.add(where + ": missing @evidence(\"…\")");
                }
                byKey.put(key(rule), new RuleInfo(id, rule.getName(), rule.getPackageName(), file, evidence,
                        text(rule.getMetaData().get("level")), text(rule.getMetaData().get("policy")),
                        constrainedProperties(impl.getLhs())));
            }
        }
        return Map.copyOf(byKey);
    }

    private static String text(Object metadata) {
        if (metadata == null) return null;
        String s = metadata.toString();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static Map<Class<?>, List<String>> constrainedProperties(GroupElement lhs) {
        Map<Class<?>, Set<String>> found = new LinkedHashMap<>();
        collect(lhs, found);
        Map<Class<?>, List<String>> result = new HashMap<>();
        found.forEach((type, props) -> result.put(type, List.copyOf(props)));
        return result;
    }

    private static void collect(RuleConditionElement element, Map<Class<?>, Set<String>> found) {
        if (element instanceof GroupElement group) {
            if (group.isNot()) return; // a "not" matches nothing to report
            for (RuleConditionElement child : group.getChildren()) collect(child, found);
        } else if (element instanceof org.drools.base.rule.Pattern pattern
                && pattern.getObjectType() instanceof ClassObjectType type
                && Fact.class.isAssignableFrom(type.getClassType())) {
            Set<String> names = propertyNames(type.getClassType());
            Set<String> props = found.computeIfAbsent(type.getClassType(), t -> new LinkedHashSet<>());
            for (var constraint : pattern.getConstraints()) {
                Matcher m = IDENTIFIER.matcher(constraint.toString());
                while (m.find()) {
                    if (names.contains(m.group())) props.add(m.group());
                }
            }
        }
    }

    private static Set<String> propertyNames(Class<?> type) {
        Set<String> names = new LinkedHashSet<>();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) names.add(c.getName());
        }
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == 0 && m.getReturnType() != void.class) {
                names.add(m.getName());
            }
        }
        names.removeAll(Set.of("path", "toString", "hashCode"));
        return names;
    }

    private static String digest(RuleFiles files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (RuleFile f : files.drl()) {
                sha.update(f.path().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.text().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String key(Rule rule) {
        return rule.getPackageName() + "/" + rule.getName();
    }

    InternalKnowledgeBase kieBase() {
        return kieBase;
    }

    /** The declared metadata of a rule of this knowledge base. */
    public RuleInfo info(Rule rule) {
        RuleInfo info = byRule.get(rule);
        return info != null ? info : rules.get(key(rule));
    }

    /** Every rule's metadata. */
    public List<RuleInfo> rules() {
        return rules.values().stream().sorted(java.util.Comparator.comparing(RuleInfo::id)).toList();
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public String sha256() {
        return sha256;
    }
}
