const express = require('express');
const mysql = require('mysql2/promise');
const { requireAuth } = require('./auth');

const router = express.Router();
const pool = mysql.createPool({ host: process.env.DB_HOST, user: 'crm', database: 'crm' });

router.get('/customers', requireAuth, async (req, res) => {
  const name = req.query.name || '';
  const [rows] = await pool.query(
    "SELECT id, name, email FROM customers WHERE name LIKE '%" + name + "%' LIMIT 50"
  );
  res.json(rows);
});

router.get('/customers/:id/contacts', requireAuth, async (req, res) => {
  const [rows] = await pool.execute(
    'SELECT id, full_name, phone FROM contacts WHERE customer_id = ? AND owner_team = ?',
    [req.params.id, req.user.teamId]
  );
  res.json(rows);
});

router.get('/customers/export', requireAuth, async (req, res) => {
  const column = req.query.sort === 'email' ? 'email' : 'name';
  const [rows] = await pool.query(`SELECT id, name, email FROM customers ORDER BY ${column}`);
  res.json(rows);
});

module.exports = router;
