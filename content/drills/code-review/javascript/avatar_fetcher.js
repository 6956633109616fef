const express = require('express');
const axios = require('axios');
const sharp = require('sharp');
const { verifyToken } = require('./auth');
const storage = require('./storage');

const router = express.Router();
const CDN_API = 'https://api.cdn.example.net/v2';

router.post('/me/avatar/import', verifyToken, async (req, res) => {
  const { imageUrl } = req.body;
  try {
    const response = await axios.get(imageUrl, { responseType: 'arraybuffer', timeout: 5000 });
    const png = await sharp(response.data).resize(256, 256).png().toBuffer();
    const key = await storage.put(`avatars/${req.user.id}.png`, png);
    await purgeCdn(key);
    res.json({ avatar: key });
  } catch (err) {
    res.status(400).json({ error: `could not fetch ${imageUrl}: ${err.message}` });
  }
});

async function purgeCdn(key) {
  await axios.post(`${CDN_API}/purge`, { paths: [key] }, {
    headers: { Authorization: `Bearer ${process.env.CDN_TOKEN}` },
  });
}

module.exports = router;
