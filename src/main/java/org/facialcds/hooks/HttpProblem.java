package org.facialcds.hooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A request the service refuses, with the HTTP status and a FHIR OperationOutcome body: 400 malformed,
 * 401 not authenticated, 404 no such service, 412 data missing, 413 too large. The messages name what
 * was expected; they never quote patient data.
 */
final class HttpProblem extends RuntimeException {

    /** One issue: FHIR issue-type code, human text, and optionally the FHIRPath / JSON path it concerns. */
    record Issue(String code, String text, String expression) {
    }

    private final int status;
    private final List<Issue> issues;

    HttpProblem(int status, List<Issue> issues) {
        super(issues.isEmpty() ? "HTTP " + status : issues.get(0).text());
        this.status = status;
        this.issues = List.copyOf(issues);
    }

    static HttpProblem badRequest(String text) {
        return new HttpProblem(400, List.of(new Issue("invalid", text, null)));
    }

    static HttpProblem badRequest(String text, String expression) {
        return new HttpProblem(400, List.of(new Issue("invalid", text, expression)));
    }

    static HttpProblem unauthorized(String text) {
        return new HttpProblem(401, List.of(new Issue("security", text, null)));
    }

    static HttpProblem notFound(String text) {
        return new HttpProblem(404, List.of(new Issue("not-found", text, null)));
    }

    static HttpProblem tooLarge(String text) {
        return new HttpProblem(413, List.of(new Issue("too-costly", text, null)));
    }

    static HttpProblem unavailable(String text) {
        return new HttpProblem(503, List.of(new Issue("transient", text, null)));
    }

    int status() {
        return status;
    }

    List<Issue> issues() {
        return issues;
    }

    /** The FHIR R4 OperationOutcome for this problem. */
    ObjectNode operationOutcome(ObjectMapper json) {
        ObjectNode outcome = json.createObjectNode();
        outcome.put("resourceType", "OperationOutcome");
        ArrayNode list = outcome.putArray("issue");
        for (Issue issue : issues) {
            ObjectNode node = list.addObject();
            node.put("severity", "error");
            node.put("code", issue.code());
            node.putObject("details").put("text", issue.text());
            if (issue.expression() != null) {
                node.putArray("expression").add(issue.expression());
            }
        }
        return outcome;
    }
}
