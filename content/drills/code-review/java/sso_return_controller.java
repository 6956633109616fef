package com.acme.web;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
public class SsoReturnController {
    private static final Set<String> PARTNER_PAGES = Set.of(
            "https://partners.acme.example/welcome",
            "https://docs.acme.example/start");

    @GetMapping("/sso/return")
    public void afterLogin(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String returnTo = Objects.requireNonNullElse(req.getParameter("returnTo"), "/dashboard");
        resp.sendRedirect(returnTo);
    }

    @GetMapping("/go")
    public void partner(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String page = req.getParameter("page");
        String target = "/";
        for (String allowed : PARTNER_PAGES) {
            if (allowed.equals(page)) {
                target = allowed;
            }
        }
        resp.sendRedirect(target);
    }

    @GetMapping("/logout-done")
    public void loggedOut(HttpServletResponse resp) throws IOException {
        resp.sendRedirect(URI.create("/login?bye").toString());
    }
}
