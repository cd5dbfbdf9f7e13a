package org.facialcds.bench;

import java.util.concurrent.TimeUnit;
import org.facialcds.Configuration;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.facts.PatientFacts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One evaluation of validated patient facts (engine and assembly of the result), with and without reasoning. */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EvaluateBenchmark {

    @Param({"simple", "typical", "complex"})
    public String patient;

    @Param({"true", "false"})
    public boolean reasoning;

    private FacialCds cds;
    private PatientFacts facts;

    @Setup
    public void setUp() {
        cds = FacialCds.create(Configuration.builder().rulesDirectory(Cases.RULES).captureReasoning(reasoning)
                .poolSize(4).build());
        facts = cds.read(Cases.json(patient), null);
    }

    @TearDown
    public void tearDown() {
        cds.close();
    }

    @Benchmark
    public Evaluation evaluate() {
        return cds.evaluate(facts);
    }
}
