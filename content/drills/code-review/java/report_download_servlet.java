package com.acme.reports;

import java.io.*;
import javax.servlet.http.*;
import org.apache.commons.io.FilenameUtils;

public class ReportDownloadServlet extends HttpServlet {
    private static final String REPORT_DIR = "/var/acme/reports/";
    private static final String LOGO_DIR = "/var/acme/branding/";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getParameter("file");
        File report = new File(REPORT_DIR + name);
        if (!report.isFile()) {
            resp.setStatus(404);
            resp.setContentType("text/html");
            PrintWriter out = resp.getWriter();
            out.println("<p>No report called " + name + "</p>");
            return;
        }
        resp.setContentType("application/pdf");
        try (InputStream in = new FileInputStream(REPORT_DIR + name);
             OutputStream os = resp.getOutputStream()) {
            in.transferTo(os);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String logo = FilenameUtils.getName(req.getParameter("logo"));
        try (InputStream in = new FileInputStream(LOGO_DIR + logo)) {
            resp.setContentType("image/png");
            in.transferTo(resp.getOutputStream());
        }
    }
}
