package org.facialcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWT bearer tokens as CDS Hooks 2.0 "Trusting CDS Clients" requires, with keys made in the test. */
class AuthTest {

    static final String EHR = "https://ehr.example.org";
    static final String EHR_JKU = "https://jku-ehr.example.org";

    @TempDir
    static Path dir;
    static ECKey ec;
    static RSAKey rsa;
    static ECKey jkuKey;
    static HttpServer jwks;
    static final AtomicInteger jwksCalls = new AtomicInteger();
    static CdsHooksServer server;
    static String base;
    static String patientView;

    @BeforeAll
    static void start() throws Exception {
        ec = new ECKeyGenerator(Curve.P_384).keyID("ehr-ec").generate();
        rsa = new RSAKeyGenerator(2048).keyID("ehr-rsa").generate();
        jkuKey = new ECKeyGenerator(Curve.P_256).keyID("jku-ec").generate();
        Path file = dir.resolve("ehr-jwks.json");
        Files.writeString(file, new JWKSet(List.of(ec.toPublicJWK(), rsa.toPublicJWK())).toString());
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            jwksCalls.incrementAndGet();
            byte[] body = new JWKSet(jkuKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
        server = CdsHooksServer.start(Http.settings(dir)
                .trustedIssuer(new ServerSettings.TrustedIssuer(EHR, file, List.of()))
                .trustedIssuer(new ServerSettings.TrustedIssuer(EHR_JKU, null, List.of(jkuUrl())))
                .build());
        base = server.baseUrl();
        patientView = Http.read(Http.EXAMPLES.resolve("patient-view.json"));
    }

    @AfterAll
    static void stop() {
        server.stop();
        jwks.stop(0);
    }

    static String jkuUrl() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
    }

    static Instant now() {
        return Http.CLOCK.instant();
    }

    static JWTClaimsSet.Builder claims(String iss, String aud) {
        return new JWTClaimsSet.Builder().issuer(iss).audience(aud).issueTime(Date.from(now()))
                .expirationTime(Date.from(now().plusSeconds(300))).jwtID(UUID.randomUUID().toString());
    }

    static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims, URI jku) throws Exception {
        JWSHeader header = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(key.getKeyID()).jwkURL(jku).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        JWSSigner signer = key instanceof ECKey e ? new ECDSASigner(e) : new RSASSASigner((RSAKey) key);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String serviceUrl() {
        return base + "/cds-services/facial-twitching";
    }

    static Http.Response call(String token) {
        return Http.post(serviceUrl(), patientView, token);
    }

    @Test
    void whenTheTokenIsGood_thenTheCallIsAnswered() throws Exception {
        assertThat(call(sign(ec, JWSAlgorithm.ES384, claims(EHR, serviceUrl()).build(), null)).status()).isEqualTo(200);
        assertThat(call(sign(rsa, JWSAlgorithm.RS384, claims(EHR, serviceUrl()).build(), null)).status()).isEqualTo(200);
        assertThat(call(sign(rsa, JWSAlgorithm.PS256, claims(EHR, serviceUrl()).build(), null)).status()).isEqualTo(200);
        JWTClaimsSet arrayAud = claims(EHR, serviceUrl()).audience(List.of("https://other.example", serviceUrl())).build();
        assertThat(call(sign(ec, JWSAlgorithm.ES384, arrayAud, null)).status()).isEqualTo(200);
    }

    @Test
    void whenThereIsNoToken_then401WithAChallenge() {
        Http.Response r = call(null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(r.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(Http.get(base + "/cds-services", null).status()).isEqualTo(401);
        assertThat(Http.get(base + "/health", null).status()).isEqualTo(200); // liveness needs no token
    }

    @Test
    void whenAuthIsOn_thenTheWorkbenchApiNeedsATokenButItsStaticPageDoesNot() throws Exception {
        assertThat(Http.get(base + "/api/catalogue", null).status()).isEqualTo(401);
        assertThat(Http.post(base + "/api/evaluate", "{}", null).status()).isEqualTo(401);
        assertThat(Http.get(base + "/", null).status()).isEqualTo(200); // the page holds no data
        String token = sign(ec, JWSAlgorithm.ES384, claims(EHR, base + "/api/catalogue").build(), null);
        assertThat(Http.get(base + "/api/catalogue", token).status()).isEqualTo(200);
    }

    @Test
    void whenTheAudienceIsAnotherUrl_then401() throws Exception {
        String other = base + "/cds-services/facial-twitching-order-sign";
        Http.Response r = call(sign(ec, JWSAlgorithm.ES384, claims(EHR, other).build(), null));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("aud");
    }

    @Test
    void whenTheTokenHasExpired_then401() throws Exception {
        JWTClaimsSet expired = claims(EHR, serviceUrl()).issueTime(Date.from(now().minusSeconds(600)))
                .expirationTime(Date.from(now().minusSeconds(300))).build();
        Http.Response r = call(sign(ec, JWSAlgorithm.ES384, expired, null));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("expired");
    }

    @Test
    void whenTheTokenIsUnsigned_then401() {
        String none = new PlainJWT(claims(EHR, serviceUrl()).build()).serialize();
        Http.Response r = call(none);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("none");
    }

    @Test
    void whenTheTokenIsSignedWithHmac_then401() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
                .keyID("ehr-ec").build(), claims(EHR, serviceUrl()).build());
        hmac.sign(new MACSigner(secret));
        Http.Response r = call(hmac.serialize());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("HS256");
    }

    @Test
    void whenATokenIsReplayed_then401TheSecondTime() throws Exception {
        String token = sign(ec, JWSAlgorithm.ES384, claims(EHR, serviceUrl()).build(), null);
        assertThat(call(token).status()).isEqualTo(200);
        Http.Response again = call(token);
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.body()).contains("replayed");
    }

    @Test
    void whenTheIssuerIsNotTrusted_then401() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_384).keyID("ehr-ec").generate();
        assertThat(call(sign(stranger, JWSAlgorithm.ES384, claims("https://evil.example", serviceUrl()).build(), null))
                .status()).isEqualTo(401);
        // a trusted iss, but signed with another key that claims the same kid
        Http.Response forged = call(sign(stranger, JWSAlgorithm.ES384, claims(EHR, serviceUrl()).build(), null));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body()).contains("signature");
    }

    @Test
    void whenRequiredClaimsAreMissing_then401() throws Exception {
        JWTClaimsSet noJti = new JWTClaimsSet.Builder().issuer(EHR).audience(serviceUrl()).issueTime(Date.from(now()))
                .expirationTime(Date.from(now().plusSeconds(300))).build();
        assertThat(call(sign(ec, JWSAlgorithm.ES384, noJti, null)).body()).contains("jti");
        JWTClaimsSet tooOld = claims(EHR, serviceUrl()).issueTime(Date.from(now().minus(Duration.ofHours(2))))
                .expirationTime(Date.from(now().plusSeconds(300))).build();
        assertThat(call(sign(ec, JWSAlgorithm.ES384, tooOld, null)).status()).isEqualTo(401);
    }

    @Test
    void whenTheTokenNamesAnAllowListedJku_thenTheKeyIsReadFromIt() throws Exception {
        int before = jwksCalls.get();
        String token = sign(jkuKey, JWSAlgorithm.ES256, claims(EHR_JKU, serviceUrl()).build(), URI.create(jkuUrl()));
        assertThat(call(token).status()).isEqualTo(200);
        assertThat(jwksCalls.get()).isGreaterThan(before);
        // the same issuer naming a jku that is not on its list: refused without fetching it
        int calls = jwksCalls.get();
        String elsewhere = sign(jkuKey, JWSAlgorithm.ES256, claims(EHR_JKU, serviceUrl()).build(),
                URI.create(jkuUrl() + "?evil=1"));
        Http.Response r = call(elsewhere);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("jku");
        assertThat(jwksCalls.get()).isEqualTo(calls);
        // a trusted issuer with a local key set cannot switch to a jku of its choosing
        String redirect = sign(ec, JWSAlgorithm.ES384, claims(EHR, serviceUrl()).build(), URI.create(jkuUrl()));
        assertThat(call(redirect).status()).isEqualTo(401);
    }

    @Test
    void whenDiscoveryAndFeedbackCarryTheirOwnAudience_thenTheyAreAnswered() throws Exception {
        String discovery = base + "/cds-services";
        assertThat(Http.get(discovery, sign(ec, JWSAlgorithm.ES384, claims(EHR, discovery).build(), null)).status())
                .isEqualTo(200);
        String feedback = serviceUrl() + "/feedback";
        String body = Http.read(Http.FIXTURES.resolve("fixtures/feedback-overridden-no-reason.json"));
        assertThat(Http.post(feedback, body, sign(ec, JWSAlgorithm.ES384, claims(EHR, feedback).build(), null)).status())
                .isEqualTo(200);
    }

    @Test
    void whenTheReplayCacheIsFull_thenNewTokensAreRefusedRatherThanForgotten() {
        ReplayCache cache = new ReplayCache(2);
        Instant t = now();
        assertThat(cache.record("iss", "a", t.plusSeconds(60), t)).isEqualTo(ReplayCache.Result.ACCEPTED);
        assertThat(cache.record("iss", "b", t.plusSeconds(60), t)).isEqualTo(ReplayCache.Result.ACCEPTED);
        assertThat(cache.record("iss", "c", t.plusSeconds(60), t)).isEqualTo(ReplayCache.Result.FULL);
        assertThat(cache.record("iss", "a", t.plusSeconds(60), t)).isIn(ReplayCache.Result.REPLAYED,
                ReplayCache.Result.FULL);
        // once the remembered tokens are past their age, there is room again
        assertThat(cache.record("iss", "c", t.plusSeconds(200), t.plusSeconds(120))).isEqualTo(
                ReplayCache.Result.ACCEPTED);
    }
}
