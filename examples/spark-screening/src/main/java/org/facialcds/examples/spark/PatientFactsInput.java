package org.facialcds.examples.spark;

import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.facialcds.Evaluation;
import org.facialcds.FacialCds;
import org.facialcds.facts.PatientFacts;

/** Patient-facts NDJSON (patient-facts.md): one patient per line, so no shuffle: each line is evaluated where it is read. */
final class PatientFactsInput {

    private PatientFactsInput() {
    }

    /** One {@link Schemas#OUTCOME} row per non-blank line. */
    static Dataset<Row> outcomes(Dataset<Row> lines, LocalDate asOf, int partitions) {
        Dataset<Row> input = partitions > 0 ? lines.repartition(partitions) : lines;
        return input.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> evaluate(rows, asOf), Schemas.outcomes());
    }

    private static Iterator<Row> evaluate(Iterator<Row> rows, LocalDate asOf) {
        FacialCds cds = Engines.get();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row line = rows.next();
                return evaluate(cds, line.getString(0), line.getLong(1), line.getString(2), asOf);
            }
        };
    }

    /** Never throws: an invalid line becomes an error outcome, the job goes on. */
    static Row evaluate(FacialCds cds, String file, long line, String json, LocalDate asOf) {
        try {
            PatientFacts patient = cds.read(json, asOf);
            Evaluation e = cds.evaluate(patient);
            return Outcomes.evaluated(e.patientId(), file, line, patient, e, List.of());
        } catch (RuntimeException e) {
            return Outcomes.failed(Outcomes.idOf(json), file, line, Outcomes.reason(e));
        }
    }
}
