package org.facialcds.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error ({@code [#####-----]  52%  120,000 patients  24,310/s  ETA 0:04}),
 * redrawn at most five times a second, only when standard error is a terminal.
 */
final class Progress {

    static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 24;

    private final PrintStream err;
    private final BatchSource source;
    private long flowing;
    private long lastDraw;
    private int drawnLength;

    private Progress(PrintStream err, BatchSource source, long started) {
        this.err = err;
        this.source = source;
        this.flowing = started;
    }

    /** A progress bar when there is a terminal to draw it on, otherwise {@code null} (nothing is drawn). */
    static Progress forTerminal(PrintStream err, BatchSource source, long started) {
        return System.console() != null ? new Progress(err, source, started) : null;
    }

    /** {@code position}: the input bytes read up to the patient just written (not the reader's, which runs ahead). */
    void update(long done, long position) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        String phase = source.phase();
        if (phase != null) flowing = now; // rate and ETA count from when patients flow
        err.print('\r' + (phase != null ? phaseLine(phase, source.bytesRead(), source.totalBytes())
                : line(done, position, source.totalBytes(), (now - flowing) / 1e9)));
        err.flush();
    }

    /** Wipes the bar, before another message or at the end. */
    void clear() {
        if (drawnLength > 0) {
            err.print('\r' + " ".repeat(drawnLength) + '\r');
            err.flush();
            drawnLength = 0;
        }
    }

    /** The bar of a phase before patients flow, e.g. grouping a FHIR export: how far through the input. */
    String phaseLine(String phase, long bytes, long total) {
        StringBuilder s = new StringBuilder();
        if (total > 0) bar(s, bytes, total);
        s.append(phase);
        return padded(s.toString());
    }

    String line(long done, long bytes, long total, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder s = new StringBuilder();
        if (total > 0) {
            double fraction = bar(s, bytes, total);
            s.append(String.format(Locale.ROOT, "%,d patients  %,.0f/s", done, rate));
            if (fraction > 0.01 && seconds > 1) {
                long eta = Math.round(seconds * (1 - fraction) / fraction);
                s.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
            }
        } else {
            s.append(String.format(Locale.ROOT, "%,d patients  %,.0f/s", done, rate));
        }
        return padded(s.toString());
    }

    /** Appends {@code [#####-----]  52%  } and returns the fraction. */
    private static double bar(StringBuilder s, long bytes, long total) {
        double fraction = Math.min(1.0, (double) bytes / total);
        int filled = (int) Math.round(fraction * WIDTH);
        s.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
        s.append(String.format(Locale.ROOT, "%3d%%  ", Math.round(fraction * 100)));
        return fraction;
    }

    /** Pads with spaces over what the previous bar drew. */
    private String padded(String text) {
        int pad = Math.max(0, drawnLength - text.length());
        drawnLength = text.length();
        return text + " ".repeat(pad);
    }
}
