const express = require('express');
const { exchangeCode } = require('./oauth');

const router = express.Router();
const ALLOWED_RETURN = new Set(['/dashboard', '/settings', '/billing']);

router.get('/oauth/callback', async (req, res, next) => {
  try {
    const tokens = await exchangeCode(req.query.code);
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = tokens.userId;
      const returnTo = req.query.state ? decodeURIComponent(req.query.state) : '/dashboard';
      res.redirect(returnTo);
    });
  } catch (e) {
    next(e);
  }
});

router.get('/switch-account', (req, res) => {
  const target = ALLOWED_RETURN.has(req.query.next) ? req.query.next : '/dashboard';
  req.session.destroy(() => res.redirect('/login?next=' + encodeURIComponent(target)));
});

router.get('/help', (req, res) => {
  res.redirect(301, 'https://help.example.com/');
});

module.exports = router;
