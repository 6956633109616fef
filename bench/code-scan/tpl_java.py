"""Java templates for the code-scan benchmark corpus (written for this bench)."""

from tpl_common import T

ANY = ("spring", "servlet", "service", "dao", "util")
CLASSY = ("spring", "servlet", "service", "dao")
WEB = ("spring", "servlet")

IMPORTS = {
    "spring": [
        "java.io.ByteArrayInputStream", "java.io.File", "java.io.IOException",
        "java.io.InputStream", "java.io.ObjectInputStream", "java.io.PrintWriter",
        "java.net.URI", "java.net.URL", "java.nio.charset.StandardCharsets",
        "java.nio.file.Files", "java.nio.file.Path", "java.nio.file.Paths",
        "java.security.MessageDigest", "java.security.SecureRandom",
        "java.sql.Connection", "java.sql.ResultSet", "java.sql.Statement",
        "java.math.BigDecimal", "java.time.Instant", "java.time.LocalDate",
        "java.util.*", "java.util.stream.Collectors",
        "javax.script.ScriptEngine", "javax.script.ScriptEngineManager",
        "javax.servlet.http.Cookie", "javax.servlet.http.HttpServletRequest",
        "javax.servlet.http.HttpServletResponse", "javax.validation.Valid",
        "org.slf4j.Logger", "org.slf4j.LoggerFactory",
        "org.springframework.http.HttpStatus", "org.springframework.http.MediaType",
        "org.springframework.http.ResponseEntity",
        "org.springframework.jdbc.core.JdbcTemplate",
        "org.springframework.web.bind.annotation.*",
        "org.springframework.web.client.RestTemplate",
        "org.springframework.web.util.HtmlUtils",
    ],
    "servlet": [
        "java.io.File", "java.io.IOException", "java.io.InputStream",
        "java.io.ObjectInputStream", "java.io.PrintWriter", "java.net.URL",
        "java.net.HttpURLConnection", "java.nio.charset.StandardCharsets",
        "java.nio.file.Files", "java.nio.file.Path", "java.nio.file.Paths",
        "java.security.MessageDigest", "java.security.SecureRandom",
        "java.sql.Connection", "java.sql.PreparedStatement", "java.sql.ResultSet",
        "java.sql.SQLException", "java.sql.Statement", "java.math.BigDecimal",
        "java.time.Instant", "java.time.LocalDate", "java.util.*",
        "java.util.stream.Collectors", "javax.script.ScriptEngine",
        "javax.script.ScriptEngineManager", "javax.servlet.ServletException",
        "javax.servlet.annotation.WebServlet", "javax.servlet.http.*",
        "javax.sql.DataSource", "org.apache.commons.text.StringEscapeUtils",
        "com.fasterxml.jackson.databind.ObjectMapper",
    ],
    "service": [
        "java.math.BigDecimal", "java.math.RoundingMode", "java.nio.charset.StandardCharsets",
        "java.security.GeneralSecurityException", "java.security.MessageDigest",
        "java.security.SecureRandom", "java.time.Duration", "java.time.Instant",
        "java.time.LocalDate", "java.util.*", "java.util.stream.Collectors",
        "javax.crypto.Cipher", "javax.crypto.SecretKeyFactory",
        "javax.crypto.spec.GCMParameterSpec", "javax.crypto.spec.PBEKeySpec",
        "javax.crypto.spec.SecretKeySpec", "com.auth0.jwt.JWT",
        "com.auth0.jwt.algorithms.Algorithm", "com.auth0.jwt.interfaces.DecodedJWT",
        "org.slf4j.Logger", "org.slf4j.LoggerFactory",
        "org.springframework.context.ApplicationEventPublisher",
        "org.springframework.stereotype.Service",
        "org.springframework.transaction.annotation.Transactional",
    ],
    "dao": [
        "java.math.BigDecimal", "java.sql.Connection", "java.sql.DriverManager",
        "java.sql.PreparedStatement", "java.sql.ResultSet", "java.sql.SQLException",
        "java.security.MessageDigest", "java.time.Instant", "java.time.LocalDate",
        "java.util.*", "java.util.stream.Collectors", "org.slf4j.Logger",
        "org.slf4j.LoggerFactory", "org.springframework.jdbc.core.JdbcTemplate",
        "org.springframework.jdbc.core.RowMapper",
        "org.springframework.stereotype.Repository",
    ],
    "util": [
        "java.math.BigDecimal", "java.math.RoundingMode", "java.nio.charset.StandardCharsets",
        "java.security.GeneralSecurityException", "java.security.MessageDigest",
        "java.security.NoSuchAlgorithmException", "java.security.SecureRandom",
        "java.text.Normalizer", "java.time.Instant", "java.time.LocalDate",
        "java.time.format.DateTimeFormatter", "java.util.*",
        "java.util.regex.Pattern", "java.util.stream.Collectors", "javax.crypto.Cipher",
        "javax.crypto.spec.SecretKeySpec", "javax.servlet.http.Cookie",
    ],
}

# (annotations, class name suffix, fields/constructor) per kind
HEADERS = {
    "spring": """\
/**
 * HTTP API for «E» resources.
 */
@RestController
@RequestMapping("/api/«route»")
public class «C» {

    private static final Logger log = LoggerFactory.getLogger(«C».class);
    private static final int MAX_PAGE_SIZE = «n»;
    private static final String UPLOAD_DIR = "/var/lib/«app»/uploads";

    private final «E»Service «e»Service;
    private final JdbcTemplate jdbcTemplate;
    private final RestTemplate restTemplate;

    public «C»(«E»Service «e»Service, JdbcTemplate jdbcTemplate, RestTemplate restTemplate) {
        this.«e»Service = «e»Service;
        this.jdbcTemplate = jdbcTemplate;
        this.restTemplate = restTemplate;
    }
""",
    "servlet": """\
/**
 * Legacy servlet endpoints for «E» records.
 */
@WebServlet(urlPatterns = "/legacy/«route»/*")
public class «C» extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_PAGE_SIZE = «n»;
    private static final String UPLOAD_DIR = "/srv/«app»/files";

    private final ObjectMapper mapper = new ObjectMapper();
    private DataSource dataSource;

    @Override
    public void init() throws ServletException {
        this.dataSource = (DataSource) getServletContext().getAttribute("dataSource");
    }
""",
    "service": """\
/**
 * Business rules for «E» records.
 */
@Service
public class «C» {

    private static final Logger log = LoggerFactory.getLogger(«C».class);
    private static final int MAX_PAGE_SIZE = «n»;

    private final «E»Repository repository;
    private final ApplicationEventPublisher events;

    public «C»(«E»Repository repository, ApplicationEventPublisher events) {
        this.repository = repository;
        this.events = events;
    }
""",
    "dao": """\
/**
 * JDBC access to the «tbl» table.
 */
@Repository
public class «C» {

    private static final Logger log = LoggerFactory.getLogger(«C».class);
    private static final int MAX_PAGE_SIZE = «n»;

    private final JdbcTemplate jdbcTemplate;

    private final RowMapper<«E»> rowMapper = (rs, rowNum) -> {
        «E» row = new «E»();
        row.setId(rs.getLong("id"));
        row.set«Fld»(rs.getString("«fld_s»"));
        row.set«Fld2»(rs.getString("«fld2_s»"));
        return row;
    };

    public «C»(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }
""",
    "util": """\
/**
 * Static helpers used around «E» handling.
 */
public final class «C» {

    private static final int MAX_PAGE_SIZE = «n»;
    private static final Pattern SLUG_STRIP = Pattern.compile("[^a-z0-9]+");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;

    private «C»() {
    }
""",
}

CLASS_SUFFIX = {"spring": "Controller", "servlet": "Servlet", "service": "Service", "dao": "Dao", "util": "Utils"}
LAYER = {"spring": "web", "servlet": "legacy", "service": "service", "dao": "persistence", "util": "util"}

SAFE = [
    # ---------------------------------------------------------------- generic
    T(ANY, ("clamp«W»PageSize", "effectivePageSize«n2»", "normalizeLimitFor«E»"), """
        private static int «name»(Integer requested) {
            if (requested == null || requested <= 0) {
                return Math.min(«n2», MAX_PAGE_SIZE);
            }
            return Math.min(requested, MAX_PAGE_SIZE);
        }
    """),
    T(ANY, ("normalize«Fld»", "clean«Fld»Value", "canonical«Fld»"), """
        private static String «name»(String raw) {
            if (raw == null) {
                return "";
            }
            String trimmed = raw.trim();
            if (trimmed.length() > «n») {
                trimmed = trimmed.substring(0, «n»);
            }
            return trimmed.toLowerCase(Locale.ROOT);
        }
    """),
    T(ANY, ("group«Es»By«Fld»", "index«Es»By«Fld»", "bucket«Es»By«Fld»"), """
        private Map<String, List<«E»Dto>> «name»(List<«E»Dto> items) {
            Map<String, List<«E»Dto>> grouped = new TreeMap<>();
            for («E»Dto item : items) {
                String key = item.get«Fld»() == null ? "unknown" : item.get«Fld»();
                grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
            }
            return grouped;
        }
    """),
    T(ANY, ("filter«Es»By«Fld»", "select«Es»With«Fld»", "matching«Es»"), """
        private List<«E»Dto> «name»(List<«E»Dto> items, String «fld») {
            if («fld» == null || «fld».isBlank()) {
                return Collections.emptyList();
            }
            return items.stream()
                    .filter(Objects::nonNull)
                    .filter(item -> «fld».equalsIgnoreCase(item.get«Fld»()))
                    .sorted(Comparator.comparing(«E»Dto::get«Fld2», Comparator.nullsLast(Comparator.naturalOrder())))
                    .limit(MAX_PAGE_SIZE)
                    .collect(Collectors.toList());
        }
    """),
    T(ANY, ("validate«E»", "check«E»Fields", "collect«E»Errors"), """
        private List<String> «name»(«E»Dto dto) {
            List<String> errors = new ArrayList<>();
            if (dto == null) {
                errors.add("body is required");
                return errors;
            }
            if (dto.get«Fld»() == null || dto.get«Fld»().isBlank()) {
                errors.add("«fld» is required");
            } else if (dto.get«Fld»().length() > «n») {
                errors.add("«fld» must be at most «n» characters");
            }
            if (dto.get«Fld2»() != null && !dto.get«Fld2»().matches("[A-Za-z0-9 _.-]{1,«n2»}")) {
                errors.add("«fld2» has invalid characters");
            }
            return errors;
        }
    """),
    T(ANY, ("sum«E»Amounts", "total«Es»", "aggregate«E»Value"), """
        private BigDecimal «name»(Collection<«E»Dto> items) {
            BigDecimal total = BigDecimal.ZERO;
            for («E»Dto item : items) {
                if (item.getAmount() == null) {
                    continue;
                }
                total = total.add(item.getAmount());
            }
            return total.setScale(2, java.math.RoundingMode.HALF_EVEN);
        }
    """),
    T(ANY, ("cacheKeyFor«E»", "fingerprint«E»", "digest«E»Key"), """
        private static String «name»(String tenant, String «fld») {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] hash = digest.digest((tenant + ":" + «fld»).getBytes(StandardCharsets.UTF_8));
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 12; i++) {
                    sb.append(String.format("%02x", hash[i]));
                }
                return "«es»:" + sb;
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }
    """),
    T(ANY, ("isWithin«W»Window", "inReportingRange«n2»", "coversPeriod«E»"), """
        private static boolean «name»(LocalDate day, LocalDate from, LocalDate to) {
            if (day == null) {
                return false;
            }
            LocalDate start = from == null ? LocalDate.MIN : from;
            LocalDate end = to == null ? LocalDate.MAX : to;
            if (end.isBefore(start)) {
                LocalDate tmp = start;
                start = end;
                end = tmp;
            }
            return !day.isBefore(start) && !day.isAfter(end);
        }
    """),
    T(ANY, ("toMap«E»", "serialize«E»Summary", "describe«E»"), """
        private Map<String, Object> «name»(«E»Dto dto) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", dto.getId());
            out.put("«fld»", dto.get«Fld»());
            out.put("«fld2»", dto.get«Fld2»());
            out.put("updatedAt", dto.getUpdatedAt() == null ? null : dto.getUpdatedAt().toString());
            out.put("links", Map.of("self", "/api/«route»/" + dto.getId()));
            return out;
        }
    """),
    T(ANY, ("partition«Es»", "batches«n2»", "chunk«E»Ids"), """
        private static <V> List<List<V>> «name»(List<V> values, int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("size must be positive");
            }
            List<List<V>> out = new ArrayList<>();
            for (int i = 0; i < values.size(); i += size) {
                out.add(new ArrayList<>(values.subList(i, Math.min(values.size(), i + size))));
            }
            return out;
        }
    """),
    T(ANY, ("nextStatus«E»", "transition«E»State", "advance«E»"), """
        private static String «name»(String current, String event) {
            switch (current == null ? "new" : current) {
                case "new":
                    return "submit".equals(event) ? "pending" : "new";
                case "pending":
                    if ("approve".equals(event)) {
                        return "active";
                    }
                    return "reject".equals(event) ? "rejected" : "pending";
                case "active":
                    return "close".equals(event) ? "closed" : "active";
                default:
                    return current;
            }
        }
    """),
    T(ANY, ("newOpaqueId«n2»", "generate«E»Token", "issue«W»Token"), """
        private static String «name»() {
            SecureRandom random = new SecureRandom();
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    """),
    T(ANY, ("parseCsv«E»Line", "split«W»Record", "tokenize«E»Row"), """
        private static List<String> «name»(String line) {
            List<String> cells = new ArrayList<>();
            if (line == null) {
                return cells;
            }
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (char ch : line.toCharArray()) {
                if (ch == '"') {
                    quoted = !quoted;
                } else if (ch == ',' && !quoted) {
                    cells.add(cur.toString().trim());
                    cur.setLength(0);
                } else {
                    cur.append(ch);
                }
            }
            cells.add(cur.toString().trim());
            return cells;
        }
    """),
    T(ANY, ("retry«W»", "withBackoff«n2»", "attempt«E»Sync"), """
        private static <R> R «name»(java.util.function.Supplier<R> action, int attempts) {
            RuntimeException last = null;
            for (int i = 0; i < attempts; i++) {
                try {
                    return action.get();
                } catch (RuntimeException e) {
                    last = e;
                    try {
                        Thread.sleep(«n2»L * (1L << i));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
            throw last == null ? new IllegalStateException("no attempts") : last;
        }
    """),
    T(ANY, ("log«W»",), """
        private void «name»(String message) {
            if (message == null || message.isEmpty()) {
                return;
            }
            String line = message.length() > «n3» ? message.substring(0, «n3») : message;
            System.out.println("[«es»] " + line.replace('\\n', ' '));
        }
    """),
    T(ANY, ("dedupe«Es»", "unique«Fld»Values", "distinct«E»Keys"), """
        private static List<String> «name»(List<String> values) {
            Set<String> seen = new LinkedHashSet<>();
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    seen.add(value.trim());
                }
            }
            return new ArrayList<>(seen);
        }
    """),
    # --------------------------------------------------------------- spring
    T(("spring",), ("get«E»", "fetch«E»ById", "read«E»"), """
        @GetMapping("/{id}")
        public ResponseEntity<«E»Dto> «name»(@PathVariable("id") long id) {
            return «e»Service.findById(id)
                    .map(ResponseEntity::ok)
                    .orElseGet(() -> ResponseEntity.notFound().build());
        }
    """),
    T(("spring",), ("search«Es»By«Fld»", "find«Es»With«Fld»", "lookup«Es»"), """
        @GetMapping("/by-«fld_s»")
        public List<Map<String, Object>> «name»(@RequestParam("«fld»") String «fld»,
                                                @RequestParam(value = "size", required = false) Integer size) {
            int limit = size == null ? «n2» : Math.min(size, MAX_PAGE_SIZE);
            return jdbcTemplate.queryForList(
                    "SELECT id, «fld_s», «fld2_s» FROM «tbl» WHERE «fld_s» = ? ORDER BY id LIMIT ?",
                    «fld», limit);
        }
    """),
    T(("spring",), ("create«E»", "add«E»", "register«E»"), """
        @PostMapping
        public ResponseEntity<«E»Dto> «name»(@Valid @RequestBody «E»Dto body) {
            if (body.get«Fld»() == null) {
                return ResponseEntity.badRequest().build();
            }
            «E»Dto saved = «e»Service.create(body);
            log.info("created «es» {}", saved.getId());
            return ResponseEntity.created(URI.create("/api/«route»/" + saved.getId())).body(saved);
        }
    """),
    T(("spring",), ("update«E»", "replace«E»", "edit«E»"), """
        @PutMapping("/{id}")
        public ResponseEntity<«E»Dto> «name»(@PathVariable long id, @Valid @RequestBody «E»Dto body) {
            if (body.getId() != null && body.getId() != id) {
                return ResponseEntity.status(HttpStatus.CONFLICT).build();
            }
            return «e»Service.update(id, body)
                    .map(ResponseEntity::ok)
                    .orElseGet(() -> ResponseEntity.notFound().build());
        }
    """),
    T(("spring",), ("delete«E»", "remove«E»", "archive«E»"), """
        @DeleteMapping("/{id}")
        public ResponseEntity<Void> «name»(@PathVariable long id) {
            boolean removed = «e»Service.delete(id);
            if (!removed) {
                log.warn("«es» {} not found for delete", id);
                return ResponseEntity.notFound().build();
            }
            return ResponseEntity.noContent().build();
        }
    """),
    T(("spring",), ("list«Es»Sorted", "page«Es»", "browse«Es»"), """
        @GetMapping
        public List<Map<String, Object>> «name»(@RequestParam(value = "sort", defaultValue = "id") String sort,
                                                @RequestParam(value = "page", defaultValue = "0") int page) {
            Set<String> allowed = Set.of("id", "«fld_s»", "«fld2_s»", "created_at");
            String column = allowed.contains(sort) ? sort : "id";
            int offset = Math.max(page, 0) * MAX_PAGE_SIZE;
            return jdbcTemplate.queryForList(
                    "SELECT id, «fld_s» FROM «tbl» ORDER BY " + column + " LIMIT ? OFFSET ?",
                    MAX_PAGE_SIZE, offset);
        }
    """),
    T(("spring",), ("count«Es»ByStatus", "«e»Stats", "summarize«Es»"), """
        @GetMapping("/stats")
        public Map<String, Long> «name»() {
            Map<String, Long> counts = new TreeMap<>();
            for (Map<String, Object> row : jdbcTemplate.queryForList(
                    "SELECT status, COUNT(*) AS n FROM «tbl» GROUP BY status")) {
                counts.put(String.valueOf(row.get("status")), ((Number) row.get("n")).longValue());
            }
            return counts;
        }
    """),
    T(("spring",), ("download«E»Attachment", "serve«E»File", "get«E»Upload"), """
        @GetMapping("/files/{name}")
        public ResponseEntity<byte[]> «name»(@PathVariable("name") String name) throws IOException {
            Path base = Paths.get(UPLOAD_DIR).toAbsolutePath().normalize();
            Path target = base.resolve(name).normalize();
            if (!target.startsWith(base) || !Files.isRegularFile(target)) {
                return ResponseEntity.notFound().build();
            }
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_OCTET_STREAM)
                    .body(Files.readAllBytes(target));
        }
    """),
    T(("spring",), ("remote«E»Status", "upstream«E»", "mirror«E»"), """
        @GetMapping("/{id}/upstream")
        public ResponseEntity<String> «name»(@PathVariable long id) {
            String body = restTemplate.getForObject("https://«host»/v1/«route»/{id}", String.class, id);
            if (body == null) {
                return ResponseEntity.status(HttpStatus.BAD_GATEWAY).build();
            }
            return ResponseEntity.ok(body);
        }
    """),
    T(("spring",), ("greet«E»Owner", "render«E»Banner", "«e»Headline"), """
        @GetMapping(value = "/banner", produces = MediaType.TEXT_HTML_VALUE)
        public void «name»(@RequestParam("«fld»") String «fld», HttpServletResponse response) throws IOException {
            response.setContentType("text/html;charset=UTF-8");
            PrintWriter out = response.getWriter();
            out.write("<div class=\\"«w»\\">" + HtmlUtils.htmlEscape(«fld») + "</div>");
            out.flush();
        }
    """),
    T(("spring",), ("back«E»List", "return«W»", "after«E»Save"), """
        @PostMapping("/{id}/done")
        public void «name»(@PathVariable long id, HttpServletResponse response) throws IOException {
            «e»Service.markDone(id);
            response.sendRedirect("/app/«route»/" + id);
        }
    """),
    T(("spring",), ("issue«E»Cookie", "remember«E»View", "set«W»Preference"), """
        @PostMapping("/preferences")
        public ResponseEntity<Void> «name»(@RequestParam("theme") String theme, HttpServletResponse response) {
            String value = Set.of("light", "dark").contains(theme) ? theme : "light";
            Cookie cookie = new Cookie("«es»_theme", value);
            cookie.setSecure(true);
            cookie.setHttpOnly(true);
            cookie.setPath("/");
            cookie.setMaxAge(«n3»);
            response.addCookie(cookie);
            return ResponseEntity.noContent().build();
        }
    """),
    # -------------------------------------------------------------- servlet
    T(("servlet",), ("list«Es»", "show«Es»", "render«E»Table"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response)
                throws IOException, SQLException {
            String «fld» = request.getParameter("«fld»");
            response.setContentType("text/html;charset=UTF-8");
            PrintWriter out = response.getWriter();
            try (Connection conn = dataSource.getConnection();
                 PreparedStatement ps = conn.prepareStatement(
                         "SELECT id, «fld_s» FROM «tbl» WHERE «fld_s» = ? LIMIT " + MAX_PAGE_SIZE)) {
                ps.setString(1, «fld»);
                try (ResultSet rs = ps.executeQuery()) {
                    out.println("<table>");
                    while (rs.next()) {
                        out.println("<tr><td>" + rs.getLong("id") + "</td><td>"
                                + StringEscapeUtils.escapeHtml4(rs.getString("«fld_s»")) + "</td></tr>");
                    }
                    out.println("</table>");
                }
            }
        }
    """),
    T(("servlet",), ("get«E»Json", "write«E»Json", "«e»AsJson"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response)
                throws IOException, SQLException {
            long id;
            try {
                id = Long.parseLong(request.getParameter("id"));
            } catch (NumberFormatException e) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "id must be numeric");
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            try (Connection conn = dataSource.getConnection();
                 PreparedStatement ps = conn.prepareStatement("SELECT «fld_s», «fld2_s» FROM «tbl» WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        body.put("«fld»", rs.getString(1));
                        body.put("«fld2»", rs.getString(2));
                    }
                }
            }
            response.setContentType("application/json");
            mapper.writeValue(response.getOutputStream(), body);
        }
    """),
    T(("servlet",), ("greet«E»", "echo«Fld»", "welcome«W»"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String «fld» = request.getParameter("«fld»");
            if («fld» == null) {
                «fld» = "guest";
            }
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().println("<p>Hello, " + StringEscapeUtils.escapeHtml4(«fld») + "</p>");
        }
    """),
    T(("servlet",), ("toLogin«W»", "back«E»Home", "redirect«E»Index"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession(false);
            if (session == null || session.getAttribute("userId") == null) {
                response.sendRedirect(request.getContextPath() + "/login");
                return;
            }
            response.sendRedirect(request.getContextPath() + "/«route»");
        }
    """),
    T(("servlet",), ("requireRole«W»", "isAuthorized«E»", "check«E»Access"), """
        private boolean «name»(HttpServletRequest request, String role) {
            HttpSession session = request.getSession(false);
            if (session == null) {
                return false;
            }
            Object roles = session.getAttribute("roles");
            if (!(roles instanceof Collection)) {
                return false;
            }
            return ((Collection<?>) roles).contains(role);
        }
    """),
    T(("servlet",), ("start«E»Session", "login«W»Cookie", "set«E»SessionCookie"), """
        private void «name»(HttpServletResponse response, String sessionId) {
            Cookie cookie = new Cookie("SESSION_«key8»", sessionId);
            cookie.setSecure(true);
            cookie.setHttpOnly(true);
            cookie.setPath("/");
            response.addCookie(cookie);
        }
    """),
    # -------------------------------------------------------------- service
    T(("service",), ("findById", "find«E»", "load«E»"), """
        public Optional<«E»Dto> «name»(long id) {
            if (id <= 0) {
                return Optional.empty();
            }
            return repository.findById(id).map(«E»Dto::from);
        }
    """),
    T(("service",), ("create", "create«E»", "open«E»"), """
        @Transactional
        public «E»Dto «name»(«E»Dto dto) {
            «E» entity = new «E»();
            entity.set«Fld»(dto.get«Fld»().trim());
            entity.set«Fld2»(dto.get«Fld2»());
            entity.setStatus("new");
            entity.setCreatedAt(Instant.now());
            «E» saved = repository.save(entity);
            events.publishEvent(new «E»CreatedEvent(saved.getId()));
            return «E»Dto.from(saved);
        }
    """),
    T(("service",), ("update", "update«E»", "apply«E»Changes"), """
        @Transactional
        public Optional<«E»Dto> «name»(long id, «E»Dto dto) {
            return repository.findById(id).map(existing -> {
                if (dto.get«Fld»() != null) {
                    existing.set«Fld»(dto.get«Fld»());
                }
                if (dto.get«Fld2»() != null) {
                    existing.set«Fld2»(dto.get«Fld2»());
                }
                existing.setUpdatedAt(Instant.now());
                return «E»Dto.from(repository.save(existing));
            });
        }
    """),
    T(("service",), ("expireStale«Es»", "purgeOld«Es»", "close«W»«Es»"), """
        @Transactional
        public int «name»(Duration maxAge) {
            Instant cutoff = Instant.now().minus(maxAge);
            List<«E»> stale = repository.findByStatusAndUpdatedAtBefore("pending", cutoff);
            for («E» item : stale) {
                item.setStatus("expired");
                item.setUpdatedAt(Instant.now());
            }
            repository.saveAll(stale);
            log.info("expired {} «tbl» older than {}", stale.size(), cutoff);
            return stale.size();
        }
    """),
    T(("service",), ("hashPassword«W»", "derive«E»Key", "stretch«W»Secret"), """
        public byte[] «name»(char[] password, byte[] salt) throws GeneralSecurityException {
            PBEKeySpec spec = new PBEKeySpec(password, salt, 310000, 256);
            try {
                SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
                return factory.generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        }
    """),
    T(("service",), ("seal«E»Payload", "encrypt«Fld»", "protect«W»Blob"), """
        public byte[] «name»(byte[] key, byte[] plaintext) throws GeneralSecurityException {
            byte[] iv = new byte[12];
            new SecureRandom().nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return out;
        }
    """),
    T(("service",), ("verifiedSubject«W»", "subjectOf«E»Token", "authenticate«E»Token"), """
        public String «name»(String token, String issuer, byte[] signingKey) {
            DecodedJWT jwt = JWT.require(Algorithm.HMAC256(signingKey))
                    .withIssuer(issuer)
                    .acceptLeeway(«n2»)
                    .build()
                    .verify(token);
            return jwt.getSubject();
        }
    """),
    T(("service",), ("priceFor«E»", "quote«E»", "compute«E»Total"), """
        public BigDecimal «name»(BigDecimal unitPrice, int quantity, String tier) {
            if (unitPrice == null || quantity <= 0) {
                return BigDecimal.ZERO;
            }
            BigDecimal gross = unitPrice.multiply(BigDecimal.valueOf(quantity));
            BigDecimal discount;
            switch (tier == null ? "" : tier) {
                case "gold":
                    discount = new BigDecimal("0.15");
                    break;
                case "silver":
                    discount = new BigDecimal("0.07");
                    break;
                default:
                    discount = BigDecimal.ZERO;
            }
            return gross.subtract(gross.multiply(discount)).setScale(2, RoundingMode.HALF_UP);
        }
    """),
    # ------------------------------------------------------------------ dao
    T(("dao",), ("findBy«Fld»", "select«Es»By«Fld»", "query«Fld»"), """
        public List<«E»> «name»(String «fld», int limit) {
            return jdbcTemplate.query(
                    "SELECT id, «fld_s», «fld2_s» FROM «tbl» WHERE «fld_s» = ? ORDER BY id DESC LIMIT ?",
                    rowMapper, «fld», Math.min(limit, MAX_PAGE_SIZE));
        }
    """),
    T(("dao",), ("findById«n2»", "get«E»Row", "load«E»Row"), """
        public Optional<«E»> «name»(long id) {
            List<«E»> rows = jdbcTemplate.query(
                    "SELECT id, «fld_s», «fld2_s» FROM «tbl» WHERE id = ?", rowMapper, id);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    """),
    T(("dao",), ("update«Fld»", "set«Fld»For«E»", "write«Fld»"), """
        public boolean «name»(long id, String value) {
            int changed = jdbcTemplate.update(
                    "UPDATE «tbl» SET «fld_s» = ?, updated_at = now() WHERE id = ?", value, id);
            if (changed > 1) {
                log.error("update of «tbl».{} touched {} rows", id, changed);
            }
            return changed == 1;
        }
    """),
    T(("dao",), ("insertAll«Es»", "bulkInsert«Es»", "save«E»Batch"), """
        public int[] «name»(List<«E»> rows) {
            List<Object[]> args = new ArrayList<>();
            for («E» row : rows) {
                args.add(new Object[] {row.get«Fld»(), row.get«Fld2»(), Instant.now()});
            }
            return jdbcTemplate.batchUpdate(
                    "INSERT INTO «tbl» («fld_s», «fld2_s», created_at) VALUES (?, ?, ?)", args);
        }
    """),
    T(("dao",), ("findAllByIds", "load«Es»ByIds", "fetch«E»Batch"), """
        public List<«E»> «name»(List<Long> ids) {
            if (ids == null || ids.isEmpty()) {
                return Collections.emptyList();
            }
            String placeholders = String.join(",", Collections.nCopies(ids.size(), "?"));
            return jdbcTemplate.query(
                    "SELECT id, «fld_s», «fld2_s» FROM «tbl» WHERE id IN (" + placeholders + ")",
                    rowMapper, ids.toArray());
        }
    """),
    T(("dao",), ("countBy«Fld»", "tally«Es»", "count«Es»"), """
        public long «name»(String «fld») {
            Long n = jdbcTemplate.queryForObject(
                    "SELECT COUNT(*) FROM «tbl» WHERE «fld_s» = ?", Long.class, «fld»);
            return n == null ? 0L : n;
        }
    """),
    T(("dao",), ("deleteOlderThan", "prune«Es»", "drop«W»«Es»"), """
        public int «name»(LocalDate cutoff) {
            int removed = jdbcTemplate.update("DELETE FROM «tbl» WHERE created_at < ?", cutoff);
            log.info("pruned {} rows from «tbl»", removed);
            return removed;
        }
    """),
    # ----------------------------------------------------------------- util
    T(("util",), ("slugify«n2»", "toSlug", "«e»Slug"), """
        public static String «name»(String input) {
            if (input == null) {
                return "";
            }
            String ascii = Normalizer.normalize(input, Normalizer.Form.NFD).replaceAll("\\\\p{M}", "");
            String slug = SLUG_STRIP.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-");
            return slug.replaceAll("(^-+|-+$)", "");
        }
    """),
    T(("util",), ("maskEmail«n2»", "redact«Fld»", "obfuscate«W»"), """
        public static String «name»(String email) {
            if (email == null || !email.contains("@")) {
                return "***";
            }
            int at = email.indexOf('@');
            String local = email.substring(0, at);
            String visible = local.length() <= 2 ? local.substring(0, 1) : local.substring(0, 2);
            return visible + "***" + email.substring(at);
        }
    """),
    T(("util",), ("parseIntOr«W»", "toIntSafe«n2»", "intValueOf«Fld»"), """
        public static int «name»(String value, int fallback) {
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
    """),
    T(("util",), ("sha256Hex«n2»", "checksum«W»", "contentHash«E»"), """
        public static String «name»(byte[] data) throws NoSuchAlgorithmException {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] digest = md.digest(data);
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16));
                hex.append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        }
    """),
    T(("util",), ("formatDay«n2»", "isoDay«W»", "dayLabel«E»"), """
        public static String «name»(Instant when) {
            if (when == null) {
                return "";
            }
            return DAY.format(when.atZone(java.time.ZoneOffset.UTC).toLocalDate());
        }
    """),
]

VULN = [
    # ---------------------------------------------------------------- sqli
    T(("spring",), ("search«Es»", "find«Es»ByText", "quickSearch«E»"), """
        @GetMapping("/search")
        public List<Map<String, Object>> «name»(@RequestParam("«q»") String «q») {
            String sql = "SELECT id, «fld_s», «fld2_s» FROM «tbl» WHERE «fld_s» LIKE '%" + «q» + "%' ORDER BY id";
            log.debug("search «tbl»: {}", «q»);
            return jdbcTemplate.queryForList(sql);
        }
    """, cat="sqli", vars={"q": ["q", "term", "query", "keyword"]}),
    T(("spring",), ("«e»By«Fld»Raw", "legacyFind«E»", "report«Es»By«Fld»"), """
        @GetMapping("/report")
        public List<String> «name»(@RequestParam String «fld») throws java.sql.SQLException {
            List<String> out = new ArrayList<>();
            try (Connection conn = jdbcTemplate.getDataSource().getConnection();
                 Statement st = conn.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT «fld2_s» FROM «tbl» WHERE «fld_s» = '" + «fld» + "'");
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    """, cat="sqli"),
    T(("spring",), ("sorted«Es»", "order«Es»By", "«e»Ordering"), """
        @GetMapping("/ordered")
        public List<Map<String, Object>> «name»(@RequestParam("«s»") String «s») {
            String query = String.format("SELECT id, «fld_s» FROM «tbl» ORDER BY %s LIMIT %d", «s», MAX_PAGE_SIZE);
            return jdbcTemplate.queryForList(query);
        }
    """, cat="sqli", vars={"s": ["sort", "orderBy", "column"]}),
    T(("servlet",), ("find«E»Legacy", "lookup«E»ByName", "query«E»"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response)
                throws IOException, SQLException {
            String «fld» = request.getParameter("«fld»");
            String sql = "SELECT id, «fld2_s» FROM «tbl» WHERE «fld_s» = '" + «fld» + "'";
            try (Connection conn = dataSource.getConnection();
                 Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery(sql)) {
                PrintWriter out = response.getWriter();
                while (rs.next()) {
                    out.println(rs.getLong(1) + "," + rs.getString(2));
                }
            }
        }
    """, cat="sqli"),
    T(("servlet",), ("delete«E»ById", "purge«E»", "drop«E»Row"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response)
                throws IOException, SQLException {
            String id = request.getParameter("id");
            try (Connection conn = dataSource.getConnection()) {
                PreparedStatement ps = conn.prepareStatement("DELETE FROM «tbl» WHERE id = " + id);
                int n = ps.executeUpdate();
                response.getWriter().println("deleted " + n);
            }
        }
    """, cat="sqli"),
    # ---------------------------------------------------------------- cmdi
    T(("spring",), ("ping«W»Host", "diagnose«E»Host", "probe«W»"), """
        @GetMapping("/diagnostics/ping")
        public String «name»(@RequestParam("«h»") String «h») throws IOException {
            Process process = Runtime.getRuntime().exec("ping -c 1 " + «h»);
            try (InputStream in = process.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    """, cat="cmdi", vars={"h": ["host", "target", "address"]}),
    T(("spring",), ("archive«E»Folder", "export«E»Bundle", "pack«Es»"), """
        @PostMapping("/export")
        public ResponseEntity<String> «name»(@RequestParam("dir") String dir) throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", "tar czf /tmp/«es»-export.tgz " + dir);
            pb.redirectErrorStream(true);
            int code = pb.start().waitFor();
            return ResponseEntity.ok("exit " + code);
        }
    """, cat="cmdi"),
    T(("servlet",), ("convert«E»Image", "thumbnail«W»", "resize«E»Picture"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String file = request.getParameter("file");
            String size = request.getParameter("size");
            String[] cmd = {"/bin/sh", "-c", "convert " + file + " -resize " + size + " /tmp/thumb.png"};
            Runtime.getRuntime().exec(cmd);
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
        }
    """, cat="cmdi"),
    # ---------------------------------------------------------------- code
    T(("spring",), ("evaluate«E»Rule", "preview«W»Formula", "calc«E»Expression"), """
        @PostMapping("/rules/preview")
        public Object «name»(@RequestParam("expr") String expr) throws Exception {
            ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");
            engine.put("maxPage", MAX_PAGE_SIZE);
            return engine.eval(expr);
        }
    """, cat="code"),
    T(("servlet",), ("run«W»Formula", "score«E»", "evalDiscount«n2»"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response) throws Exception {
            String formula = request.getParameter("formula");
            ScriptEngine engine = new ScriptEngineManager().getEngineByName("nashorn");
            Object result = engine.eval("var total = «n3»; " + formula);
            response.getWriter().println(String.valueOf(result));
        }
    """, cat="code"),
    # ----------------------------------------------------------------- xss
    T(("spring",), ("hello«E»", "welcome«E»Page", "«e»Greeting"), """
        @GetMapping(value = "/hello", produces = MediaType.TEXT_HTML_VALUE)
        public void «name»(@RequestParam("«v»") String «v», HttpServletResponse response) throws IOException {
            response.setContentType("text/html");
            response.getWriter().write("<h2>Welcome back, " + «v» + "</h2>");
        }
    """, cat="xss", vars={"v": ["name", "user", "displayName"]}),
    T(("servlet",), ("search«E»Page", "show«E»Results", "results«W»"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String q = request.getParameter("q");
            response.setContentType("text/html;charset=UTF-8");
            PrintWriter out = response.getWriter();
            out.println("<html><body>");
            out.println("<p>No «tbl» match <b>" + q + "</b></p>");
            out.println("</body></html>");
        }
    """, cat="xss"),
    T(("servlet",), ("error«W»Page", "show«E»Error", "fail«E»"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String message = request.getParameter("msg");
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.getWriter().print(String.format("<div class=\\"error\\">%s</div>", message));
        }
    """, cat="xss"),
    # ---------------------------------------------------------------- path
    T(("spring",), ("attachment«E»", "raw«E»File", "read«E»Upload"), """
        @GetMapping("/attachments")
        public ResponseEntity<byte[]> «name»(@RequestParam("«f»") String «f») throws IOException {
            File file = new File(UPLOAD_DIR, «f»);
            if (!file.exists()) {
                return ResponseEntity.notFound().build();
            }
            return ResponseEntity.ok(Files.readAllBytes(file.toPath()));
        }
    """, cat="path", vars={"f": ["file", "filename", "name", "path"]}),
    T(("servlet",), ("download«E»", "stream«E»File", "fetch«W»Document"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String name = request.getParameter("name");
            Path path = Paths.get(UPLOAD_DIR + "/" + name);
            response.setContentType("application/octet-stream");
            Files.copy(path, response.getOutputStream());
        }
    """, cat="path"),
    # ---------------------------------------------------------------- ssrf
    T(("spring",), ("preview«E»Link", "fetch«W»Url", "unfurl«E»"), """
        @GetMapping("/preview")
        public ResponseEntity<String> «name»(@RequestParam("«u»") String «u») {
            String body = restTemplate.getForObject(«u», String.class);
            return ResponseEntity.ok(body == null ? "" : body);
        }
    """, cat="ssrf", vars={"u": ["url", "link", "target"]}),
    T(("spring",), ("import«E»Feed", "pull«W»Feed", "sync«E»FromUrl"), """
        @PostMapping("/import")
        public int «name»(@RequestParam("feed") String feed) throws IOException {
            URL url = new URL(feed);
            try (InputStream in = url.openStream()) {
                return in.readAllBytes().length;
            }
        }
    """, cat="ssrf"),
    T(("servlet",), ("proxy«E»", "relay«W»", "forward«E»Webhook"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String target = request.getParameter("callback");
            HttpURLConnection conn = (HttpURLConnection) new URL(target).openConnection();
            conn.setConnectTimeout(«n3»);
            response.setStatus(conn.getResponseCode());
        }
    """, cat="ssrf"),
    # ------------------------------------------------------------ redirect
    T(("spring",), ("login«E»Return", "continue«W»", "after«E»Login"), """
        @GetMapping("/continue")
        public void «name»(@RequestParam("«r»") String «r», HttpServletResponse response) throws IOException {
            log.info("redirecting after «es» login");
            response.sendRedirect(«r»);
        }
    """, cat="redirect", vars={"r": ["next", "returnUrl", "redirectTo"]}),
    T(("spring",), ("bounce«E»", "go«W»", "jump«E»"), """
        @GetMapping("/go")
        public ResponseEntity<Void> «name»(@RequestParam("to") String to) {
            return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(to)).build();
        }
    """, cat="redirect"),
    T(("servlet",), ("logout«W»", "signOut«E»", "end«E»Session"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            String back = request.getParameter("returnTo");
            response.sendRedirect(back);
        }
    """, cat="redirect"),
    # --------------------------------------------------------------- deser
    T(("spring",), ("restore«E»Snapshot", "import«E»State", "load«W»Blob"), """
        @PostMapping(value = "/snapshot", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
        public String «name»(@RequestBody byte[] body) throws IOException, ClassNotFoundException {
            try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(body))) {
                Object snapshot = ois.readObject();
                return snapshot.getClass().getSimpleName();
            }
        }
    """, cat="deser"),
    T(("servlet",), ("receive«E»Object", "accept«W»Payload", "unmarshal«E»"), """
        protected void «name»(HttpServletRequest request, HttpServletResponse response)
                throws IOException, ClassNotFoundException {
            ObjectInputStream in = new ObjectInputStream(request.getInputStream());
            Object value = in.readObject();
            response.getWriter().println("received " + value.getClass().getName());
        }
    """, cat="deser"),
    # ------------------------------------------------------------- pattern
    T(ANY, ("legacyDigest«W»", "etagFor«E»", "md5Of«Fld»"), """
        private static String «name»(String value) throws java.security.NoSuchAlgorithmException {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] digest = md.digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        }
    """, cat="weak-hash"),
    T(ANY, ("hashPin«W»", "sign«E»Legacy", "fingerprintSha1«n2»"), """
        private static byte[] «name»(String pin, String salt) throws java.security.NoSuchAlgorithmException {
            MessageDigest sha = MessageDigest.getInstance("SHA-1");
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            return sha.digest(pin.getBytes(StandardCharsets.UTF_8));
        }
    """, cat="weak-hash"),
    T(("service", "util", "dao"), ("encryptLegacy«W»", "wrap«E»Secret", "scramble«Fld»"), """
        private static byte[] «name»(byte[] key, byte[] data) throws java.security.GeneralSecurityException {
            Cipher cipher = Cipher.getInstance("DES/ECB/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return cipher.doFinal(data);
        }
    """, cat="weak-cipher"),
    T(("service", "util", "dao"), ("tokenCipher«W»", "encode«E»Ref", "seal«Fld»Ecb"), """
        private static byte[] «name»(byte[] key, String ref) throws java.security.GeneralSecurityException {
            Cipher cipher = Cipher.getInstance("AES/ECB/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            return cipher.doFinal(ref.getBytes(StandardCharsets.UTF_8));
        }
    """, cat="weak-cipher"),
    T(ANY, ("resetCode«W»", "newOtp«n2»", "generate«E»ResetToken"), """
        private static String «name»() {
            Random random = new Random();
            StringBuilder token = new StringBuilder();
            for (int i = 0; i < «n2» % 6 + 6; i++) {
                token.append(random.nextInt(10));
            }
            return token.toString();
        }
    """, cat="weak-random"),
    T(("dao", "service", "util"), ("reportingConnection«W»", "openLegacy«E»Db", "warehouseConn«n2»"), """
        private static Connection «name»() throws java.sql.SQLException {
            String url = "jdbc:postgresql://«host»:5432/«app»";
            String password = "«sec»";
            return java.sql.DriverManager.getConnection(url, "«es»_rw", password);
        }
    """, cat="secret"),
    T(("service",), ("tenantOf«W»Token", "claims«E»Unverified", "userFromJwt«n2»"), """
        public String «name»(String bearer) {
            String token = bearer.startsWith("Bearer ") ? bearer.substring(7) : bearer;
            DecodedJWT jwt = JWT.decode(token);
            return jwt.getClaim("tenant").asString();
        }
    """, cat="jwt"),
    T(WEB, ("remember«E»", "set«W»Cookie", "track«E»Visit"), """
        private void «name»(HttpServletResponse response, String value) {
            Cookie cookie = new Cookie("«es»_session", value);
            cookie.setSecure(false);
            cookie.setHttpOnly(false);
            cookie.setPath("/");
            response.addCookie(cookie);
        }
    """, cat="cookie"),
]
