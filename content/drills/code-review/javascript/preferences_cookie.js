const express = require('express');
const cookieParser = require('cookie-parser');
const serialize = require('node-serialize');
const yaml = require('js-yaml');
const { requireAuth, requireAdmin } = require('./auth');
const flags = require('./flags');

const app = express();
app.use(cookieParser());
app.use(express.text({ type: 'application/yaml' }));
app.use('/admin', requireAuth, requireAdmin);

app.get('/preferences', (req, res) => {
  const raw = req.cookies.prefs ? Buffer.from(req.cookies.prefs, 'base64').toString() : '{}';
  const prefs = serialize.unserialize(raw);
  res.json({ theme: prefs.theme || 'light', density: prefs.density || 'comfortable' });
});

app.post('/preferences', (req, res) => {
  const prefs = { theme: String(req.body.theme), density: String(req.body.density) };
  res.cookie('prefs', Buffer.from(JSON.stringify(prefs)).toString('base64'), { sameSite: 'lax' });
  res.sendStatus(204);
});

app.post('/admin/flags/import', (req, res) => {
  const doc = yaml.load(req.body, { schema: yaml.JSON_SCHEMA });
  flags.replaceAll(doc);
  res.sendStatus(204);
});

app.get('/admin/flags', (req, res) => {
  res.json(JSON.parse(flags.exportJson()));
});

module.exports = app;
