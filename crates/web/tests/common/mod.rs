//! Fixtures shared by the app tests and the browser tests.

use std::path::Path;

/// A small vulnerable project: a Flask SQL injection and an MD5 password
/// digest, an Express XSS, a hard-coded AWS key, and an access log with a
/// brute-force burst.
pub fn vulnerable_project(dir: &Path) {
    std::fs::write(
        dir.join("app.py"),
        "import sqlite3\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route(\"/user\")\ndef user():\n    name = request.args.get(\"name\")\n    db = sqlite3.connect(\"app.db\")\n    return str(db.execute(\"SELECT * FROM users WHERE name = '\" + name + \"'\").fetchall())\n\n\nimport hashlib\n\n\ndef legacy_digest(password: str) -> str:\n    return hashlib.md5(password.encode(\"utf-8\")).hexdigest()\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("web.js"),
        "const express = require('express');\nconst app = express();\nconst AWS_KEY = 'AKIAQ7RZ2X4MB6TPLW3N';\n\napp.get('/hello', (req, res) => {\n  res.send(`<h1>Hello ${req.query.name}</h1>`);\n});\n",
    )
    .unwrap();
    let mut log = String::new();
    for i in 0..15 {
        log.push_str(&format!(
            "203.0.113.7 - - [10/Oct/2025:13:55:{:02} +0000] \"POST /login HTTP/1.1\" 401 512 \"-\" \"curl/8.0\"\n",
            i * 2
        ));
    }
    log.push_str(
        "198.51.100.2 - - [10/Oct/2025:13:56:00 +0000] \"GET / HTTP/1.1\" 200 1024 \"-\" \"Mozilla/5.0\"\n",
    );
    std::fs::write(dir.join("access.log"), log).unwrap();
}
