package org.d2aflow.referral.infrastructure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.d2aflow.referral.config.ReferralConfig;
import org.d2aflow.referral.domain.NhsNumber;

/**
 * The pseudonym every event carries instead of the NHS number: HMAC-SHA256 of the ten digits under a secret
 * from configuration. The same patient gets the same key in every referral; without the secret the key
 * cannot be turned back into a number, even by trying the whole number range.
 */
@ApplicationScoped
public class PatientKeys {

    @Inject
    ReferralConfig config;

    /** One keyed MAC per thread (a Mac is not thread-safe; looking one up and keying it on every call cost more than the MAC). */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public String keyFor(NhsNumber nhsNumber) {
        return HexFormat.of().formatHex(macs.get().doFinal(nhsNumber.digits().getBytes(StandardCharsets.US_ASCII)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.patientKeySecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
