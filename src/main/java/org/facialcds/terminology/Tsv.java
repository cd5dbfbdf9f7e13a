package org.facialcds.terminology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tab-separated data file: {@code #} comment lines, one header line, then rows of the same width. */
final class Tsv {

    /** One data row, addressed by column name; {@code line} is 1-based, for error messages. */
    record Row(String file, int line, Map<String, String> cells) {

        String get(String column) {
            return cells.get(column);
        }

        String where() {
            return file + ":" + line;
        }
    }

    private Tsv() {
    }

    /**
     * Parses {@code text}; the header must list exactly {@code columns}, in that order.
     *
     * @throws IllegalStateException naming file and line when the shape is wrong
     */
    static List<Row> parse(String file, String text, List<String> columns) {
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        boolean headerSeen = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (!headerSeen) {
                if (!List.of(cells).equals(columns)) {
                    throw Terminology.dataError(file + ":" + (i + 1) + ": header is " + List.of(cells)
                            + "; expected the tab-separated columns " + columns);
                }
                headerSeen = true;
                continue;
            }
            if (cells.length != columns.size()) {
                throw Terminology.dataError(file + ":" + (i + 1) + ": " + cells.length + " cells; expected "
                        + columns.size() + " " + columns);
            }
            Map<String, String> byName = new LinkedHashMap<>();
            for (int c = 0; c < cells.length; c++) {
                byName.put(columns.get(c), cells[c].strip());
            }
            rows.add(new Row(file, i + 1, Collections.unmodifiableMap(byName)));
        }
        if (!headerSeen) {
            throw Terminology.dataError(file + ": no header line; expected the tab-separated columns " + columns);
        }
        return List.copyOf(rows);
    }
}
