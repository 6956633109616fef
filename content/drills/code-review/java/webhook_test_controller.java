package com.acme.hooks;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.client.RestTemplate;

@RestController
@RequestMapping("/api/webhooks")
public class WebhookTestController {
    private static final String STATUS_BASE = "https://status.internal.acme.example";
    private final RestTemplate rest = new RestTemplate();

    @PostMapping("/test")
    public String sendTest(@RequestParam String callbackUrl) throws Exception {
        URL url = new URL(callbackUrl);
        HttpURLConnection conn = (HttpURLConnection) url.openConnection();
        conn.setRequestMethod("POST");
        conn.setDoOutput(true);
        try (OutputStream os = conn.getOutputStream()) {
            os.write("{\"event\":\"test\"}".getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = conn.getInputStream()) {
            return conn.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @GetMapping("/status")
    public String status() {
        return rest.getForObject(STATUS_BASE + "/v1/webhooks", String.class);
    }
}
