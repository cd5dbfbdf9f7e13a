package org.facialcds.examples.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The input on the driver: which files (an NDJSON file, or a directory's {@code *.ndjson} and
 * {@code *.ndjson.gz} files in name order, on any Hadoop file system: local, HDFS, S3, ...), what each holds
 * (its first line), and their lines with 1-based line numbers per file.
 */
final class InputFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One input file: its path, its name, and the {@code resourceType} of its first line (null if none). */
    record InputFile(String path, String name, String firstResourceType) {
    }

    private InputFiles() {
    }

    /** The files of the input, in name order. */
    static List<InputFile> list(SparkSession spark, String input) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            Path path = new Path(input);
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path)) {
                throw new IllegalArgumentException("cannot read " + input + ": no such file or directory");
            }
            List<FileStatus> statuses = new ArrayList<>();
            if (fs.getFileStatus(path).isDirectory()) {
                for (FileStatus s : fs.listStatus(path)) {
                    String name = s.getPath().getName();
                    if (s.isFile() && (name.endsWith(".ndjson") || name.endsWith(".ndjson.gz"))) statuses.add(s);
                }
                if (statuses.isEmpty()) {
                    throw new IllegalArgumentException("no .ndjson files in directory " + input);
                }
            } else {
                statuses.add(fs.getFileStatus(path));
            }
            statuses.sort(Comparator.comparing(s -> s.getPath().getName()));
            CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
            List<InputFile> files = new ArrayList<>();
            for (FileStatus s : statuses) {
                files.add(new InputFile(s.getPath().toString(), s.getPath().getName(),
                        resourceType(firstLine(fs, codecs, s.getPath()))));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    /** A FHIR bulk export when any file starts with a FHIR resource (patient facts have no resourceType). */
    static boolean looksLikeFhirBulkExport(List<InputFile> files) {
        return files.stream().anyMatch(f -> f.firstResourceType() != null);
    }

    /** The lines of these files: (file name, 1-based line number in that file, text), blank lines left out. */
    static Dataset<Row> lines(SparkSession spark, List<InputFile> files) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<JavaRDD<Row>> parts = new ArrayList<>();
        for (InputFile f : files) {
            String name = f.name();
            // zipWithIndex numbers the lines of one file across its splits (it counts the splits first when there
            // are several): the line numbers of the errors table are the file's own, as an editor shows them.
            parts.add(jsc.textFile(f.path()).zipWithIndex()
                    .filter(t -> !t._1().isBlank())
                    .map(t -> RowFactory.create(name, t._2() + 1, t._1())));
        }
        @SuppressWarnings("unchecked")
        JavaRDD<Row>[] each = parts.toArray(new JavaRDD[0]);
        JavaRDD<Row> all = each.length == 1 ? each[0] : jsc.union(each);
        return spark.createDataFrame(all, Schemas.LINE);
    }

    private static String firstLine(FileSystem fs, CompressionCodecFactory codecs, Path path) throws IOException {
        CompressionCodec codec = codecs.getCodec(path);
        try (InputStream raw = fs.open(path);
                InputStream in = codec == null ? raw : codec.createInputStream(raw);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) return line;
            }
            return null;
        }
    }

    /** The top-level {@code resourceType} of a JSON object line, or null. */
    static String resourceType(String line) {
        if (line == null || !line.contains("\"resourceType\"")) return null;
        try {
            JsonNode root = JSON.readTree(line);
            return root != null && root.isObject() && root.path("resourceType").isTextual()
                    ? root.get("resourceType").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
