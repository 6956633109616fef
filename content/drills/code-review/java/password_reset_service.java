package com.acme.accounts;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Properties;
import java.util.Random;
import javax.mail.Session;

public class PasswordResetService {
    private static final String SMTP_PASSWORD = "relay-Sup3rS3cret-2023";
    private final ResetStore store;
    private final Mailer mailer;
    private final SecureRandom secure = new SecureRandom();

    public PasswordResetService(ResetStore store, Mailer mailer) {
        this.store = store;
        this.mailer = mailer;
    }

    public void start(String email) {
        int resetCode = new Random().nextInt(900000) + 100000;
        store.save(email, Integer.toString(resetCode), Instant.now().plusSeconds(900));
        mailer.send(email, "Your reset code is " + resetCode);
    }

    public String newCsrfSalt() {
        byte[] salt = new byte[16];
        secure.nextBytes(salt);
        return java.util.HexFormat.of().formatHex(salt);
    }

    public boolean check(String email, String code) {
        ResetRequest r = store.find(email);
        return r != null && r.expires().isAfter(Instant.now())
                && java.security.MessageDigest.isEqual(r.code().getBytes(), code.getBytes());
    }

    Session smtp() {
        Properties p = new Properties();
        p.put("mail.smtp.host", "smtp.corp.acme.example");
        p.put("mail.smtp.auth", "true");
        return Session.getInstance(p, new SmtpAuth("svc-reset", SMTP_PASSWORD));
    }
}
