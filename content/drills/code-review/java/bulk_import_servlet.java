package com.acme.search;

import java.io.*;
import java.util.List;
import javax.servlet.http.*;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

public class BulkImportServlet extends HttpServlet {
    private final SavedSearchStore store = new SavedSearchStore();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String user = req.getRemoteUser();
        try {
            if ("application/xml".equals(req.getContentType())) {
                DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
                DocumentBuilder db = dbf.newDocumentBuilder();
                Document doc = db.parse(req.getInputStream());
                store.importXml(user, doc);
            } else {
                ObjectInputStream in = new ObjectInputStream(req.getInputStream());
                List<?> searches = (List<?>) in.readObject();
                store.importAll(user, searches);
            }
            resp.setStatus(204);
        } catch (Exception e) {
            resp.sendError(400, "import failed");
        }
    }

    /** Restores the server's own snapshot, written by the nightly job. */
    void restoreSnapshot(File snapshot) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new FileInputStream(snapshot))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(
                    "com.acme.search.SavedSearch;java.util.ArrayList;!*"));
            store.replaceAll((List<?>) in.readObject());
        }
    }
}
