package com.acme.mobile.security;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.io.IOException;
import javax.servlet.*;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class JwtAuthFilter implements Filter {
    private final Algorithm algorithm = Algorithm.HMAC256("mobile-backend-signing-key");
    private final Algorithm refreshAlgorithm = Algorithm.HMAC256(System.getenv("REFRESH_KEY"));

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        String header = req.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            ((HttpServletResponse) response).sendError(401);
            return;
        }
        DecodedJWT jwt = JWT.require(algorithm).withIssuer("acme-mobile").build()
                .verify(header.substring(7));
        req.setAttribute("userId", jwt.getSubject());
        chain.doFilter(request, response);
    }

    public String refreshSubject(String refreshToken) {
        return JWT.require(refreshAlgorithm).build().verify(refreshToken).getSubject();
    }
}
