package org.facialcds.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.facialcds.FacialCds;
import org.facialcds.FacialCdsException;
import org.facialcds.facts.PatientFacts;
import org.facialcds.fhir.BulkExport;
import org.facialcds.fhir.FhirMapping;
import org.facialcds.fhir.FhirMappingException;
import org.facialcds.fhir.FhirPatientMapper;
import org.hl7.fhir.r4.model.Resource;

/**
 * A FHIR R4 bulk export ({@code $export}: one NDJSON file per resource type, one resource per line) read as
 * one {@link BatchSource.Item} per patient, whose resources {@link FhirPatientMapper} maps to patient facts.
 *
 * <p>Grouping is an external sort, so memory stays flat for any export size: the first pass streams every
 * file and keys each line by its patient ({@link BulkExport#read}); lines are buffered up to
 * {@link #DEFAULT_RUN_BYTES}, sorted by (patient id, file, line) and written to a run file in a temporary
 * directory; then the runs are merged ({@link #DEFAULT_FAN_IN} at a time, after rounds that merge some of
 * them when there are more: beyond about 16 GB of resources) and one patient at a time comes out. The
 * temporary directory takes about the size of the export's resource lines and is deleted on {@link #close}.
 * In memory at any time: one run's buffer, the resources of the patients in flight
 * ({@link #PATIENTS_PER_THREAD} per worker thread; one patient's whole record each, however large), and the
 * shared {@code Medication} resources, which are kept whole (a formulary, not a population: their size is
 * that of the export's Medication lines).
 *
 * <p>Output order: first the lines that cannot be read (in file and line order, as the first pass meets
 * them), then the patients in patient-id order (String order). A file whose first line is JSON without a
 * {@code resourceType} (e.g. an export's {@code log.ndjson}) is skipped, and said so in {@link #notes}; so
 * are the lines about no patient (Practitioner, Organization, a Condition about a Group), which are counted.
 * A line that is not a FHIR resource, or a Patient without an id, is an error item (file, line); a resource
 * HAPI FHIR cannot read puts its whole patient in the errors, at that resource's line: a patient whose
 * record was read only in part is never evaluated.
 */
final class FhirBulkSource implements BatchSource {

    /** Text buffered before a run is sorted and written (characters, about bytes): bounds the first pass's memory. */
    static final long DEFAULT_RUN_BYTES = 64L << 20;
    /** Runs merged at once (each an open file and its 64 KiB buffer). */
    static final int DEFAULT_FAN_IN = 256;
    /**
     * Patients read ahead per worker thread: a patient's record is hundreds of lines (a patient-facts line is
     * one), and a few per thread keep the workers busy.
     */
    static final int PATIENTS_PER_THREAD = 8;
    /** What each buffered line costs besides its text, roughly (the entry, its key, the list slot). */
    private static final int ENTRY_OVERHEAD = 96;
    private static final int IO_BUFFER = 1 << 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirPatientMapper MAPPER = new FhirPatientMapper();

    /** One keyed line (and whether it is the Patient resource): sorted by patient, then where it is in the export. */
    record Entry(String key, int file, long line, boolean patient, String text) {
        static final Comparator<Entry> ORDER = Comparator.comparing(Entry::key)
                .thenComparingInt(Entry::file).thenComparingLong(Entry::line);
    }

    /** A shared resource's line (a Medication), kept for the patients that reference it. */
    private record SharedLine(int file, long line, String text) {
    }

    private final List<Path> files;
    private final List<String> names;
    private final List<String> skipped;
    private final long inputBytes;
    private final Path tempParent;
    private final long runBytes;
    private final int fanIn;
    private final FileLines lines;

    private final List<Entry> buffer = new ArrayList<>();
    private long bufferBytes;
    private final List<Path> runs = new ArrayList<>();
    private final Map<String, SharedLine> shared = new HashMap<>();
    private Path tempDir;
    private long entryTextBytes;
    private volatile long withoutPatient;
    private volatile int runsWritten;

    private Merge merge;
    private volatile boolean grouping = true;
    private volatile long mergedTextBytes;

    /**
     * @param files the export's resource files, in name order
     * @param tempParent where the temporary directory goes ({@code null}: the system's)
     * @param runBytes text buffered per run (tests make it tiny to force many runs)
     * @param fanIn runs merged at once (at least 2)
     */
    FhirBulkSource(List<Path> files, List<String> skipped, Path tempParent, long runBytes, int fanIn) throws IOException {
        if (fanIn < 2) throw new IllegalArgumentException("fanIn must be at least 2, was " + fanIn);
        this.files = List.copyOf(files);
        this.names = files.stream().map(f -> f.getFileName().toString()).toList();
        this.skipped = List.copyOf(skipped);
        long total = 0;
        for (Path f : files) total += Files.size(f);
        this.inputBytes = total;
        this.tempParent = tempParent;
        this.runBytes = runBytes;
        this.fanIn = fanIn;
        this.lines = new FileLines(this.files, null);
    }

    /** The export's resource files, without those whose first line is JSON but no resource (an export log). */
    static FhirBulkSource open(List<Path> files, Path tempParent) throws IOException {
        return open(files, tempParent, DEFAULT_RUN_BYTES, DEFAULT_FAN_IN);
    }

    static FhirBulkSource open(List<Path> files, Path tempParent, long runBytes, int fanIn) throws IOException {
        List<Path> resources = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path f : files) {
            if (isOtherJson(firstLine(f))) {
                skipped.add(f.getFileName().toString());
            } else {
                resources.add(f);
            }
        }
        if (resources.isEmpty()) throw new IOException("no FHIR resource files (one resource per line) among the .ndjson files");
        return new FhirBulkSource(resources, skipped, tempParent, runBytes, fanIn);
    }

    private static String firstLine(Path file) throws IOException {
        try (FileLines first = new FileLines(List.of(file), null)) {
            String line;
            while ((line = first.next()) != null) {
                if (!line.isBlank()) return line;
            }
            return null;
        }
    }

    /** A JSON object without {@code resourceType}: not a resource file (malformed text is an error on its line instead). */
    private static boolean isOtherJson(String line) {
        if (line == null || line == LineReader.TOO_LONG) return false;
        try {
            JsonNode root = JSON.readTree(line);
            return root != null && root.isObject() && !root.has("resourceType");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Item next() throws IOException {
        if (merge == null) {
            Item problem = group();
            if (problem != null) return problem;
            merge = startMerge();
            grouping = false;
        }
        return merge.next();
    }

    // ------------------------------------------------------------------ first pass: key, buffer, sort, spill

    /** Reads on until a line that cannot be read (returned) or the end of the export ({@code null}). */
    private Item group() throws IOException {
        String text;
        while ((text = lines.next()) != null) {
            String file = names.get(lines.file());
            long line = lines.line();
            if (text == LineReader.TOO_LONG) {
                return new Problem(file, line, new FacialCdsException(FhirMappingException.NOT_FHIR, "line longer than "
                        + MAX_LINE + " characters; expected one FHIR R4 resource per line"));
            }
            if (text.isBlank()) continue;
            BulkExport.Line what;
            try {
                what = BulkExport.read(text);
            } catch (FacialCdsException e) {
                return new Problem(file, line, e);
            }
            if (what.shared()) {
                shared.putIfAbsent(what.key(), new SharedLine(lines.file(), line, text));
            } else if (what.patientId() == null) {
                withoutPatient++; // only this thread writes it
            } else {
                add(new Entry(what.patientId(), lines.file(), line, "Patient".equals(what.resourceType()), text));
            }
        }
        return null;
    }

    private void add(Entry entry) throws IOException {
        buffer.add(entry);
        entryTextBytes += entry.text().length();
        bufferBytes += entry.text().length() + entry.key().length() + ENTRY_OVERHEAD;
        if (bufferBytes >= runBytes) spill();
    }

    private void spill() throws IOException {
        buffer.sort(Entry.ORDER);
        try (RunWriter run = newRun()) {
            for (Entry e : buffer) run.write(e);
            runs.add(run.path);
        }
        buffer.clear();
        bufferBytes = 0;
    }

    private RunWriter newRun() throws IOException {
        if (tempDir == null) {
            tempDir = tempParent == null ? Files.createTempDirectory("facial-cds-batch-")
                    : Files.createTempDirectory(Files.createDirectories(tempParent), "facial-cds-batch-");
            tempDir.toFile().deleteOnExit(); // after an interrupted run; close() deletes it otherwise
        }
        Path run = tempDir.resolve("run-" + runsWritten++);
        run.toFile().deleteOnExit();
        return new RunWriter(run);
    }

    /**
     * A run file: per entry, the key, file index, line number, patient flag and text. Not compressed: deflate at
     * its fastest level shrank runs about tenfold but took 14 s of CPU per GB on the reading thread, about half
     * the time evaluating that GB takes on two cores.
     */
    private static final class RunWriter implements Closeable {
        final Path path;
        private final DataOutputStream out;

        RunWriter(Path path) throws IOException {
            this.path = path;
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), IO_BUFFER));
        }

        void write(Entry e) throws IOException {
            writeString(e.key());
            out.writeInt(e.file());
            out.writeLong(e.line());
            out.writeBoolean(e.patient());
            writeString(e.text());
        }

        private void writeString(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    // ------------------------------------------------------------------ second pass: merge, one patient at a time

    private Merge startMerge() throws IOException {
        lines.close();
        List<Cursor> cursors = new ArrayList<>();
        if (runs.isEmpty()) {
            buffer.sort(Entry.ORDER); // it all fitted in one buffer: no temporary files
            cursors.add(new ListCursor(new ArrayList<>(buffer)));
        } else {
            if (!buffer.isEmpty()) spill();
            while (runs.size() > fanIn) {
                // a round: as few runs into one as leave fanIn to merge last (each round rewrites what it merges);
                // the order within a patient does not depend on which runs are merged first
                int k = Math.min(fanIn, runs.size() - fanIn + 1);
                List<Path> some = new ArrayList<>(runs.subList(0, k));
                runs.subList(0, k).clear();
                List<Cursor> opened = new ArrayList<>();
                for (Path r : some) opened.add(new RunCursor(r));
                try (Merge m = new Merge(opened); RunWriter run = newRun()) {
                    while (m.hasNext()) run.write(m.take());
                    runs.add(run.path);
                }
                for (Path r : some) Files.deleteIfExists(r);
            }
            for (Path r : runs) cursors.add(new RunCursor(r));
        }
        buffer.clear();
        return new Merge(cursors);
    }

    /** Where the sorted entries come from: a run file, or the one buffer when no run was written. */
    private interface Cursor extends Closeable {
        /** The current entry, or null when done. */
        Entry current();

        /** Moves to the next entry. */
        void advance() throws IOException;
    }

    private static final class ListCursor implements Cursor {
        private final List<Entry> entries;
        private int i;

        ListCursor(List<Entry> entries) {
            this.entries = entries;
        }

        @Override
        public Entry current() {
            return i < entries.size() ? entries.get(i) : null;
        }

        @Override
        public void advance() {
            entries.set(i++, null); // let what was handed out go
        }

        @Override
        public void close() {
        }
    }

    private static final class RunCursor implements Cursor {
        private final DataInputStream in;
        private Entry current;

        RunCursor(Path run) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), IO_BUFFER));
            advance();
        }

        @Override
        public Entry current() {
            return current;
        }

        @Override
        public void advance() throws IOException {
            String key;
            try {
                key = readString(in);
            } catch (EOFException end) {
                current = null;
                close();
                return;
            }
            current = new Entry(key, in.readInt(), in.readLong(), in.readBoolean(), readString(in));
        }

        private static String readString(DataInputStream in) throws IOException {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A k-way merge of sorted cursors, handing out one patient's entries at a time. */
    private final class Merge implements Closeable {
        private final PriorityQueue<Cursor> queue = new PriorityQueue<>(Comparator.comparing(Cursor::current, Entry.ORDER));
        private final List<Cursor> all;

        Merge(List<Cursor> cursors) {
            this.all = cursors;
            for (Cursor c : cursors) {
                if (c.current() != null) queue.add(c);
            }
        }

        boolean hasNext() {
            return !queue.isEmpty();
        }

        /** The next entry in order. */
        Entry take() throws IOException {
            Cursor c = queue.poll();
            Entry e = c.current();
            c.advance();
            if (c.current() != null) queue.add(c);
            return e;
        }

        /** The next patient, or {@code null} at the end. */
        Item next() throws IOException {
            if (queue.isEmpty()) return null;
            String key = queue.peek().current().key();
            List<Entry> group = new ArrayList<>();
            long text = 0;
            while (!queue.isEmpty() && queue.peek().current().key().equals(key)) {
                Entry e = take();
                group.add(e);
                text += e.text().length();
            }
            mergedTextBytes += text; // only this thread writes it
            return new PatientRecord(key, group);
        }

        @Override
        public void close() throws IOException {
            for (Cursor c : all) c.close();
        }
    }

    // ------------------------------------------------------------------ items

    /** A line that cannot be read: an error item at that line. */
    record Problem(String file, long line, FacialCdsException problem) implements Item {
        @Override
        public PatientFacts read(FacialCds cds, LocalDate asOf) {
            throw problem;
        }
    }

    /** One patient's lines, in (file, line) order; read on a worker: parsed, joined with the shared resources they reference, mapped. */
    final class PatientRecord implements Item {
        private final String patientId;
        private final List<Entry> entries;
        private final Entry source;

        PatientRecord(String patientId, List<Entry> entries) {
            this.patientId = patientId;
            this.entries = entries;
            // the patient's own line is where the output says the patient is; without one, its first line
            this.source = entries.stream().filter(Entry::patient).findFirst().orElse(entries.get(0));
        }

        /** The patient's lines, in (file, line) order (without the shared resources they reference). */
        List<Entry> entries() {
            return entries;
        }

        @Override
        public long line() {
            return source.line();
        }

        @Override
        public String file() {
            return names.get(source.file());
        }

        @Override
        public String patientId() {
            return patientId;
        }

        @Override
        public PatientFacts read(FacialCds cds, LocalDate asOf) {
            Map<Long, Resource> byPlace = new java.util.TreeMap<>();
            Map<String, SharedLine> referenced = new LinkedHashMap<>();
            for (Entry e : entries) {
                Resource r = parse(e.file(), e.line(), e.text());
                byPlace.put(place(e.file(), e.line()), r);
                String ref = BulkExport.sharedReference(r);
                if (ref != null && shared.containsKey(ref)) referenced.putIfAbsent(ref, shared.get(ref));
            }
            // each referenced Medication parsed afresh: HAPI model objects are not safe to share between threads
            for (SharedLine s : referenced.values()) byPlace.put(place(s.file(), s.line()), parse(s.file(), s.line(), s.text()));
            // in (file, line) order, as a sequential reader meets them
            FhirMapping mapping = MAPPER.map(new ArrayList<>(byPlace.values()), patientId, asOf);
            ObjectNode facts = mapping.patientFacts();
            if (!facts.has("id")) {
                // no Patient resource in the export for these lines: the results still say whose they are
                facts = facts.deepCopy();
                facts.put("id", patientId);
                mapping = new FhirMapping(facts, mapping.warnings());
            }
            return PatientReader.read(cds, mapping, asOf);
        }

        private Resource parse(int file, long line, String text) {
            try {
                return FhirPatientMapper.parseResource(text);
            } catch (FacialCdsException e) {
                throw new ProblemAt(names.get(file), line, e);
            }
        }
    }

    /** (file, line) as one sortable number: files are few, lines fewer than 2^40 (a terabyte of one-byte lines). */
    private static long place(int file, long line) {
        return ((long) file << 40) | line;
    }

    // ------------------------------------------------------------------ progress, notes, cleanup

    /** Run files written so far, merge rounds included (for tests). */
    int runsWritten() {
        return runsWritten;
    }

    /** While grouping: the export's bytes read; then the share of the grouped text handed out, scaled to the export. */
    @Override
    public long bytesRead() {
        if (grouping) return lines.bytesRead();
        return entryTextBytes == 0 ? inputBytes : Math.round((double) inputBytes * mergedTextBytes / entryTextBytes);
    }

    @Override
    public long totalBytes() {
        return inputBytes;
    }

    @Override
    public int itemsPerThread() {
        return PATIENTS_PER_THREAD;
    }

    @Override
    public String phase() {
        return grouping ? "grouping by patient" : null;
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (String name : skipped) {
            notes.add("skipped " + name + ": its first line is not a FHIR resource (e.g. an export log)");
        }
        if (!shared.isEmpty() && !grouping) {
            notes.add(shared.size() + " shared resources (Medication) joined to the patients that reference them");
        }
        if (withoutPatient > 0) {
            notes.add(withoutPatient + " FHIR resources about no patient (Practitioner, Organization, ...) left out");
        }
        return notes;
    }

    /** Closes the files and deletes the temporary directory with its runs. */
    @Override
    public void close() throws IOException {
        lines.close();
        if (merge != null) merge.close();
        if (tempDir != null && Files.exists(tempDir)) {
            try (Stream<Path> walk = Files.list(tempDir)) {
                for (Path p : walk.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(tempDir);
        }
    }
}
