const express = require('express');
const { exec, execFile } = require('child_process');
const path = require('path');
const { authenticate } = require('./middleware/auth');

const app = express();
app.use(express.json());
const UPLOADS = '/srv/uploads';

app.post('/thumbnails', authenticate, (req, res) => {
  const { file, width } = req.body;
  const size = parseInt(width, 10) || 200;
  const cmd = `convert ${UPLOADS}/${file} -resize ${size}x${size} ${UPLOADS}/thumb_${file}`;
  exec(cmd, (err) => {
    if (err) return res.status(500).json({ error: 'convert failed' });
    res.status(201).json({ thumbnail: `thumb_${file}` });
  });
});

app.post('/thumbnails/safe', authenticate, (req, res) => {
  const name = path.basename(String(req.body.file));
  const src = path.join(UPLOADS, name);
  const dst = path.join(UPLOADS, 'thumb_' + name);
  execFile('convert', [src, '-resize', '200x200', dst], (err) => {
    if (err) return res.status(500).json({ error: 'convert failed' });
    res.status(201).json({ thumbnail: 'thumb_' + name });
  });
});

app.get('/health', (req, res) => {
  exec('convert -version', (err, stdout) => {
    res.json({ ok: !err, imagemagick: String(stdout).split('\n')[0] });
  });
});

module.exports = app;
