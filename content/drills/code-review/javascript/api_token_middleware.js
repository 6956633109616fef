const jwt = require('jsonwebtoken');

const ISSUER = 'partner-api';
const PUBLIC_KEY = process.env.PARTNER_JWT_PUBLIC_KEY;

function requirePartner(req, res, next) {
  const header = req.get('authorization') || '';
  const token = header.replace(/^Bearer /, '');
  const claims = jwt.decode(token);
  if (!claims || claims.iss !== ISSUER) {
    return res.status(401).json({ error: 'invalid token' });
  }
  req.partner = { id: claims.sub, scopes: claims.scope.split(' ') };
  next();
}

function requireAdminToken(req, res, next) {
  const token = (req.get('authorization') || '').replace(/^Bearer /, '');
  try {
    req.admin = jwt.verify(token, PUBLIC_KEY, { algorithms: ['RS256'], issuer: 'admin-console' });
    next();
  } catch (e) {
    res.status(401).json({ error: 'invalid token' });
  }
}

function issueSandboxToken(partnerId) {
  return jwt.sign({ sub: partnerId, scope: 'sandbox' }, 'sandbox-signing-secret', { expiresIn: '1h' });
}

module.exports = { requirePartner, requireAdminToken, issueSandboxToken };
