package org.facialcds.examples.spark;

import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Adds up the executors' own measure of the tasks of a run: CPU time and run time. The CPU time per patient is
 * what sizes a cluster (README "Scale"); unlike wall time it does not move when other programs share the cores.
 * Spark delivers these events asynchronously: read the totals after the run's jobs are done.
 */
final class TaskTime extends SparkListener {

    private final LongAdder tasks = new LongAdder();
    private final LongAdder cpuNanos = new LongAdder();
    private final LongAdder runMillis = new LongAdder();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        TaskMetrics m = end.taskMetrics();
        if (m == null) return;
        tasks.increment();
        cpuNanos.add(m.executorCpuTime());
        runMillis.add(m.executorRunTime());
    }

    long tasks() {
        return tasks.sum();
    }

    double cpuSeconds() {
        return cpuNanos.sum() / 1e9;
    }

    double runSeconds() {
        return runMillis.sum() / 1e3;
    }
}
