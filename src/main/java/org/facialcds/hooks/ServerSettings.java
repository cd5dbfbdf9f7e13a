package org.facialcds.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.facialcds.FacialCdsException;

/**
 * How {@code facial-cds serve} runs: port and address, the rules (bundled or a directory, optionally
 * watched), the public base URL the EHR calls (the JWT audience), trusted EHRs, the FHIR servers the
 * service may read from, the feedback database and the limits. Immutable; read a YAML or JSON config
 * file with {@link #fromFile(Path)} and adjust with {@link #toBuilder()}.
 *
 * <pre>
 * baseUrl: https://cds.example.org          # what the EHR calls; JWT aud = baseUrl + /cds-services/{id}
 * trustedIssuers:
 *   - iss: https://ehr.example.org
 *     jwks: ehr-jwks.json                    # the EHR's public keys (a JWK Set file), and/or
 *     jku: [https://ehr.example.org/.well-known/jwks.json]   # JWK Set URLs the EHR may name in its tokens
 * fhirServers: [https://ehr.example.org/fhir]   # where the service may fetch missing prefetch data
 * database: { url: "jdbc:postgresql://db/cds", user: cds, passwordEnv: CDS_DB_PASSWORD }
 * corsOrigins: [https://sandbox.cds-hooks.org]
 * </pre>
 */
public record ServerSettings(
        String host,
        int port,
        String baseUrl,
        Path rulesDirectory,
        boolean reload,
        boolean insecureNoAuth,
        List<TrustedIssuer> trustedIssuers,
        List<String> fhirServers,
        Duration fhirFetchBudget,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        List<String> corsOrigins,
        long maxBodyBytes,
        Duration shutdownGrace,
        Duration clockSkew,
        Duration maxTokenAge,
        int replayCacheSize,
        Duration reloadDebounce,
        Clock clock) {

    /** Configuration and I/O errors: 03xx. */
    public static final String CONFIG_ERROR = "FCDS-0310";
    /**
     * The default H2 file, relative to the working directory; each commit is written at once. One process at a
     * time may open it: read the report while serving with PostgreSQL (or H2's AUTO_SERVER, which opens a port).
     */
    public static final String DEFAULT_DATABASE_URL = "jdbc:h2:file:./facial-cds-data/feedback;WRITE_DELAY=0";

    /** A trusted EHR: its {@code iss}, a local JWK Set file and the {@code jku} URLs it may use. */
    public record TrustedIssuer(String iss, Path jwksFile, List<String> jku) {
        public TrustedIssuer {
            if (iss == null || iss.isBlank()) throw new IllegalArgumentException("iss is required");
            jku = jku == null ? List.of() : List.copyOf(jku);
            if (jwksFile == null && jku.isEmpty()) {
                throw new IllegalArgumentException("trusted issuer " + iss + ": give jwks (a JWK Set file) or jku URLs");
            }
        }
    }

    public ServerSettings {
        trustedIssuers = List.copyOf(trustedIssuers);
        fhirServers = List.copyOf(fhirServers);
        corsOrigins = List.copyOf(corsOrigins);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        if (reload && rulesDirectory == null) {
            throw new IllegalArgumentException("--reload needs --rules DIR: the bundled rules cannot change");
        }
        if (!insecureNoAuth && trustedIssuers.isEmpty()) {
            throw new IllegalArgumentException("no trusted issuers are configured: list the EHRs that may call this "
                    + "service under trustedIssuers in the config file, or run with --insecure-no-auth for a demo");
        }
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
    }

    /** Never prints the database password. */
    @Override
    public String toString() {
        return "ServerSettings[host=" + host + ", port=" + port + ", baseUrl=" + baseUrl + ", rules=" + rulesDirectory
                + ", reload=" + reload + ", auth=" + (authRequired() ? trustedIssuers.size() + " issuers" : "off")
                + ", fhirServers=" + fhirServers + ", database=" + FeedbackStore.redact(databaseUrl) + "]";
    }

    /** Whether requests must carry a verified JWT. */
    public boolean authRequired() {
        return !trustedIssuers.isEmpty();
    }

    /** The base URL as the EHR sees it: the configured one, or {@code http://HOST:PORT} (localhost for 0.0.0.0). */
    public String effectiveBaseUrl(int boundPort) {
        String local = host == null || host.equals("0.0.0.0") || host.equals("::") ? "localhost"
                : host.contains(":") ? "[" + host + "]" : host;
        String base = baseUrl != null ? baseUrl : "http://" + local + ":" + boundPort;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.baseUrl = baseUrl;
        b.rulesDirectory = rulesDirectory;
        b.reload = reload;
        b.insecureNoAuth = insecureNoAuth;
        b.trustedIssuers = new ArrayList<>(trustedIssuers);
        b.fhirServers = new ArrayList<>(fhirServers);
        b.fhirFetchBudget = fhirFetchBudget;
        b.databaseUrl = databaseUrl;
        b.databaseUser = databaseUser;
        b.databasePassword = databasePassword;
        b.corsOrigins = new ArrayList<>(corsOrigins);
        b.maxBodyBytes = maxBodyBytes;
        b.shutdownGrace = shutdownGrace;
        b.clockSkew = clockSkew;
        b.maxTokenAge = maxTokenAge;
        b.replayCacheSize = replayCacheSize;
        b.reloadDebounce = reloadDebounce;
        b.clock = clock;
        return b;
    }

    /**
     * Reads a YAML (or JSON) config file; relative paths in it are resolved against the file's folder.
     *
     * @throws FacialCdsException {@value #CONFIG_ERROR} naming the key that is wrong
     */
    public static Builder fromFile(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try {
            root = yaml.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new FacialCdsException(CONFIG_ERROR, file + ": not valid YAML/JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FacialCdsException(CONFIG_ERROR, file + ": cannot read: " + e.getMessage());
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return builder();
        }
        if (!root.isObject()) {
            throw new FacialCdsException(CONFIG_ERROR, file + ": expected a mapping at the top");
        }
        Path dir = file.toAbsolutePath().getParent();
        Set<String> known = Set.of("host", "port", "baseUrl", "rules", "reload", "trustedIssuers", "fhirServers",
                "fhirFetchTimeoutMillis", "database", "corsOrigins", "maxBodyBytes", "shutdownGraceSeconds",
                "clockSkewSeconds", "maxTokenAgeSeconds", "replayCacheSize");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new FacialCdsException(CONFIG_ERROR, file + ": unknown key \"" + key + "\"; expected one of "
                        + known.stream().sorted().toList());
            }
        }
        Builder b = builder();
        try {
            if (root.has("host")) b.host(root.get("host").asText());
            if (root.has("port")) b.port(integer(root, "port", file));
            if (root.has("baseUrl")) b.baseUrl(url(root.get("baseUrl").asText(), "baseUrl", file));
            if (root.has("rules")) b.rulesDirectory(dir.resolve(root.get("rules").asText()));
            if (root.has("reload")) b.reload(root.get("reload").asBoolean());
            if (root.has("fhirServers")) b.fhirServers(strings(root.get("fhirServers"), "fhirServers", file));
            if (root.has("fhirFetchTimeoutMillis")) {
                b.fhirFetchBudget(Duration.ofMillis(integer(root, "fhirFetchTimeoutMillis", file)));
            }
            if (root.has("corsOrigins")) b.corsOrigins(strings(root.get("corsOrigins"), "corsOrigins", file));
            if (root.has("maxBodyBytes")) b.maxBodyBytes(integer(root, "maxBodyBytes", file));
            if (root.has("shutdownGraceSeconds")) {
                b.shutdownGrace(Duration.ofSeconds(integer(root, "shutdownGraceSeconds", file)));
            }
            if (root.has("clockSkewSeconds")) b.clockSkew(Duration.ofSeconds(integer(root, "clockSkewSeconds", file)));
            if (root.has("maxTokenAgeSeconds")) {
                b.maxTokenAge(Duration.ofSeconds(integer(root, "maxTokenAgeSeconds", file)));
            }
            if (root.has("replayCacheSize")) b.replayCacheSize(integer(root, "replayCacheSize", file));
            if (root.has("database")) {
                JsonNode db = root.get("database");
                if (!db.isObject()) throw new FacialCdsException(CONFIG_ERROR, file + ": database: expected a mapping");
                if (db.has("url")) b.databaseUrl(db.get("url").asText());
                if (db.has("user")) b.databaseUser(db.get("user").asText());
                if (db.has("password")) b.databasePassword(db.get("password").asText());
                if (db.has("passwordEnv")) {
                    String env = db.get("passwordEnv").asText();
                    String value = System.getenv(env);
                    if (value == null) {
                        throw new FacialCdsException(CONFIG_ERROR, file + ": database.passwordEnv: environment variable "
                                + env + " is not set");
                    }
                    b.databasePassword(value);
                }
            }
            if (root.has("trustedIssuers")) {
                JsonNode list = root.get("trustedIssuers");
                if (!list.isArray()) {
                    throw new FacialCdsException(CONFIG_ERROR, file + ": trustedIssuers: expected a list");
                }
                for (int i = 0; i < list.size(); i++) {
                    JsonNode item = list.get(i);
                    String where = "trustedIssuers[" + i + "]";
                    if (!item.isObject() || !item.path("iss").isTextual()) {
                        throw new FacialCdsException(CONFIG_ERROR, file + ": " + where + ": iss is required");
                    }
                    Path jwks = item.has("jwks") ? dir.resolve(item.get("jwks").asText()) : null;
                    List<String> jku = item.has("jku") ? strings(item.get("jku"), where + ".jku", file) : List.of();
                    for (String u : jku) url(u, where + ".jku", file);
                    try {
                        b.trustedIssuer(new TrustedIssuer(item.get("iss").asText(), jwks, jku));
                    } catch (IllegalArgumentException e) {
                        throw new FacialCdsException(CONFIG_ERROR, file + ": " + where + ": " + e.getMessage());
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new FacialCdsException(CONFIG_ERROR, file + ": " + e.getMessage());
        }
        return b;
    }

    private static int integer(JsonNode root, String key, Path file) {
        JsonNode v = root.get(key);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new FacialCdsException(CONFIG_ERROR, file + ": " + key + ": expected an integer");
        }
        return v.asInt();
    }

    private static List<String> strings(JsonNode node, String key, Path file) {
        if (!node.isArray()) throw new FacialCdsException(CONFIG_ERROR, file + ": " + key + ": expected a list");
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String url(String value, String key, Path file) {
        try {
            URI uri = URI.create(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new FacialCdsException(CONFIG_ERROR, file + ": " + key + ": expected an absolute http(s) URL");
        }
    }

    /** Builds {@link ServerSettings}; defaults: port 8080, bundled rules, H2 file, 1 MiB bodies, 2 s FHIR budget. */
    public static final class Builder {
        private String host;
        private int port = 8080;
        private String baseUrl;
        private Path rulesDirectory;
        private boolean reload;
        private boolean insecureNoAuth;
        private List<TrustedIssuer> trustedIssuers = new ArrayList<>();
        private List<String> fhirServers = new ArrayList<>();
        private Duration fhirFetchBudget = Duration.ofSeconds(2);
        private String databaseUrl = DEFAULT_DATABASE_URL;
        private String databaseUser = "";
        private String databasePassword = "";
        private List<String> corsOrigins = new ArrayList<>();
        private long maxBodyBytes = 1024 * 1024;
        private Duration shutdownGrace = Duration.ofSeconds(20);
        private Duration clockSkew = Duration.ofSeconds(60);
        private Duration maxTokenAge = Duration.ofMinutes(5);
        private int replayCacheSize = 100_000;
        private Duration reloadDebounce = Duration.ofMillis(500);
        private Clock clock = Clock.systemDefaultZone();

        private Builder() {
        }

        /** The address to bind; default 0.0.0.0, or 127.0.0.1 when running without authentication. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The URL the EHR calls, e.g. {@code https://cds.example.org}; the JWT audience is built from it. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder rulesDirectory(Path dir) {
            this.rulesDirectory = dir;
            return this;
        }

        /** Watch the rules directory and swap in a new knowledge base that compiles and passes its scenarios. */
        public Builder reload(boolean reload) {
            this.reload = reload;
            return this;
        }

        /** Run without JWT checks (a warning is printed); needed when no trusted issuer is configured. */
        public Builder insecureNoAuth(boolean insecure) {
            this.insecureNoAuth = insecure;
            return this;
        }

        public Builder trustedIssuer(TrustedIssuer issuer) {
            this.trustedIssuers.add(issuer);
            return this;
        }

        /** FHIR base URLs the service may fetch from (prefix match); empty = any https URL. */
        public Builder fhirServers(List<String> servers) {
            this.fhirServers = new ArrayList<>(servers);
            return this;
        }

        /** Total time for fetching missing prefetch data from the FHIR server (default 2 s, no retries). */
        public Builder fhirFetchBudget(Duration budget) {
            this.fhirFetchBudget = budget;
            return this;
        }

        /** JDBC URL of the feedback store (default: an H2 file under ./facial-cds-data). */
        public Builder databaseUrl(String url) {
            this.databaseUrl = url;
            return this;
        }

        public Builder databaseUser(String user) {
            this.databaseUser = user;
            return this;
        }

        public Builder databasePassword(String password) {
            this.databasePassword = password;
            return this;
        }

        /** Browser origins allowed by CORS, e.g. the public CDS Hooks sandbox. */
        public Builder corsOrigins(List<String> origins) {
            this.corsOrigins = new ArrayList<>(origins);
            return this;
        }

        public Builder maxBodyBytes(long bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /** How long a stop waits for in-flight requests. */
        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return this;
        }

        public Builder clockSkew(Duration skew) {
            this.clockSkew = skew;
            return this;
        }

        /** The oldest {@code iat} accepted; also how long a {@code jti} is remembered. */
        public Builder maxTokenAge(Duration age) {
            this.maxTokenAge = age;
            return this;
        }

        public Builder replayCacheSize(int size) {
            this.replayCacheSize = size;
            return this;
        }

        public Builder reloadDebounce(Duration debounce) {
            this.reloadDebounce = debounce;
            return this;
        }

        /** The clock for "today" (the evaluation date) and token times. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public ServerSettings build() {
            String h = host != null ? host : (trustedIssuers.isEmpty() ? "127.0.0.1" : "0.0.0.0");
            return new ServerSettings(h, port, baseUrl, rulesDirectory, reload, insecureNoAuth, trustedIssuers,
                    fhirServers, fhirFetchBudget, databaseUrl, databaseUser, databasePassword, corsOrigins, maxBodyBytes,
                    shutdownGrace, clockSkew, maxTokenAge, replayCacheSize, reloadDebounce, clock);
        }
    }
}
