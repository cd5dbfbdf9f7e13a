package org.facialcds.scenario;

import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Scenario results as a JUnit XML report ({@code testsuites/testsuite/testcase/failure}), the
 * format Jenkins, GitLab and GitHub Actions read: one test suite per scenario file, one test case
 * per scenario, the readable diff as the failure text. Unreadable scenario files are errors;
 * with {@link #addCoverage}, a "rule coverage" suite has one test case per rule.
 */
public final class JUnitReport {

    private record Case(String name, String classname, double seconds, String failure, String failureText, boolean error) {
    }

    private final String name;
    private final Map<String, List<Case>> suites = new LinkedHashMap<>();
    private final Instant timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    public JUnitReport(String name) {
        this.name = name;
    }

    /** One scenario's result and how long it took. */
    public JUnitReport add(ScenarioResult result, double seconds) {
        String file = fileOf(result.scenario());
        String failure = null;
        boolean error = false;
        if (result.error() != null) {
            failure = "error: " + firstLine(result.error());
            error = true;
        } else if (!result.passed()) {
            failure = summary(result);
        }
        suite(file).add(new Case(result.scenario().name(), classname(file), seconds, failure,
                failure == null ? null : result.report(), error));
        return this;
    }

    /** A scenario file that could not be read. */
    public JUnitReport addUnreadable(String file, String message) {
        suite(file).add(new Case("(reading the file)", classname(file), 0, firstLine(message), message, true));
        return this;
    }

    /** One test case per rule, failing when no scenario fires it. */
    public JUnitReport addCoverage(Coverage coverage) {
        Set<String> unfired = Set.copyOf(coverage.unfired());
        List<Case> cases = suite("rule coverage");
        coverage.scenariosByRule().forEach((rule, scenarios) -> cases.add(new Case(rule, "rule-coverage", 0,
                unfired.contains(rule) ? "no scenario fires " + rule : null,
                unfired.contains(rule) ? "Rule " + rule + " is not fired by any scenario: add a scenario that fires it." : null,
                false)));
        return this;
    }

    private List<Case> suite(String file) {
        return suites.computeIfAbsent(file, k -> new ArrayList<>());
    }

    /** The report as XML. */
    public String toXml() {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(text);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeAttribute("name", clean(name));
            w.writeAttribute("tests", String.valueOf(count(c -> true)));
            w.writeAttribute("failures", String.valueOf(count(c -> c.failure() != null && !c.error())));
            w.writeAttribute("errors", String.valueOf(count(c -> c.error())));
            w.writeAttribute("time", seconds(suites.values().stream().flatMap(List::stream).mapToDouble(Case::seconds).sum()));
            w.writeCharacters("\n");
            int id = 0;
            for (Map.Entry<String, List<Case>> suite : suites.entrySet()) {
                List<Case> cases = suite.getValue();
                w.writeCharacters("  ");
                w.writeStartElement("testsuite");
                w.writeAttribute("name", clean(suite.getKey()));
                w.writeAttribute("id", String.valueOf(id++));
                w.writeAttribute("tests", String.valueOf(cases.size()));
                w.writeAttribute("failures", String.valueOf(cases.stream().filter(c -> c.failure() != null && !c.error()).count()));
                w.writeAttribute("errors", String.valueOf(cases.stream().filter(Case::error).count()));
                w.writeAttribute("skipped", "0");
                w.writeAttribute("time", seconds(cases.stream().mapToDouble(Case::seconds).sum()));
                w.writeAttribute("timestamp", timestamp.toString().replace("Z", ""));
                w.writeCharacters("\n");
                for (Case c : cases) {
                    w.writeCharacters("    ");
                    w.writeStartElement("testcase");
                    w.writeAttribute("name", clean(c.name()));
                    w.writeAttribute("classname", clean(c.classname()));
                    w.writeAttribute("time", seconds(c.seconds()));
                    if (c.failure() != null) {
                        w.writeCharacters("\n      ");
                        w.writeStartElement(c.error() ? "error" : "failure");
                        w.writeAttribute("message", clean(c.failure()));
                        w.writeAttribute("type", c.error() ? "ScenarioError" : "ScenarioFailure");
                        w.writeCharacters(clean(c.failureText()));
                        w.writeEndElement();
                        w.writeCharacters("\n    ");
                    }
                    w.writeEndElement();
                    w.writeCharacters("\n");
                }
                w.writeCharacters("  ");
                w.writeEndElement();
                w.writeCharacters("\n");
            }
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report", e);
        }
        return text.toString();
    }

    private long count(java.util.function.Predicate<Case> p) {
        return suites.values().stream().flatMap(List::stream).filter(p).count();
    }

    /** The scenario's file, without the {@code : cases[i]} suffix. */
    static String fileOf(Scenario s) {
        return s.file().replaceFirst(": cases\\[\\d+\\]$", "");
    }

    private static String classname(String file) {
        String f = file.replace('\\', '/');
        int dot = f.lastIndexOf('.');
        if (dot > f.lastIndexOf('/')) f = f.substring(0, dot);
        return f.replaceAll("^[./]+", "").replace('/', '.');
    }

    private static String summary(ScenarioResult r) {
        List<String> parts = new ArrayList<>();
        if (!r.missing().isEmpty()) parts.add(r.missing().size() + " missing");
        if (!r.unexpected().isEmpty()) parts.add(r.unexpected().size() + " unexpected");
        if (!r.rulesNotFired().isEmpty()) parts.add(r.rulesNotFired().size() + " rules did not fire");
        if (!r.invariantViolations().isEmpty()) parts.add(r.invariantViolations().size() + " invariants broken");
        return String.join(", ", parts);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** Drops characters XML 1.0 cannot carry. */
    private static String clean(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000).forEach(out::appendCodePoint);
        return out.toString();
    }
}
