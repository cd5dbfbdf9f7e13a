package org.facialcds.hooks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.facialcds.FacialCdsException;

/**
 * Checks the bearer JWT of every call as CDS Hooks 2.0 "Trusting CDS Clients" requires: signed with an
 * asymmetric algorithm (RS/ES/PS 256/384/512; {@code none} and HMAC refused), {@code kid} naming a key of a
 * trusted issuer's JWK Set (a local file, or a {@code jku} URL only if that issuer's allow-list has it),
 * {@code aud} equal to the URL called, {@code exp}, {@code iat} within bounds, and a {@code jti} never seen.
 */
final class JwtVerifier {

    /** The client that was verified. */
    record Client(String issuer, String tenant) {
    }

    static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.PS256, JWSAlgorithm.PS384,
            JWSAlgorithm.PS512);
    private static final int MAX_JWKS_BYTES = 256 * 1024;
    private static final Duration JWKS_TTL = Duration.ofMinutes(10);
    private static final Duration JWKS_REFRESH_MIN = Duration.ofSeconds(30);

    private record Issuer(String iss, JWKSet local, Set<String> jku) {
    }

    private record CachedJwks(JWKSet keys, Instant fetched) {
    }

    private final Map<String, Issuer> issuers = new HashMap<>();
    private final Map<String, CachedJwks> remote = new ConcurrentHashMap<>();
    private final ReplayCache replay;
    private final Clock clock;
    private final Duration skew;
    private final Duration maxAge;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    JwtVerifier(List<ServerSettings.TrustedIssuer> trusted, ReplayCache replay, Clock clock, Duration skew,
            Duration maxAge) {
        for (ServerSettings.TrustedIssuer t : trusted) {
            JWKSet local = null;
            if (t.jwksFile() != null) {
                try {
                    local = JWKSet.parse(Files.readString(t.jwksFile(), StandardCharsets.UTF_8));
                } catch (IOException | ParseException e) {
                    throw new FacialCdsException(ServerSettings.CONFIG_ERROR, "trusted issuer " + t.iss()
                            + ": cannot read the JWK Set file " + t.jwksFile() + ": " + e.getMessage());
                }
                if (local.getKeys().stream().anyMatch(JWK::isPrivate)) {
                    throw new FacialCdsException(ServerSettings.CONFIG_ERROR, "trusted issuer " + t.iss()
                            + ": the JWK Set file " + t.jwksFile() + " holds a private key; give the public keys only");
                }
            }
            issuers.put(t.iss(), new Issuer(t.iss(), local, Set.copyOf(t.jku())));
        }
        this.replay = replay;
        this.clock = clock;
        this.skew = skew;
        this.maxAge = maxAge;
    }

    /**
     * Verifies the {@code Authorization} header for a call to {@code audience}.
     *
     * @param audiences the URLs the token may name as {@code aud} (the first is the one called)
     * @throws HttpProblem 401 saying what is wrong (never quoting the token), or 503 when the replay cache is full
     */
    Client verify(String authorization, List<String> audiences) {
        if (authorization == null || authorization.isBlank()) {
            throw HttpProblem.unauthorized("an Authorization: Bearer JWT is required (CDS Hooks 'Trusting CDS Clients')");
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw HttpProblem.unauthorized("the Authorization header must be 'Bearer <JWT>'");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(parts[1]);
        } catch (ParseException e) {
            throw HttpProblem.unauthorized("the bearer token is not a JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw HttpProblem.unauthorized("the JWT must be signed (alg 'none' and encrypted tokens are refused)");
        }
        JWSHeader header = signed.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (!ALLOWED.contains(alg)) {
            throw HttpProblem.unauthorized("JWT algorithm " + alg + " is refused: use an asymmetric algorithm "
                    + "(ES384 or RS384 recommended); HMAC and none are not allowed");
        }
        if (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType())) {
            throw HttpProblem.unauthorized("JWT header typ must be 'JWT'");
        }
        String kid = header.getKeyID();
        if (kid == null || kid.isBlank()) {
            throw HttpProblem.unauthorized("JWT header kid is required");
        }
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw HttpProblem.unauthorized("the JWT claims are not valid JSON");
        }
        String iss = claims.getIssuer();
        Issuer issuer = iss == null ? null : issuers.get(iss);
        if (issuer == null) {
            throw HttpProblem.unauthorized("JWT issuer is not trusted by this service");
        }
        JWK key = key(issuer, header, kid);
        if (!verifySignature(signed, key, alg)) {
            throw HttpProblem.unauthorized("JWT signature does not verify with the issuer's key " + kid);
        }
        // Claims, checked only once the signature is good.
        List<String> aud = claims.getAudience();
        if (aud == null || aud.stream().noneMatch(audiences::contains)) {
            throw HttpProblem.unauthorized("JWT aud must be the URL of the service called: " + audiences.get(0));
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw HttpProblem.unauthorized("JWT exp is required");
        }
        if (!now.isBefore(exp.toInstant().plus(skew))) {
            throw HttpProblem.unauthorized("JWT has expired");
        }
        Date iat = claims.getIssueTime();
        if (iat == null) {
            throw HttpProblem.unauthorized("JWT iat is required");
        }
        if (iat.toInstant().isAfter(now.plus(skew))) {
            throw HttpProblem.unauthorized("JWT iat is in the future");
        }
        if (iat.toInstant().isBefore(now.minus(maxAge).minus(skew))) {
            throw HttpProblem.unauthorized("JWT is too old: iat more than " + maxAge.toSeconds() + " s ago");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw HttpProblem.unauthorized("JWT jti is required");
        }
        Instant forgetAfter = iat.toInstant().plus(maxAge).plus(skew).plus(skew);
        switch (replay.record(iss, jti, forgetAfter, now)) {
            case REPLAYED -> throw HttpProblem.unauthorized("JWT jti was already used: replayed token refused");
            case FULL -> throw HttpProblem.unavailable("too many tokens to remember; retry shortly");
            default -> {
            }
        }
        Object tenant = claims.getClaim("tenant");
        return new Client(iss, tenant instanceof String t ? t : null);
    }

    private JWK key(Issuer issuer, JWSHeader header, String kid) {
        URI jku = header.getJWKURL();
        if (jku != null) {
            if (!issuer.jku().contains(jku.toString())) {
                throw HttpProblem.unauthorized("JWT jku is not on this issuer's allow-list");
            }
            JWK key = remoteKeys(jku, false).getKeyByKeyId(kid);
            if (key == null) {
                key = remoteKeys(jku, true).getKeyByKeyId(kid); // rotated keys: refetch once
            }
            if (key == null) {
                throw HttpProblem.unauthorized("no key " + kid + " in the issuer's JWK Set");
            }
            return key;
        }
        JWK key = issuer.local() == null ? null : issuer.local().getKeyByKeyId(kid);
        if (key == null && issuer.local() == null && issuer.jku().size() == 1) {
            URI only = URI.create(issuer.jku().iterator().next());
            key = remoteKeys(only, false).getKeyByKeyId(kid);
            if (key == null) {
                key = remoteKeys(only, true).getKeyByKeyId(kid);
            }
        }
        if (key == null) {
            throw HttpProblem.unauthorized("no key " + kid + " in the issuer's JWK Set");
        }
        return key;
    }

    private JWKSet remoteKeys(URI url, boolean refresh) {
        Instant now = clock.instant();
        CachedJwks cached = remote.get(url.toString());
        if (cached != null) {
            boolean fresh = cached.fetched().plus(JWKS_TTL).isAfter(now);
            boolean mayRefresh = cached.fetched().plus(JWKS_REFRESH_MIN).isBefore(now);
            if (fresh && !(refresh && mayRefresh)) {
                return cached.keys();
            }
        }
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                byte[] bytes = in.readNBytes(MAX_JWKS_BYTES + 1);
                if (bytes.length > MAX_JWKS_BYTES) {
                    throw new IOException("JWK Set larger than " + MAX_JWKS_BYTES + " bytes");
                }
                JWKSet keys = JWKSet.parse(new String(bytes, StandardCharsets.UTF_8)).toPublicJWKSet();
                remote.put(url.toString(), new CachedJwks(keys, now));
                return keys;
            }
        } catch (IOException | ParseException e) {
            if (cached != null) {
                return cached.keys(); // keep the last good set when the issuer is briefly unreachable
            }
            throw HttpProblem.unauthorized("cannot read the issuer's JWK Set from its jku URL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HttpProblem.unauthorized("cannot read the issuer's JWK Set from its jku URL");
        }
    }

    private static boolean verifySignature(SignedJWT jwt, JWK key, JWSAlgorithm alg) {
        try {
            JWSVerifier verifier;
            if (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAKey rsa) {
                verifier = new RSASSAVerifier(rsa);
            } else if (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECKey ec) {
                verifier = new ECDSAVerifier(ec);
            } else {
                return false; // the key type does not match the algorithm
            }
            if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
                return false; // the key is pinned to another algorithm
            }
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }
}
