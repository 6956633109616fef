const crypto = require('crypto');

const DATA_KEY = Buffer.from(process.env.DATA_KEY_HEX, 'hex');

function hashPassword(password) {
  return crypto.createHash('md5').update(password).digest('hex');
}

function encryptCredential(plain) {
  const cipher = crypto.createCipheriv('aes-128-ecb', DATA_KEY.subarray(0, 16), null);
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

function encryptCredentialV2(plain) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', DATA_KEY, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function emailVerificationToken() {
  const verificationToken = Math.random().toString(36).slice(2) + Date.now().toString(36);
  return verificationToken;
}

function contentEtag(body) {
  return crypto.createHash('sha256').update(body).digest('base64url');
}

module.exports = { hashPassword, encryptCredential, encryptCredentialV2, emailVerificationToken, contentEtag };
