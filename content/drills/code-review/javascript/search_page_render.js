const express = require('express');
const escapeHtml = require('escape-html');
const { searchDocs } = require('./search');

const app = express();

function layout(title, body) {
  return `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;
}

app.get('/search', async (req, res) => {
  const q = String(req.query.q || '');
  const hits = await searchDocs(q);
  const items = hits
    .map((h) => `<li><a href="/docs/${encodeURIComponent(h.slug)}">${escapeHtml(h.title)}</a></li>`)
    .join('');
  res.send(layout('Search', `<h1>Results for ${q}</h1><ul>${items}</ul>`));
});

app.get('/search/count', async (req, res) => {
  const hits = await searchDocs(String(req.query.q || ''));
  res.json({ count: hits.length });
});

app.get('/docs-missing', (req, res) => {
  const page = escapeHtml(String(req.query.page || ''));
  res.status(404).send(layout('Not found', `<p>No page called ${page}.</p>`));
});

module.exports = app;
