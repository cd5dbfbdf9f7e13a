package org.facialcds.cli;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.facialcds.FacialCds;
import org.facialcds.facts.PatientFacts;

/**
 * Where {@code facial-cds batch} reads its patients from, one {@link Item} at a time, streamed: never
 * the whole input in memory. Reading is done by one thread; {@link Item#read} (parsing and validating)
 * runs on the worker threads.
 *
 * <p>Extension point: a FHIR bulk-export directory (one NDJSON file per resource type, grouped by
 * patient) becomes another implementation whose items turn each patient's resources into
 * {@link PatientFacts} with {@code org.facialcds.fhir}; {@link #open} picks it when
 * {@link #looksLikeFhirBulkExport} says so.
 */
interface BatchSource extends Closeable {

    /** Longest input line accepted (characters); a longer one is an invalid line, skipped without being kept. */
    int MAX_LINE = 16 * 1024 * 1024;

    /** The next patient, or {@code null} at the end. */
    Item next() throws IOException;

    /** Input bytes consumed so far, for the progress bar. */
    long bytesRead();

    /** Total input bytes, or -1 when unknown (standard input). */
    long totalBytes();

    /** One patient of the input: where it is and how to read it. */
    interface Item {
        /** The 1-based line number in its file. */
        long line();

        /** The file name when the input is a directory of several files, otherwise {@code null}. */
        String file();

        /**
         * Parses and validates this patient.
         *
         * @throws org.facialcds.InvalidInputException naming every problem
         */
        PatientFacts read(FacialCds cds, LocalDate asOf);
    }

    /** A patient-facts JSON line. */
    record JsonLine(long line, String file, String json, String problem) implements Item {
        @Override
        public PatientFacts read(FacialCds cds, LocalDate asOf) {
            if (problem != null) throw new org.facialcds.InvalidInputException(
                    List.of(new org.facialcds.facts.InputProblem("$", problem)));
            return cds.read(json, asOf);
        }
    }

    /**
     * Opens a patient-facts NDJSON file, standard input ({@code -}), or a directory of {@code *.ndjson}
     * files read in name order.
     *
     * @throws IOException when the input cannot be opened
     * @throws UnsupportedOperationException for a FHIR bulk export, until the FHIR package provides a reader
     */
    static BatchSource open(String input, InputStream stdin) throws IOException {
        if (EvaluateCommand.STDIN.equals(input)) {
            return new Ndjson(List.of(), stdin, -1);
        }
        Path path = Path.of(input);
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(path)) {
                files = listing.filter(p -> p.getFileName().toString().endsWith(".ndjson") && Files.isRegularFile(p))
                        .sorted().toList();
            }
            if (files.isEmpty()) throw new IOException("no .ndjson files in directory " + input);
            if (looksLikeFhirBulkExport(files)) {
                // Extension point: FHIR bulk-export NDJSON grouped by patient (org.facialcds.fhir).
                throw new UnsupportedOperationException("FHIR bulk-export input (resourceType lines) is not supported"
                        + " yet; expected patient-facts NDJSON (patient-facts.md), one patient per line");
            }
            long total = 0;
            for (Path f : files) total += Files.size(f);
            return new Ndjson(files, null, total);
        }
        return new Ndjson(List.of(path), null, Files.size(path));
    }

    /** A FHIR bulk export has one file per resource type ({@code Patient.ndjson}, …) whose lines are resources. */
    static boolean looksLikeFhirBulkExport(List<Path> files) throws IOException {
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.equals("Patient.ndjson") || name.startsWith("Patient.")) return true;
            try (var reader = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String first = reader.readLine();
                if (first != null && first.contains("\"resourceType\"")) return true;
            } catch (IOException e) {
                // an unreadable or non-UTF-8 file is reported when it is read
            }
        }
        return false;
    }

    /** Patient-facts JSON, one patient per line, from one or more files or a stream. */
    final class Ndjson implements BatchSource {
        private final List<Path> files;
        private final InputStream stream;
        private final long total;
        private final boolean named;
        private boolean streamOpened;
        private int current = -1;
        private volatile Counting counting;
        private LineReader lines;
        private long line;
        private volatile long doneBytes;

        /** Reads {@code stream} when it is not null, otherwise the files in this order. */
        Ndjson(List<Path> files, InputStream stream, long total) {
            this.files = List.copyOf(files);
            this.stream = stream;
            this.total = total;
            this.named = files.size() > 1;
        }

        private static Reader reader(InputStream in) {
            // Malformed UTF-8 becomes U+FFFD and then fails validation on that line only.
            return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        }

        @Override
        public Item next() throws IOException {
            while (true) {
                if (lines == null && !openNext()) return null;
                String text = lines.readLine();
                if (text == null) {
                    finishCurrent();
                    continue;
                }
                line++;
                String file = named ? files.get(current).getFileName().toString() : null;
                if (text == LineReader.TOO_LONG) {
                    return new JsonLine(line, file, null, "line longer than " + MAX_LINE
                            + " characters; expected one patient-facts JSON object per line");
                }
                if (text.isBlank()) continue;
                return new JsonLine(line, file, text, null);
            }
        }

        private boolean openNext() throws IOException {
            InputStream in;
            if (stream != null) {
                if (streamOpened) return false;
                streamOpened = true;
                in = stream;
            } else {
                if (current + 1 >= files.size()) return false;
                current++;
                in = Files.newInputStream(files.get(current));
            }
            line = 0;
            counting = new Counting(in);
            lines = new LineReader(reader(counting));
            return true;
        }

        private void finishCurrent() throws IOException {
            doneBytes += counting.count;
            if (stream == null) counting.close();
            counting = null;
            lines = null;
        }

        @Override
        public long bytesRead() {
            Counting c = counting;
            return doneBytes + (c == null ? 0 : c.count);
        }

        @Override
        public long totalBytes() {
            return total;
        }

        @Override
        public void close() throws IOException {
            if (counting != null && stream == null) counting.close();
        }
    }

    /** Counts the bytes read, for the progress bar (read by another thread: volatile). */
    final class Counting extends FilterInputStream {
        volatile long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    /** Reads lines (LF or CRLF) with a length cap, so one huge line cannot exhaust memory. */
    final class LineReader {
        static final String TOO_LONG = new String("<too long>");
        private final Reader in;
        private final char[] buffer = new char[1 << 16];
        private int pos;
        private int limit;

        LineReader(Reader in) {
            this.in = in;
        }

        /** The next line without its terminator, {@link #TOO_LONG}, or {@code null} at the end. */
        String readLine() throws IOException {
            StringBuilder s = null;
            boolean tooLong = false;
            while (true) {
                if (pos >= limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (s == null && !tooLong) return null;
                        return tooLong ? TOO_LONG : strip(s);
                    }
                }
                int start = pos;
                while (pos < limit && buffer[pos] != '\n') pos++;
                boolean end = pos < limit;
                if (!tooLong) {
                    int n = pos - start;
                    if (s == null && end) {
                        String line = new String(buffer, start, n);
                        pos++;
                        return strip(line);
                    }
                    if (s == null) s = new StringBuilder(Math.max(256, n * 2));
                    if (s.length() + n > MAX_LINE) {
                        tooLong = true;
                        s = null;
                    } else {
                        s.append(buffer, start, n);
                    }
                }
                if (end) {
                    pos++;
                    return tooLong ? TOO_LONG : strip(s);
                }
            }
        }

        private static String strip(CharSequence line) {
            int n = line.length();
            return n > 0 && line.charAt(n - 1) == '\r' ? line.subSequence(0, n - 1).toString() : line.toString();
        }
    }
}
