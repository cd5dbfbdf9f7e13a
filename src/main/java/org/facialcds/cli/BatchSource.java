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
import org.facialcds.FacialCdsException;
import org.facialcds.facts.PatientFacts;

/**
 * Where {@code facial-cds batch} reads its patients from, one {@link Item} at a time, streamed: never
 * the whole input in memory. Reading is done by one thread; {@link Item#read} (parsing, mapping and
 * validating) runs on the worker threads.
 *
 * <p>Two kinds: patient-facts NDJSON ({@link Ndjson}: a file, standard input, or a directory of them), and a
 * FHIR R4 bulk export ({@link FhirBulkSource}: a directory with one NDJSON file per resource type, grouped by
 * patient on disk first). {@link #open} picks one; another input format is another implementation.
 */
interface BatchSource extends Closeable {

    /** Longest input line accepted (characters); a longer one is an invalid line, skipped without being kept. */
    int MAX_LINE = 16 * 1024 * 1024;

    /** The next patient, or {@code null} at the end. */
    Item next() throws IOException;

    /** Input bytes consumed so far, for the progress bar; called from another thread. */
    long bytesRead();

    /** Total input bytes, or -1 when unknown (standard input). */
    long totalBytes();

    /**
     * What the reader is doing before it hands out patients (e.g. "grouping by patient"), during which
     * {@link #bytesRead} counts that work; {@code null} once patients flow. Called from another thread.
     */
    default String phase() {
        return null;
    }

    /**
     * Items read ahead per worker thread, waiting to be evaluated or written in order: with the size of an
     * item, this bounds the memory of a batch.
     */
    default int itemsPerThread() {
        return BatchCommand.WINDOW_PER_THREAD;
    }

    /** What the summary should also say once the input is read (what was left out, and why); no patient data. */
    default List<String> notes() {
        return List.of();
    }

    /** One patient of the input: where it is and how to read it. */
    interface Item {
        /** The 1-based line number in its file. */
        long line();

        /** The file name when the input is a directory of several files or FHIR, otherwise {@code null}. */
        String file();

        /** The patient's id when the reader knows it before reading (FHIR: the grouping key), otherwise {@code null}. */
        default String patientId() {
            return null;
        }

        /**
         * Parses and validates this patient.
         *
         * @throws org.facialcds.InvalidInputException naming every problem
         * @throws org.facialcds.FacialCdsException when the input cannot be read for another reason
         * @throws ProblemAt when the problem is at another line than {@link #line()}
         */
        PatientFacts read(FacialCds cds, LocalDate asOf);
    }

    /** A problem at another line than the item's own (one resource of a FHIR patient's record): the output names that line. */
    final class ProblemAt extends RuntimeException {
        final String file;
        final long line;

        ProblemAt(String file, long line, FacialCdsException problem) {
            super(problem.getMessage(), problem, false, false);
            this.file = file;
            this.line = line;
        }
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
     * files read in name order: patient-facts NDJSON, or a FHIR bulk export when {@link #looksLikeFhirBulkExport}
     * says so.
     *
     * @param tempDir where a FHIR bulk export is grouped by patient ({@code null}: the system's temporary directory)
     * @throws IOException when the input cannot be opened
     */
    static BatchSource open(String input, InputStream stdin, Path tempDir) throws IOException {
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
            if (looksLikeFhirBulkExport(files)) return FhirBulkSource.open(files, tempDir);
            long total = 0;
            for (Path f : files) total += Files.size(f);
            return new Ndjson(files, null, total);
        }
        if (startsWithResource(path)) return FhirBulkSource.open(List.of(path), tempDir); // all types in one file
        return new Ndjson(List.of(path), null, Files.size(path));
    }

    /** A FHIR bulk export has one file per resource type ({@code Patient.ndjson}, …) whose lines are resources. */
    static boolean looksLikeFhirBulkExport(List<Path> files) {
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.equals("Patient.ndjson") || name.startsWith("Patient.") || startsWithResource(f)) return true;
        }
        return false;
    }

    /** Whether the file's first line looks like a FHIR resource (patient facts have no {@code resourceType}). */
    static boolean startsWithResource(Path file) {
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first != null && first.contains("\"resourceType\"");
        } catch (IOException e) {
            return false; // an unreadable or non-UTF-8 file is reported when it is read
        }
    }

    /** Patient-facts JSON, one patient per line, from one or more files or a stream. */
    final class Ndjson implements BatchSource {
        private final FileLines lines;
        private final List<Path> files;
        private final long total;

        /** Reads {@code stream} when it is not null, otherwise the files in this order. */
        Ndjson(List<Path> files, InputStream stream, long total) {
            this.lines = new FileLines(files, stream);
            this.files = List.copyOf(files);
            this.total = total;
        }

        @Override
        public Item next() throws IOException {
            while (true) {
                String text = lines.next();
                if (text == null) return null;
                String file = files.size() > 1 ? files.get(lines.file()).getFileName().toString() : null;
                if (text == LineReader.TOO_LONG) {
                    return new JsonLine(lines.line(), file, null, "line longer than " + MAX_LINE
                            + " characters; expected one patient-facts JSON object per line");
                }
                if (text.isBlank()) continue;
                return new JsonLine(lines.line(), file, text, null);
            }
        }

        @Override
        public long bytesRead() {
            return lines.bytesRead();
        }

        @Override
        public long totalBytes() {
            return total;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    /**
     * The lines of several files (or of one stream) in order, each with the index of its file and its
     * 1-based number there, counting the bytes read. Malformed UTF-8 becomes U+FFFD, so it fails on its
     * line only.
     */
    final class FileLines implements Closeable {
        private final List<Path> files;
        private final InputStream stream;
        private boolean streamOpened;
        private int current = -1;
        private volatile Counting counting;
        private LineReader lines;
        private long line;
        private volatile long doneBytes;

        /** Reads {@code stream} when it is not null (which this does not close), otherwise the files in this order. */
        FileLines(List<Path> files, InputStream stream) {
            this.files = List.copyOf(files);
            this.stream = stream;
        }

        /** The next line (maybe blank, maybe {@link LineReader#TOO_LONG}), or {@code null} after the last file. */
        String next() throws IOException {
            while (true) {
                if (lines == null && !openNext()) return null;
                String text = lines.readLine();
                if (text != null) {
                    line++;
                    return text;
                }
                finishCurrent();
            }
        }

        /** The index of the file of the line last returned (0 for a stream). */
        int file() {
            return Math.max(current, 0);
        }

        /** The 1-based number of the line last returned, in its file. */
        long line() {
            return line;
        }

        /** Bytes read so far; safe to call from another thread. */
        long bytesRead() {
            Counting c = counting;
            return doneBytes + (c == null ? 0 : c.count);
        }

        private boolean openNext() throws IOException {
            InputStream in;
            if (stream != null) {
                if (streamOpened) return false;
                streamOpened = true;
                in = stream;
                current = 0;
            } else {
                if (current + 1 >= files.size()) return false;
                current++;
                in = Files.newInputStream(files.get(current));
            }
            line = 0;
            counting = new Counting(in);
            lines = new LineReader(new InputStreamReader(counting, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
            return true;
        }

        private void finishCurrent() throws IOException {
            doneBytes += counting.count;
            if (stream == null) counting.close();
            counting = null;
            lines = null;
        }

        @Override
        public void close() throws IOException {
            Counting c = counting;
            if (c != null && stream == null) c.close();
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
