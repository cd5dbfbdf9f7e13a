package org.facialcds.examples.spark;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** The row types of the pipeline: input lines, keyed FHIR resources, and one outcome per patient. */
final class Schemas {

    /** One input line: file name, 1-based line number in that file, text. */
    static final StructType LINE = new StructType()
            .add("file", StringType, false)
            .add("line", LongType, false)
            .add("text", StringType, true);

    /**
     * One FHIR resource line keyed by its patient ({@code Patient.id}, or the id its subject/patient reference
     * names); a line that cannot be keyed has {@link FhirBulk#UNKEYED} + file:line as key and a problem.
     */
    static final StructType RESOURCE = new StructType()
            .add("patient_id", StringType, false)
            .add("file", StringType, false)
            .add("line", LongType, false)
            .add("json", StringType, true)
            .add("problem", StringType, true);

    /** One recommendation of an outcome; {@code rule_ids} are the rules of its reasoning ({@code because[].rule}). */
    static final StructType RECOMMENDATION = new StructType()
            .add("position", IntegerType, false)
            .add("code", StringType, false)
            .add("kind", StringType, true)
            .add("reason", StringType, true)
            .add("urgency", StringType, true)
            .add("field", StringType, true)
            .add("rule_ids", createArrayType(StringType, false), false);

    /** A medication the patient takes on the evaluation date, with the drug classes the terminology gives it. */
    static final StructType MEDICATION = new StructType()
            .add("name", StringType, true)
            .add("code", StringType, true)
            .add("classes", createArrayType(StringType, false), false);

    /** One patient evaluated, or one patient or line that could not be ({@code error} set). */
    static final StructType OUTCOME = new StructType()
            .add("patient_id", StringType, true)
            .add("file", StringType, true)
            .add("line", LongType, true)
            .add("as_of", DateType, true)
            .add("error", StringType, true)
            .add("recommendations", createArrayType(RECOMMENDATION, false), true)
            .add("codes", createArrayType(StringType, false), true)
            .add("warnings", createArrayType(StringType, false), true)
            .add("fired_rules", createArrayType(StringType, false), true)
            .add("current_medications", createArrayType(MEDICATION, false), true)
            .add("kb_name", StringType, true)
            .add("kb_version", StringType, true)
            .add("kb_sha256", StringType, true);

    static Encoder<Row> lines() {
        return Encoders.row(LINE);
    }

    static Encoder<Row> resources() {
        return Encoders.row(RESOURCE);
    }

    static Encoder<Row> outcomes() {
        return Encoders.row(OUTCOME);
    }

    private Schemas() {
    }
}
