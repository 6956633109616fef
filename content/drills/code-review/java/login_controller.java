package com.acme.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.*;

@RestController
public class LoginController {
    private final UserRepository users;

    public LoginController(UserRepository users) {
        this.users = users;
    }

    @PostMapping("/login")
    public String login(@RequestParam String username, @RequestParam String password,
                        HttpServletResponse response) throws Exception {
        User user = users.findByUsername(username);
        if (user == null || !user.getPassword().equals(password)) {
            return "redirect:/login?error";
        }
        MessageDigest md = MessageDigest.getInstance("MD5");
        byte[] digest = md.digest((username + user.getId()).getBytes(StandardCharsets.UTF_8));
        String rememberToken = HexFormat.of().formatHex(digest);
        Cookie remember = new Cookie("remember_me", rememberToken);
        remember.setMaxAge(30 * 24 * 3600);
        remember.setSecure(true);
        remember.setHttpOnly(true);
        response.addCookie(remember);
        return "redirect:/home";
    }

    @GetMapping("/avatar-etag")
    public String etag(@RequestParam String name) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(sha.digest(name.getBytes(StandardCharsets.UTF_8)));
    }
}
