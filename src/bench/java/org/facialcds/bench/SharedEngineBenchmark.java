package org.facialcds.bench;

import java.util.concurrent.TimeUnit;
import org.facialcds.Configuration;
import org.facialcds.Evaluation;
import org.facialcds.EvaluationJson;
import org.facialcds.FacialCds;
import org.facialcds.facts.PatientFacts;
import org.facialcds.scenario.PatientGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@link FacialCds} shared by all benchmark threads (run with 1 and 2 threads): {@code engine}
 * evaluates validated facts, {@code batch} does what {@code facial-cds batch} does per line (parse,
 * validate, evaluate, write JSON). {@code generated} cycles through 1024 generated patients.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SharedEngineBenchmark {

    static final int GENERATED = 1024;

    @Param({"typical", "generated"})
    public String patient;

    @Param({"true"})
    public boolean reasoning;

    private FacialCds cds;
    private String[] json;
    private PatientFacts[] facts;

    /** Each thread's place in the patient list. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup
    public void setUp() {
        cds = FacialCds.create(Configuration.builder().rulesDirectory(Cases.RULES).captureReasoning(reasoning)
                .poolSize(4).build());
        if (patient.equals("generated")) {
            PatientGenerator generator = new PatientGenerator(20261126);
            json = new String[GENERATED];
            for (int i = 0; i < GENERATED; i++) json[i] = generator.json(i);
        } else {
            json = new String[] {Cases.json(patient)};
        }
        facts = new PatientFacts[json.length];
        for (int i = 0; i < json.length; i++) facts[i] = cds.read(json[i], null);
    }

    @TearDown
    public void tearDown() {
        cds.close();
    }

    @Benchmark
    public Evaluation engine(Cursor cursor) {
        int i = cursor.next++ % facts.length;
        return cds.evaluate(facts[i]);
    }

    @Benchmark
    public String batch(Cursor cursor) {
        int i = cursor.next++ % json.length;
        return EvaluationJson.toJson(cds.evaluate(cds.read(json[i], null)));
    }
}
