package dev.slipway.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * An identity provider inside the test: its own RSA key signs ID tokens, which are verified with its public
 * key exactly as Spring Security verifies a real provider's tokens. No network.
 */
final class LocalTokenIssuer {

    static final String ISSUER = "https://idp.slipway.test";
    static final String CLIENT_ID = "slipway";
    private static final String KEY_ID = "test";

    private final KeyPair keys;
    private final NimbusJwtDecoder decoder;

    LocalTokenIssuer() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
    }

    /** The client registration Slipway would have for this provider (no user-info endpoint: claims come in the ID token). */
    static ClientRegistration registration() {
        return ClientRegistration.withRegistrationId("oidc")
                .clientId(CLIENT_ID)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile", "groups")
                .authorizationUri(ISSUER + "/authorize")
                .tokenUri(ISSUER + "/token")
                .jwkSetUri(ISSUER + "/jwks")
                .issuerUri(ISSUER)
                .userNameAttributeName("sub")
                .build();
    }

    /** A signed ID token for {@code subject} with extra claims, verified and parsed as the login flow does. */
    OidcIdToken idToken(String subject, Map<String, Object> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        claims.forEach(set::claim);
        Jwt verified = decoder.decode(sign(set.build()));
        return new OidcIdToken(verified.getTokenValue(), verified.getIssuedAt(), verified.getExpiresAt(),
                verified.getClaims());
    }

    /** A compact JWS of {@code claims}, signed with this issuer's key. */
    String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID).build(), claims);
        try {
            jwt.sign(new RSASSASigner(keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The issuer's public key as a JWK set, as its jwks_uri serves it. */
    String jwkSet() {
        return new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID(KEY_ID).build()).toString();
    }

    /** What the login flow hands the OIDC user service after the token exchange. */
    OidcUserRequest signInRequest(String subject, Map<String, Object> claims) {
        Instant now = Instant.now();
        var accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-" + subject, now,
                now.plusSeconds(300), Set.of("openid", "profile", "groups"));
        return new OidcUserRequest(registration(), accessToken, idToken(subject, claims));
    }
}
