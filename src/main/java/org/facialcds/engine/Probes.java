package org.facialcds.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.facialcds.facts.Fact;
import org.facialcds.facts.PolicySettings;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * Probe rules for "why not?": for every rule, one probe per prefix of its conditional elements
 * (the first 1, 2, … n elements of its {@code when} block), each recording that it matched. Run
 * over one patient's facts and the conclusions the real evaluation derived (as plain facts), they
 * tell how many leading conditions of a rule hold, hence the first that does not. For a
 * {@code not …} element that fails, a flipped probe records the facts that block it.
 *
 * <p>Compiling every probe costs more than compiling the rules, so probes are compiled on first
 * use, only for the rules asked about, and kept per rules version ({@link #of}). A run takes fresh
 * sessions, so this is thread-safe.
 */
public final class Probes {

    /**
     * How far one rule gets: {@code matched} of its {@code conditions} leading elements hold;
     * when the next one is a {@code not}, {@code blockers} are the facts that make it fail.
     * {@code available} is false when the rule could not be probed (its text was not understood).
     */
    public record Result(String ruleId, int conditions, int matched, List<Object> blockers, boolean available) {

        public Result {
            blockers = List.copyOf(blockers);
        }

        public boolean allMatched() {
            return available && matched == conditions;
        }
    }

    private record Spec(String ruleId, int k, boolean flip, List<String> types) {
    }

    /** One compiled batch of probes and the specs its rule names index. */
    private record Chunk(InternalKnowledgeBase kieBase, List<Spec> specs) {
    }

    private record Source(DrlSource file, DrlSource.Rule rule) {
    }

    private static final String GLOBAL = "probeHits";
    private static final String PREFIX = "probe|";
    private static final String RULE_RESOURCE = "probe/rule/";
    private static final int MAX_FIRINGS = 200_000;
    private static final int CACHE_SIZE = 4;
    private static final Map<String, Probes> CACHE = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Probes> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private final Map<String, Source> rules = new TreeMap<>();
    private final Map<String, Chunk> chunks = new HashMap<>();
    private final Set<String> unavailable = new HashSet<>();

    private Probes(RuleFiles files) {
        for (RuleFile f : files.drl()) {
            DrlSource source = DrlSource.parse(f);
            for (DrlSource.Rule rule : source.rules()) {
                if (rule.id() != null) rules.putIfAbsent(rule.id(), new Source(source, rule));
            }
        }
    }

    /**
     * The probes for these files, shared per {@code version} (e.g. the rules' SHA-256). Probes are
     * compiled on first use, for the rules asked about, and kept.
     */
    public static Probes of(RuleFiles files, String version) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(version, v -> new Probes(files));
        }
    }

    /** Probes for these files, not shared. */
    public static Probes of(RuleFiles files) {
        return new Probes(files);
    }

    /** Compiles the probes of these rules (those not compiled yet) into one chunk. */
    private synchronized void compile(Collection<String> ruleIds) {
        Set<String> todo = new java.util.TreeSet<>();
        for (String id : ruleIds) {
            if (rules.containsKey(id) && !chunks.containsKey(id) && !unavailable.contains(id)) todo.add(id);
        }
        for (int attempt = 0; attempt < 3 && !todo.isEmpty(); attempt++) {
            List<Spec> specs = new ArrayList<>();
            KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
            resources(todo, specs).forEach((path, drl) -> builder.add(ResourceFactory.newByteArrayResource(
                    drl.getBytes(StandardCharsets.UTF_8)).setSourcePath(path), ResourceType.DRL));
            Set<String> failed = new HashSet<>();
            boolean other = false;
            for (KnowledgeBuilderError error : builder.getErrors()) {
                String path = error.getResource() == null ? null : error.getResource().getSourcePath();
                if (path != null && path.startsWith(RULE_RESOURCE)) {
                    failed.add(path.substring(RULE_RESOURCE.length(), path.length() - ".drl".length()));
                } else if (!String.valueOf(error.getMessage()).contains("Parser returned a null Package")) {
                    other = true;
                }
            }
            if (other) break;
            if (failed.isEmpty()) {
                InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase();
                kieBase.addPackages(builder.getKnowledgePackages());
                Chunk chunk = new Chunk(kieBase, specs);
                todo.forEach(id -> chunks.put(id, chunk));
                return;
            }
            unavailable.addAll(failed);
            todo.removeAll(failed);
        }
        unavailable.addAll(todo);
    }

    private Map<String, String> resources(Set<String> ids, List<Spec> specs) {
        Map<String, String> resources = new LinkedHashMap<>();
        Map<DrlSource, Integer> files = new LinkedHashMap<>();
        Set<String> packages = new HashSet<>();
        for (String id : ids) {
            Source s = rules.get(id);
            if (files.containsKey(s.file())) continue;
            int n = files.size() + 1;
            files.put(s.file(), n);
            String pkg = s.file().packageName();
            resources.put("probe/header/" + n + ".drl", s.file().withoutRules());
            if (packages.add(String.valueOf(pkg))) {
                resources.put("probe/global/" + n + ".drl",
                        (pkg == null ? "" : "package " + pkg + ";\n") + "global java.util.List " + GLOBAL + ";\n");
            }
        }
        for (String id : ids) {
            Source s = rules.get(id);
            String pkg = s.file().packageName();
            StringBuilder drl = new StringBuilder(pkg == null ? "" : "package " + pkg + ";\n");
            s.file().imports().forEach(i -> drl.append(i.endsWith(";") ? i : i + ";").append('\n'));
            List<DrlSource.Element> elements = s.rule().elements();
            for (int k = 1; k <= elements.size(); k++) {
                probe(drl, specs, new Spec(id, k, false, List.of()), elements.subList(0, k), null);
                DrlSource.Element last = elements.get(k - 1);
                if (last.negated()) {
                    List<String> types = last.patterns().stream().map(DrlSource.PatternText::type).toList();
                    probe(drl, specs, new Spec(id, k, true, types), elements.subList(0, k - 1), last.positiveText());
                }
            }
            resources.put(RULE_RESOURCE + id + ".drl", drl.toString());
        }
        return resources;
    }

    private static void probe(StringBuilder drl, List<Spec> specs, Spec spec, List<DrlSource.Element> prefix, String extra) {
        int index = specs.size();
        specs.add(spec);
        drl.append("\nrule \"").append(PREFIX).append(index).append("\"\nwhen\n");
        for (DrlSource.Element e : prefix) drl.append("    ").append(e.text()).append('\n');
        if (extra != null) drl.append("    ").append(extra).append('\n');
        drl.append("then\n    ").append(GLOBAL).append(".add(new Object[] { Integer.valueOf(").append(index)
                .append("), kcontext.getMatch().getObjects() });\nend\n");
    }

    /** Whether this rule id is known (has an {@code @id} in the files). */
    public boolean knows(String ruleId) {
        return rules.containsKey(ruleId);
    }

    /**
     * Runs the probes of these rules over the facts, the policy and the conclusions of a real
     * evaluation (inserted as plain facts; nothing is derived again).
     */
    public Map<String, Result> run(List<? extends Fact> facts, PolicySettings policy, Collection<?> conclusions,
                                   Collection<String> ruleIds) {
        compile(ruleIds);
        Map<Chunk, Set<String>> byChunk = new java.util.IdentityHashMap<>();
        synchronized (this) {
            for (String id : ruleIds) {
                Chunk c = chunks.get(id);
                if (c != null) byChunk.computeIfAbsent(c, k -> new HashSet<>()).add(id);
            }
        }
        Map<String, Integer> matched = new TreeMap<>();
        Map<String, Map<Integer, List<Object>>> flips = new TreeMap<>();
        byChunk.forEach((chunk, wanted) -> {
            for (Object[] hit : fire(chunk, wanted, facts, policy, conclusions)) {
                Spec spec = chunk.specs().get((Integer) hit[0]);
                if (spec.flip()) {
                    List<Object> objects = flips.computeIfAbsent(spec.ruleId(), k -> new TreeMap<>())
                            .computeIfAbsent(spec.k(), k -> new ArrayList<>());
                    for (Object o : (List<?>) hit[1]) {
                        if (spec.types().contains(o.getClass().getSimpleName()) && !objects.contains(o)) objects.add(o);
                    }
                } else {
                    matched.merge(spec.ruleId(), spec.k(), Math::max);
                }
            }
        });
        Map<String, Result> results = new TreeMap<>();
        for (String id : ruleIds) {
            Source s = rules.get(id);
            int n = s == null ? 0 : s.rule().elements().size();
            boolean ok;
            synchronized (this) {
                ok = chunks.containsKey(id);
            }
            if (!ok) {
                results.put(id, new Result(id, n, 0, List.of(), false));
                continue;
            }
            int m = matched.getOrDefault(id, 0);
            results.put(id, new Result(id, n, m, flips.getOrDefault(id, Map.of()).getOrDefault(m + 1, List.of()), true));
        }
        return results;
    }

    private static List<Object[]> fire(Chunk chunk, Set<String> wanted, List<? extends Fact> facts, PolicySettings policy,
                                       Collection<?> conclusions) {
        List<Object[]> hits = new ArrayList<>();
        KieSession session = chunk.kieBase().newKieSession();
        try {
            session.setGlobal(GLOBAL, hits);
            session.insert(policy);
            for (Fact f : facts) session.insert(f);
            for (Object c : conclusions) session.insert(c);
            session.fireAllRules(match -> {
                String name = match.getRule().getName();
                return name.startsWith(PREFIX)
                        && wanted.contains(chunk.specs().get(Integer.parseInt(name.substring(PREFIX.length()))).ruleId());
            }, MAX_FIRINGS);
        } finally {
            session.dispose();
        }
        return hits;
    }
}
