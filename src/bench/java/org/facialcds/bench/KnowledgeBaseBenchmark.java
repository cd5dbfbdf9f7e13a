package org.facialcds.bench;

import java.util.concurrent.TimeUnit;
import org.facialcds.FacialCds;
import org.facialcds.KnowledgeBaseInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** Compiling the knowledge base from rules/: the first build in a fresh JVM (cold) and later builds (warm). */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KnowledgeBaseBenchmark {

    @Benchmark
    public KnowledgeBaseInfo build() {
        return FacialCds.validateRules(Cases.RULES);
    }
}
