const express = require('express');
const { requireAuth, requireAdmin } = require('./auth');
const User = require('./models/user');
const mailer = require('./mailer');

const router = express.Router();

router.get('/users', requireAuth, requireAdmin, async (req, res) => {
  const users = await User.find({ tenant: req.user.tenant }).select('email name role active');
  res.json(users);
});

router.post('/users/invite', requireAuth, requireAdmin, async (req, res) => {
  const email = String(req.body.email).toLowerCase();
  const user = await User.create({ email, tenant: req.user.tenant, role: 'member', active: false });
  await mailer.sendInvite(user);
  res.status(201).json({ id: user.id });
});

router.post('/users/:id/deactivate', requireAuth, async (req, res) => {
  await User.updateOne({ _id: req.params.id, tenant: req.user.tenant }, { active: false });
  res.sendStatus(204);
});

router.delete('/users/:id', async (req, res) => {
  await User.deleteOne({ _id: req.params.id });
  res.sendStatus(204);
});

module.exports = router;
