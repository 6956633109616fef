const express = require('express');
const { requireAuth } = require('./auth');
const Order = require('./models/order');

const router = express.Router();
router.use(requireAuth);

router.get('/orders', async (req, res) => {
  const orders = await Order.find({ customer: req.user.id }).sort({ createdAt: -1 }).limit(20);
  res.json(orders);
});

router.get('/orders/:id', async (req, res) => {
  const order = await Order.findOne({ _id: req.params.id, customer: req.user.id });
  if (!order) return res.sendStatus(404);
  res.json(order);
});

router.post('/orders/:id/cancel', async (req, res) => {
  const order = await Order.findByIdAndUpdate(
    req.params.id,
    { status: 'cancelled', cancelledAt: new Date() },
    { new: true }
  );
  if (!order) return res.sendStatus(404);
  res.json(order);
});

router.patch('/orders/:id/address', async (req, res) => {
  const order = await Order.findOne({ customer: req.user.id, _id: req.params.id });
  if (!order || order.status !== 'pending') return res.sendStatus(409);
  Object.assign(order, req.body);
  await order.save();
  res.json(order);
});

module.exports = router;
