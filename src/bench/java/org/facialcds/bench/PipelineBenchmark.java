package org.facialcds.bench;

import java.util.concurrent.TimeUnit;
import org.facialcds.Evaluation;
import org.facialcds.EvaluationJson;
import org.facialcds.FacialCds;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Patient JSON in, result JSON out ({@code full}), against the floor: parsing and validating the same
 * JSON and writing the same result JSON, with no rules run ({@code floor}).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBenchmark {

    @Param({"simple", "typical", "complex"})
    public String patient;

    private FacialCds cds;
    private String json;
    private Evaluation result;

    @Setup
    public void setUp() {
        cds = FacialCds.withRules(Cases.RULES);
        json = Cases.json(patient);
        result = cds.evaluate(cds.read(json, null));
    }

    @TearDown
    public void tearDown() {
        cds.close();
    }

    @Benchmark
    public String full() {
        return EvaluationJson.toJson(cds.evaluate(cds.read(json, null)));
    }

    @Benchmark
    public String floor(Blackhole blackhole) {
        blackhole.consume(cds.read(json, null));
        return EvaluationJson.toJson(result);
    }
}
