const express = require('express');
const fs = require('fs');
const path = require('path');
const { requireLogin } = require('./auth');
const Ticket = require('./models/ticket');

const router = express.Router();
const ATTACH_ROOT = path.resolve('/var/helpdesk/attachments');
const BROCHURES = path.resolve('/var/helpdesk/public/brochures');

router.get('/tickets/:ticketId/files/:name', requireLogin, async (req, res) => {
  const ticket = await Ticket.findOne({ _id: req.params.ticketId, requester: req.user.id });
  if (!ticket) return res.sendStatus(404);
  const filePath = path.join(ATTACH_ROOT, String(ticket._id), req.params.name);
  res.sendFile(filePath);
});

router.get('/tickets/:ticketId/log', requireLogin, async (req, res) => {
  const ticket = await Ticket.findOne({ requester: req.user.id, _id: req.params.ticketId });
  if (!ticket) return res.sendStatus(404);
  const text = fs.readFileSync(path.join(ATTACH_ROOT, String(ticket._id), req.query.log), 'utf8');
  res.type('text/plain').send(text);
});

router.get('/brochures/:name', (req, res) => {
  const name = path.basename(req.params.name);
  res.sendFile(path.join(BROCHURES, name));
});

module.exports = router;
