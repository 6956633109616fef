package com.acme.community;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.UUID;
import javax.servlet.http.*;
import org.owasp.encoder.Encode;

public class ProfileServlet extends HttpServlet {
    private final Members members = new Members();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String handle = req.getParameter("u");
        String tagline = req.getParameter("tagline");
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        out.println("<div class='card'>");
        out.println("<h2>" + Encode.forHtml(handle) + "</h2>");
        out.println("<p class='tagline'>" + tagline + "</p>");
        out.println("<span>" + members.onlineCount() + " members online</span>");
        out.println("</div>");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Member m = members.signIn(req.getParameter("handle"), req.getParameter("password"));
        if (m == null) {
            resp.sendError(401);
            return;
        }
        Cookie sid = new Cookie("SESSIONID", UUID.randomUUID().toString());
        sid.setPath("/");
        resp.addCookie(sid);
        resp.sendRedirect("/home");
    }
}
