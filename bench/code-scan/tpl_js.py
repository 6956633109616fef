"""JavaScript / TypeScript templates for the code-scan benchmark corpus
(written for this bench). «:T» is a TypeScript annotation, dropped in .js."""

from tpl_common import T

MODULE = ("express", "util", "dom")  # module-level functions
CLASS = ("service", "dao")  # class methods (indented on render)

HEADERS_JS = {
    "express": """\
'use strict';

const express = require('express');
const path = require('path');
const fs = require('fs');
const crypto = require('crypto');
const { exec, execFile, execSync } = require('child_process');
const axios = require('axios');
const jwt = require('jsonwebtoken');
const serialize = require('node-serialize');
const db = require('../db');
const «e»Service = require('../services/«e»Service');

const router = express.Router();
const MAX_PAGE_SIZE = «n»;
const UPLOAD_DIR = path.join(__dirname, '..', 'uploads', '«tbl»');
const ALLOWED_SORT = new Set(['id', '«fld_s»', '«fld2_s»', 'created_at']);
""",
    "service": """\
'use strict';

const crypto = require('crypto');
const jwt = require('jsonwebtoken');
const mysql = require('mysql2/promise');
const { «E»Repository } = require('../repositories/«e»Repository');

const MAX_PAGE_SIZE = «n»;

class «C» {
  constructor(repository, clock = () => new Date()) {
    this.repository = repository || new «E»Repository();
    this.clock = clock;
  }
""",
    "dao": """\
'use strict';

const crypto = require('crypto');
const { Pool } = require('pg');

const MAX_PAGE_SIZE = «n»;
const COLUMNS = ['id', '«fld_s»', '«fld2_s»', 'status', 'created_at'];

class «C» {
  constructor(pool) {
    this.pool = pool || new Pool();
  }
""",
    "util": """\
'use strict';

const crypto = require('crypto');

const MAX_PAGE_SIZE = «n»;
const SLUG_STRIP = /[^a-z0-9]+/g;
""",
    "dom": """\
// Browser-side helpers for the «tbl» pages.

const MAX_PAGE_SIZE = «n»;
const API_BASE = '/api/«route»';
""",
}

HEADERS_TS = {
    "express": """\
import express, { NextFunction, Request, Response } from 'express';
import * as path from 'path';
import * as fs from 'fs';
import * as crypto from 'crypto';
import { exec, execFile, execSync } from 'child_process';
import axios from 'axios';
import jwt from 'jsonwebtoken';
import serialize from 'node-serialize';
import { db } from '../db';
import { «E»Service } from '../services/«e»Service';

const router = express.Router();
const «e»Service = new «E»Service();
const MAX_PAGE_SIZE = «n»;
const UPLOAD_DIR: string = path.join(__dirname, '..', 'uploads', '«tbl»');
const ALLOWED_SORT = new Set<string>(['id', '«fld_s»', '«fld2_s»', 'created_at']);

interface «E»Row {
  id: number;
  «fld_s»: string;
  «fld2_s»?: string | null;
  status: string;
}
""",
    "service": """\
import * as crypto from 'crypto';
import jwt from 'jsonwebtoken';
import mysql from 'mysql2/promise';
import { «E»Repository } from '../repositories/«e»Repository';

const MAX_PAGE_SIZE = «n»;

export interface «E»Record {
  id: number;
  «fld_s»: string;
  «fld2_s»?: string | null;
  status: string;
  amount?: number;
}

export class «C» {
  private readonly repository: «E»Repository;
  private readonly clock: () => Date;

  constructor(repository?: «E»Repository, clock: () => Date = () => new Date()) {
    this.repository = repository ?? new «E»Repository();
    this.clock = clock;
  }
""",
    "dao": """\
import * as crypto from 'crypto';
import { Pool } from 'pg';

const MAX_PAGE_SIZE = «n»;
const COLUMNS: readonly string[] = ['id', '«fld_s»', '«fld2_s»', 'status', 'created_at'];

export class «C» {
  private readonly pool: Pool;

  constructor(pool?: Pool) {
    this.pool = pool ?? new Pool();
  }
""",
    "util": """\
import * as crypto from 'crypto';

export const MAX_PAGE_SIZE = «n»;
const SLUG_STRIP = /[^a-z0-9]+/g;
""",
    "dom": """\
// Browser-side helpers for the «tbl» pages.

const MAX_PAGE_SIZE = «n»;
const API_BASE = '/api/«route»';

type Json = Record<string, unknown>;
""",
}

FOOTERS_JS = {
    "express": "module.exports = router;\n",
    "service": "}\n\nmodule.exports = { «C» };\n",
    "dao": "}\n\nmodule.exports = { «C» };\n",
    "util": "module.exports = { «exports» };\n",
    "dom": "",
}
FOOTERS_TS = {
    "express": "export default router;\n",
    "service": "}\n",
    "dao": "}\n",
    "util": "",
    "dom": "",
}

CLASS_SUFFIX = {"service": "Service", "dao": "Repository"}
LAYER = {"express": "routes", "service": "services", "dao": "repositories", "util": "lib", "dom": "public"}

SAFE = [
    # -------------------------------------------------------- generic module
    T(MODULE, ("clampPageSize«n2»", "pageSizeFor«E»", "effectiveLimit«W»"), """
        function «name»(raw«:unknown»)«:number» {
          const value = Number.parseInt(String(raw), 10);
          if (Number.isNaN(value) || value <= 0) {
            return Math.min(«n2», MAX_PAGE_SIZE);
          }
          return Math.min(value, MAX_PAGE_SIZE);
        }
    """),
    T(MODULE, ("normalize«Fld»", "clean«Fld»Value", "canonical«Fld»"), """
        function «name»(value«:string | null | undefined»)«:string» {
          if (value === null || value === undefined) {
            return '';
          }
          let text = String(value).trim();
          if (text.length > «n») {
            text = text.slice(0, «n»);
          }
          return text.toLowerCase();
        }
    """),
    T(MODULE, ("group«Es»By«Fld»", "index«Es»By«Fld»", "bucket«Es»"), """
        function «name»(rows«:Array<Record<string, any>>»)«:Record<string, any[]>» {
          const grouped«:Record<string, any[]>» = {};
          for (const row of rows) {
            const key = row.«fld_s» || 'unknown';
            if (!grouped[key]) {
              grouped[key] = [];
            }
            grouped[key].push(row);
          }
          return grouped;
        }
    """),
    T(MODULE, ("validate«E»Payload", "check«E»Fields", "errorsFor«E»"), """
        function «name»(payload«:any»)«:string[]» {
          const errors«:string[]» = [];
          if (!payload || typeof payload !== 'object') {
            return ['body must be an object'];
          }
          if (!payload.«fld_s») {
            errors.push('«fld_s» is required');
          } else if (String(payload.«fld_s»).length > «n») {
            errors.push('«fld_s» must be at most «n» characters');
          }
          if (payload.«fld2_s» !== undefined && !/^[\\w .-]{1,«n2»}$/.test(String(payload.«fld2_s»))) {
            errors.push('«fld2_s» has invalid characters');
          }
          return errors;
        }
    """),
    T(MODULE, ("chunk«n2»", "batches«W»", "partition«Es»"), """
        function «name»(items«:any[]», size«:number» = «n2»)«:any[][]» {
          if (size <= 0) {
            throw new RangeError('size must be positive');
          }
          const out = [];
          for (let i = 0; i < items.length; i += size) {
            out.push(items.slice(i, i + size));
          }
          return out;
        }
    """),
    T(MODULE, ("serialize«E»", "«e»ToJson", "describe«E»"), """
        function «name»(row«:any») {
          return {
            id: row.id,
            «fld»: row.«fld_s»,
            «fld2»: row.«fld2_s» ?? null,
            links: { self: `/api/«route»/${encodeURIComponent(row.id)}` },
          };
        }
    """),
    T(MODULE, ("nextStatus«W»", "advance«E»State", "transition«E»"), """
        function «name»(current«:string», event«:string»)«:string» {
          switch (current || 'new') {
            case 'new':
              return event === 'submit' ? 'pending' : 'new';
            case 'pending':
              if (event === 'approve') {
                return 'active';
              }
              return event === 'reject' ? 'rejected' : 'pending';
            case 'active':
              return event === 'close' ? 'closed' : 'active';
            default:
              return current;
          }
        }
    """),
    T(MODULE, ("dedupe«Fld»", "unique«E»Keys", "distinct«W»"), """
        function «name»(values«:Array<string | null>»)«:string[]» {
          const seen = new Set«<string>»();
          for (const value of values) {
            const key = (value || '').trim().toLowerCase();
            if (key) {
              seen.add(key);
            }
          }
          return Array.from(seen);
        }
    """),
    T(MODULE, ("sum«E»Amounts", "total«Es»", "aggregate«W»"), """
        function «name»(rows«:Array<{ amount?: number }>») {
          let total = 0;
          let count = 0;
          for (const row of rows) {
            if (typeof row.amount !== 'number') {
              continue;
            }
            total += row.amount;
            count += 1;
          }
          return { count, total: Math.round(total * 100) / 100, average: count ? total / count : 0 };
        }
    """),
    # --------------------------------------------------------------- express
    T(("express",), ("get«E»", "show«E»", "read«E»"), """
        router.get('/:id(\\\\d+)', async (req«:Request», res«:Response», next«:NextFunction») => {
          try {
            const { rows } = await db.query('SELECT id, «fld_s», «fld2_s» FROM «tbl» WHERE id = $1', [Number(req.params.id)]);
            if (rows.length === 0) {
              return res.status(404).json({ error: 'not found' });
            }
            return res.json(rows[0]);
          } catch (err) {
            return next(err);
          }
        });
    """),
    T(("express",), ("search«Es»", "find«Es»", "lookup«Es»"), """
        async function «name»(req«:Request», res«:Response») {
          const term = String(req.query.q || '').trim();
          const limit = Math.min(Number(req.query.limit) || «n2», MAX_PAGE_SIZE);
          const { rows } = await db.query(
            'SELECT id, «fld_s» FROM «tbl» WHERE «fld_s» ILIKE $1 ORDER BY id LIMIT $2',
            [`%${term}%`, limit],
          );
          res.json(rows);
        }
        router.get('/search', «name»);
    """),
    T(("express",), ("create«E»", "add«E»", "register«E»"), """
        router.post('/', async (req«:Request», res«:Response») => {
          const body = req.body || {};
          if (!body.«fld_s») {
            return res.status(400).json({ error: '«fld_s» is required' });
          }
          const created = await «e»Service.create({ «fld_s»: String(body.«fld_s»), «fld2_s»: body.«fld2_s» ?? null });
          res.status(201).location(`/api/«route»/${created.id}`).json(created);
        });
    """),
    T(("express",), ("delete«E»", "remove«E»", "archive«E»"), """
        router.delete('/:id', async (req«:Request», res«:Response») => {
          const id = Number.parseInt(req.params.id, 10);
          if (!Number.isInteger(id)) {
            return res.status(400).end();
          }
          const result = await db.query('DELETE FROM «tbl» WHERE id = $1', [id]);
          res.status(result.rowCount ? 204 : 404).end();
        });
    """),
    T(("express",), ("list«Es»Sorted", "page«Es»", "browse«Es»"), """
        router.get('/', async (req«:Request», res«:Response») => {
          const sort = ALLOWED_SORT.has(String(req.query.sort)) ? String(req.query.sort) : 'id';
          const page = Math.max(Number(req.query.page) || 0, 0);
          const { rows } = await db.query(
            'SELECT id, «fld_s» FROM «tbl» ORDER BY ' + sort + ' LIMIT $1 OFFSET $2',
            [MAX_PAGE_SIZE, page * MAX_PAGE_SIZE],
          );
          res.json(rows);
        });
    """),
    T(("express",), ("«e»Banner", "render«E»Title", "greet«E»Owner"), """
        router.get('/banner', (req«:Request», res«:Response») => {
          const label = String(req.query.«fld» || '');
          res.type('html').send(`<div class="«w»">${escapeHtml«n3»(label)}</div>`);
        });

        function escapeHtml«n3»(text«:string»)«:string» {
          return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
        }
    """),
    T(("express",), ("after«E»Login", "continue«W»", "back«E»"), """
        router.get('/continue', (req«:Request», res«:Response») => {
          const id = Number.parseInt(String(req.query.id), 10);
          if (Number.isInteger(id)) {
            return res.redirect(`/app/«route»/${id}`);
          }
          return res.redirect('/app/«route»');
        });
    """),
    T(("express",), ("download«E»File", "serve«E»Upload", "get«E»Attachment"), """
        router.get('/files/:name', (req«:Request», res«:Response») => {
          const safeName = path.basename(req.params.name);
          const full = path.resolve(UPLOAD_DIR, safeName);
          if (!full.startsWith(path.resolve(UPLOAD_DIR) + path.sep) || !fs.existsSync(full)) {
            return res.status(404).end();
          }
          return res.download(full);
        });
    """),
    T(("express",), ("«e»Stats", "count«Es»", "summary«W»"), """
        router.get('/stats', async (_req«:Request», res«:Response») => {
          const { rows } = await db.query('SELECT status, COUNT(*) AS n FROM «tbl» GROUP BY status');
          const out«:Record<string, number>» = {};
          for (const row of rows) {
            out[row.status] = Number(row.n);
          }
          res.json(out);
        });
    """),
    T(("express",), ("set«E»Theme", "remember«W»Pref", "save«E»View"), """
        router.post('/preferences', (req«:Request», res«:Response») => {
          const theme = ['light', 'dark'].includes(req.body.theme) ? req.body.theme : 'light';
          res.cookie('«e»Theme', theme, { secure: true, httpOnly: true, sameSite: 'lax', maxAge: «n3» });
          res.json({ theme });
        });
    """),
    T(("express",), ("upstream«E»Status", "mirror«E»", "remote«W»"), """
        router.get('/:id/upstream', async (req«:Request», res«:Response») => {
          const id = encodeURIComponent(req.params.id);
          const upstream = await axios.get(`https://«host»/v1/«route»/${id}`, { timeout: «n3» });
          res.status(upstream.status).json(upstream.data);
        });
    """),
    T(("express",), ("list«E»Exports", "«e»Archives", "exportsFor«W»"), """
        router.get('/exports', (_req«:Request», res«:Response») => {
          execFile('ls', ['-1', UPLOAD_DIR], (err, stdout) => {
            if (err) {
              return res.status(500).json({ error: 'listing failed' });
            }
            return res.json(stdout.split('\\n').filter((f) => f.endsWith('.csv')));
          });
        });
    """),
    # --------------------------------------------------------------- service
    T(("service",), ("findById", "find«E»", "load«E»"), """
        async «name»(id«:number») {
          if (!Number.isInteger(id) || id <= 0) {
            return null;
          }
          const row = await this.repository.get(id);
          if (!row) {
            console.debug(`«e» ${id} not found`);
          }
          return row;
        }
    """),
    T(("service",), ("create", "create«E»", "open«E»"), """
        async «name»(payload«:Partial<Record<string, any>>») {
          const record = {
            «fld_s»: String(payload.«fld_s» || '').trim(),
            «fld2_s»: payload.«fld2_s» ?? null,
            status: 'new',
            createdAt: this.clock(),
          };
          const id = await this.repository.insert(record);
          return { id, ...record };
        }
    """),
    T(("service",), ("expireStale«Es»", "purgeOld«Es»", "closeIdle«Es»"), """
        async «name»(maxAgeDays«:number» = «n2») {
          const cutoff = new Date(this.clock().getTime() - maxAgeDays * 86400000);
          const stale = await this.repository.pendingBefore(cutoff);
          for (const record of stale) {
            record.status = 'expired';
            await this.repository.save(record);
          }
          return stale.length;
        }
    """),
    T(("service",), ("hashPassword", "derive«E»Key", "stretchSecret«n2»"), """
        «name»(password«:string», salt«:Buffer» = crypto.randomBytes(16))«:string» {
          const key = crypto.scryptSync(password, salt, 64, { N: 16384, r: 8, p: 1 });
          return `${salt.toString('hex')}$${key.toString('hex')}`;
        }
    """),
    T(("service",), ("seal«E»Payload", "encrypt«Fld»", "protectBlob«n2»"), """
        «name»(key«:Buffer», plaintext«:Buffer»)«:Buffer» {
          const iv = crypto.randomBytes(12);
          const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
          const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
          return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
        }
    """),
    T(("service",), ("verifiedSubject", "subjectOfToken«n2»", "authenticate«E»"), """
        «name»(token«:string», key«:string»)«:string» {
          const claims = jwt.verify(token, key, { algorithms: ['HS256'], audience: '«app»' })«as:any»;
          return claims.sub;
        }
    """),
    T(("service",), ("newApiKey«n2»", "issue«E»Token", "makeResetToken"), """
        async «name»() {
          const token = crypto.randomBytes(32).toString('base64url');
          const digest = crypto.createHash('sha256').update(token).digest('hex');
          await this.repository.storeToken(digest, this.clock());
          return token;
        }
    """),
    T(("service",), ("priceFor", "quote«E»", "computeTotal«n2»"), """
        «name»(unitPrice«:number», quantity«:number», tier«:string» = '')«:number» {
          if (quantity <= 0) {
            return 0;
          }
          const gross = unitPrice * quantity;
          const discount = tier === 'gold' ? 0.15 : tier === 'silver' ? 0.07 : 0;
          return Math.round((gross - gross * discount) * 100) / 100;
        }
    """),
    T(("service",), ("verifyWebhook«W»", "checkSignature«n2»", "check«E»Hmac"), """
        «name»(secret«:string», body«:string», signature«:string»)«:boolean» {
          const expected = crypto.createHmac('sha256', secret).update(body).digest();
          const given = Buffer.from(signature || '', 'hex');
          return given.length === expected.length && crypto.timingSafeEqual(given, expected);
        }
    """),
    T(("service",), ("retry«W»", "withBackoff«n2»", "attemptSync«E»"), """
        async «name»(action«:() => Promise<unknown>», attempts«:number» = 3) {
          let last;
          for (let i = 0; i < attempts; i += 1) {
            try {
              return await action();
            } catch (err) {
              last = err;
              const jitter = Math.random() * «n2»;
              await new Promise((resolve) => setTimeout(resolve, «n2» * 2 ** i + jitter));
            }
          }
          throw last;
        }
    """),
    # ------------------------------------------------------------------- dao
    T(("dao",), ("findBy«Fld»", "selectBy«Fld»", "query«Fld»"), """
        async «name»(value«:string», limit«:number» = MAX_PAGE_SIZE) {
          const { rows } = await this.pool.query(
            'SELECT id, «fld_s», «fld2_s» FROM «tbl» WHERE «fld_s» = $1 ORDER BY id DESC LIMIT $2',
            [value, Math.min(limit, MAX_PAGE_SIZE)],
          );
          return rows;
        }
    """),
    T(("dao",), ("get", "getRow«n2»", "loadRow"), """
        async «name»(id«:number») {
          const { rows } = await this.pool.query(`SELECT ${COLUMNS.join(', ')} FROM «tbl» WHERE id = $1`, [id]);
          return rows[0] || null;
        }
    """),
    T(("dao",), ("insert", "insert«E»", "addRow«n2»"), """
        async «name»(record«:any») {
          const { rows } = await this.pool.query(
            'INSERT INTO «tbl» («fld_s», «fld2_s», status) VALUES ($1, $2, $3) RETURNING id',
            [record.«fld_s», record.«fld2_s», record.status],
          );
          return rows[0].id;
        }
    """),
    T(("dao",), ("findAllByIds", "loadMany«n2»", "fetchBatch«W»"), """
        async «name»(ids«:number[]») {
          const clean = ids.map(Number).filter(Number.isInteger);
          if (clean.length === 0) {
            return [];
          }
          const placeholders = clean.map((_, i) => `$${i + 1}`).join(', ');
          const { rows } = await this.pool.query(`SELECT id, «fld_s» FROM «tbl» WHERE id IN (${placeholders})`, clean);
          return rows;
        }
    """),
    T(("dao",), ("deleteOlderThan", "prune«n2»", "dropStale«W»"), """
        async «name»(cutoff«:Date») {
          const result = await this.pool.query('DELETE FROM «tbl» WHERE created_at < $1', [cutoff]);
          return result.rowCount;
        }
    """),
    T(("dao",), ("inTransaction«n2»", "withTx«W»", "transact«E»"), """
        async «name»(work«:(client: any) => Promise<unknown>») {
          const client = await this.pool.connect();
          try {
            await client.query('BEGIN');
            const result = await work(client);
            await client.query('COMMIT');
            return result;
          } catch (err) {
            await client.query('ROLLBACK');
            throw err;
          } finally {
            client.release();
          }
        }
    """),
    # ------------------------------------------------------------------ util
    T(("util",), ("slugify«n2»", "toSlug«W»", "«e»Slug"), """
        function «name»(text«:string»)«:string» {
          return (text || '')
            .normalize('NFKD')
            .replace(/[\\u0300-\\u036f]/g, '')
            .toLowerCase()
            .replace(SLUG_STRIP, '-')
            .replace(/^-+|-+$/g, '');
        }
    """),
    T(("util",), ("maskEmail«n2»", "redact«Fld»", "obfuscate«W»"), """
        function «name»(email«:string»)«:string» {
          if (!email || !email.includes('@')) {
            return '***';
          }
          const [local, domain] = email.split('@');
          return `${local.slice(0, 2)}***@${domain}`;
        }
    """),
    T(("util",), ("sha256Hex«n2»", "checksum«W»", "contentHash«E»"), """
        function «name»(data«:string | Buffer»)«:string» {
          return crypto.createHash('sha256').update(data).digest('hex');
        }
    """),
    T(("util",), ("randomId«n2»", "opaqueId«W»", "new«E»Ref"), """
        function «name»(bytes«:number» = 16)«:string» {
          return crypto.randomBytes(bytes).toString('hex');
        }
    """),
    T(("util",), ("formatMoney«n2»", "money«W»", "«e»AmountLabel"), """
        function «name»(amount«:number | null», currency«:string» = 'EUR')«:string» {
          if (amount === null || amount === undefined) {
            return '-';
          }
          return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount);
        }
    """),
    # ------------------------------------------------------------------- dom
    T(("dom",), ("render«E»Rows", "draw«E»Table", "paint«Es»"), """
        function «name»(tbody«:HTMLElement», rows«:Json[]») {
          tbody.replaceChildren();
          for (const row of rows) {
            const tr = document.createElement('tr');
            for (const key of ['id', '«fld_s»', '«fld2_s»']) {
              const td = document.createElement('td');
              td.textContent = String(row[key] ?? '');
              tr.appendChild(td);
            }
            tbody.appendChild(tr);
          }
        }
    """),
    T(("dom",), ("load«Es»", "fetch«E»List", "refresh«Es»"), """
        async function «name»(page«:number» = 0) {
          const url = `${API_BASE}?page=${encodeURIComponent(String(page))}&limit=${MAX_PAGE_SIZE}`;
          const resp = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
          if (!resp.ok) {
            throw new Error(`loading «tbl» failed: ${resp.status}`);
          }
          return resp.json();
        }
    """),
    T(("dom",), ("show«E»Search", "echo«W»Query", "display«E»Filter"), """
        function «name»() {
          const params = new URLSearchParams(window.location.search);
          const q = params.get('q') || '';
          const label = document.getElementById('«e»-search-label');
          if (label) {
            label.textContent = `Results for ${q}`;
          }
        }
    """),
    T(("dom",), ("bind«E»Form", "wire«W»Form", "attach«E»Submit"), """
        function «name»(form«:HTMLFormElement») {
          form.addEventListener('submit', async (event) => {
            event.preventDefault();
            const data = Object.fromEntries(new FormData(form).entries());
            const resp = await fetch(API_BASE, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify(data),
            });
            form.dataset.state = resp.ok ? 'saved' : 'error';
          });
        }
    """),
    T(("dom",), ("goTo«E»", "open«E»Detail", "navigate«W»"), """
        function «name»(id«:number») {
          if (!Number.isInteger(id)) {
            return;
          }
          window.location.assign(`/app/«route»/${id}`);
        }
    """),
]

VULN = [
    # ------------------------------------------------------------------ sqli
    T(("express",), ("search«Es»ByText", "quickFind«E»", "filter«Es»"), """
        router.get('/find', async (req«:Request», res«:Response») => {
          const «q» = req.query.«q»;
          const sql = "SELECT id, «fld_s» FROM «tbl» WHERE «fld_s» LIKE '%" + «q» + "%' ORDER BY id";
          const { rows } = await db.query(sql);
          res.json(rows);
        });
    """, cat="sqli", vars={"q": ["q", "term", "keyword", "needle"]}),
    T(("express",), ("«e»ByStatus", "legacy«E»Lookup", "«e»Report"), """
        async function «name»(req«:Request», res«:Response») {
          const status = req.body.status;
          const { rows } = await db.query(`SELECT id, «fld2_s» FROM «tbl» WHERE status = '${status}'`);
          res.json({ rows });
        }
        router.post('/report', «name»);
    """, cat="sqli"),
    T(("express",), ("delete«E»Raw", "purge«E»", "drop«E»Row"), """
        router.delete('/raw/:id', (req«:Request», res«:Response») => {
          db.query('DELETE FROM «tbl» WHERE id = ' + req.params.id, (err«:any», result«:any») => {
            if (err) {
              return res.status(500).json({ error: 'delete failed' });
            }
            return res.json({ deleted: result.rowCount });
          });
        });
    """, cat="sqli"),
    # ------------------------------------------------------------------ cmdi
    T(("express",), ("ping«W»Host", "diagnose«E»Host", "probe«W»"), """
        router.get('/diagnostics/ping', (req«:Request», res«:Response») => {
          const «h» = req.query.«h»;
          exec('ping -c 1 ' + «h», (err, stdout) => {
            res.type('text').send(err ? 'unreachable' : stdout);
          });
        });
    """, cat="cmdi", vars={"h": ["host", "target", "address"]}),
    T(("express",), ("export«E»Archive", "pack«Es»", "bundle«E»Dir"), """
        router.post('/export', (req«:Request», res«:Response») => {
          const folder = req.body.folder;
          const out = execSync(`tar czf /tmp/«e».tgz ${folder}`);
          res.json({ bytes: out.length });
        });
    """, cat="cmdi"),
    # ------------------------------------------------------------------ code
    T(("express",), ("preview«E»Rule", "calc«W»", "evaluate«E»Formula"), """
        router.post('/rules/preview', (req«:Request», res«:Response») => {
          const expression = req.body.expr;
          const result = eval(expression);
          res.json({ result });
        });
    """, cat="code"),
    T(("express",), ("compile«E»Filter", "build«W»Predicate", "«e»FilterFn"), """
        router.post('/filters', (req«:Request», res«:Response») => {
          const predicate = new Function('row', 'return ' + req.body.condition + ';');
          res.json({ compiled: typeof predicate === 'function' });
        });
    """, cat="code"),
    T(("dom",), ("run«E»Hash", "apply«W»Fragment", "«e»HashCommand"), """
        function «name»() {
          const command = decodeURIComponent(window.location.hash.slice(1));
          if (command) {
            eval(command);
          }
        }
    """, cat="code"),
    # ------------------------------------------------------------------- xss
    T(("express",), ("hello«E»", "welcome«E»Page", "«e»Greeting"), """
        router.get('/hello', (req«:Request», res«:Response») => {
          const «v» = req.query.«v»;
          res.send('<h2>Welcome back, ' + «v» + '</h2>');
        });
    """, cat="xss", vars={"v": ["name", "user", "displayName"]}),
    T(("express",), ("«e»Notice", "flash«W»", "show«E»Message"), """
        router.get('/notice', (req«:Request», res«:Response») => {
          res.write(`<div class="notice">${req.query.msg}</div>`);
          res.end();
        });
    """, cat="xss"),
    T(("dom",), ("show«E»Banner", "render«W»Banner", "«e»SearchBanner"), """
        function «name»() {
          const params = new URLSearchParams(window.location.search);
          const «v» = params.get('«v»');
          document.getElementById('«e»-banner').innerHTML = 'Results for <b>' + «v» + '</b>';
        }
    """, cat="xss", vars={"v": ["q", "term", "query"]}),
    T(("dom",), ("render«E»Welcome", "greet«W»User", "«e»WelcomeFromHash"), """
        function «name»(container«:HTMLElement») {
          const who = decodeURIComponent(location.hash.substring(1));
          container.insertAdjacentHTML('beforeend', `<p class="welcome">Hello ${who}</p>`);
        }
    """, cat="xss"),
    T(("dom",), ("write«E»Referrer", "print«W»Source", "«e»CameFrom"), """
        function «name»() {
          document.write('<span>You came from ' + document.referrer + '</span>');
        }
    """, cat="xss"),
    # ------------------------------------------------------------------ path
    T(("express",), ("raw«E»File", "«e»Attachment", "read«E»Upload"), """
        router.get('/attachment', (req«:Request», res«:Response») => {
          const «f» = req.query.«f»;
          fs.readFile(path.join(UPLOAD_DIR, «f»), (err, data) => {
            if (err) {
              return res.status(404).end();
            }
            return res.send(data);
          });
        });
    """, cat="path", vars={"f": ["file", "filename", "name"]}),
    T(("express",), ("«e»Download", "download«E»Doc", "fetch«W»Doc"), """
        router.get('/download/:name', (req«:Request», res«:Response») => {
          const stream = fs.createReadStream(UPLOAD_DIR + '/' + req.params.name);
          stream.on('error', () => res.status(404).end());
          stream.pipe(res);
        });
    """, cat="path"),
    # ------------------------------------------------------------------ ssrf
    T(("express",), ("preview«E»Link", "unfurl«W»", "fetch«E»Url"), """
        router.get('/preview', async (req«:Request», res«:Response») => {
          const «u» = req.query.«u»;
          const resp = await axios.get(«u»);
          res.json({ status: resp.status, length: String(resp.data).length });
        });
    """, cat="ssrf", vars={"u": ["url", "link", "target"]}),
    T(("express",), ("relay«E»Webhook", "forward«W»", "«e»Callback"), """
        router.post('/relay', async (req«:Request», res«:Response») => {
          const resp = await fetch(req.body.callback, { method: 'POST', body: JSON.stringify({ ok: true }) });
          res.json({ status: resp.status });
        });
    """, cat="ssrf"),
    # -------------------------------------------------------------- redirect
    T(("express",), ("loginReturn«n2»", "continueTo«W»", "after«E»SignIn"), """
        router.get('/signed-in', (req«:Request», res«:Response») => {
          const «r» = req.query.«r»;
          res.redirect(«r»);
        });
    """, cat="redirect", vars={"r": ["next", "returnTo", "redirectUrl"]}),
    T(("dom",), ("finish«E»Login", "return«W»After", "«e»PostLogin"), """
        function «name»() {
          const params = new URLSearchParams(window.location.search);
          const target = params.get('returnTo');
          window.location.href = target;
        }
    """, cat="redirect"),
    # ----------------------------------------------------------------- deser
    T(("express",), ("restore«E»Profile", "load«W»Prefs", "«e»FromCookie"), """
        router.get('/profile', (req«:Request», res«:Response») => {
          const raw = Buffer.from(req.cookies.profile || '', 'base64').toString();
          const profile = serialize.unserialize(raw);
          res.json({ name: profile.name });
        });
    """, cat="deser"),
    # --------------------------------------------------------------- pattern
    T(("util", "service", "dao"), ("legacyDigest«n2»", "etagFor«E»", "md5Of«Fld»"), """
        «fn»«name»(value«:string»)«:string» {
          return crypto.createHash('md5').update(value).digest('hex');
        }
    """, cat="weak-hash"),
    T(("util", "service", "dao"), ("hashPin«W»", "sign«E»Legacy", "fingerprintSha1«n2»"), """
        «fn»«name»(pin«:string», salt«:string»)«:string» {
          return crypto.createHash('sha1').update(salt + pin).digest('base64');
        }
    """, cat="weak-hash"),
    T(("util", "service", "dao"), ("encryptLegacy«W»", "wrap«E»Secret", "scramble«Fld»"), """
        «fn»«name»(key«:Buffer», data«:Buffer»)«:Buffer» {
          const cipher = crypto.createCipheriv('des-ede3-cbc', key, Buffer.alloc(8, 0));
          return Buffer.concat([cipher.update(data), cipher.final()]);
        }
    """, cat="weak-cipher"),
    T(("util", "service", "dao"), ("tokenCipher«n2»", "encodeRef«W»", "seal«E»Ecb"), """
        «fn»«name»(key«:Buffer», ref«:string»)«:Buffer» {
          const cipher = crypto.createCipheriv('aes-128-ecb', key, null);
          return Buffer.concat([cipher.update(ref, 'utf8'), cipher.final()]);
        }
    """, cat="weak-cipher"),
    T(("util", "service"), ("resetCode«n2»", "newOtp«W»", "generate«E»ResetToken"), """
        «fn»«name»(length«:number» = «n2»)«:string» {
          const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
          let token = '';
          for (let i = 0; i < length; i += 1) {
            token += alphabet[Math.floor(Math.random() * alphabet.length)];
          }
          return token;
        }
    """, cat="weak-random"),
    T(("service",), ("reportingConnection«n2»", "openLegacyDb«W»", "warehouseConn"), """
        async «name»() {
          return mysql.createConnection({
            host: '«host»',
            user: '«e»_rw',
            password: '«sec»',
            database: '«app»',
          });
        }
    """, cat="secret"),
    T(("util", "service"), ("signInternal«W»", "serviceToken«n2»", "mint«E»Jwt"), """
        «fn»«name»(subject«:string»)«:string» {
          const signingSecret = '«sec»«key16»';
          return crypto.createHmac('sha256', signingSecret).update(subject).digest('hex');
        }
    """, cat="secret"),
    T(("service",), ("tenantOfToken«W»", "claimsUnverified«n2»", "userFromJwt"), """
        «name»(bearer«:string») {
          const token = bearer.startsWith('Bearer ') ? bearer.slice(7) : bearer;
          const claims = jwt.decode(token)«as:any»;
          return claims ? claims.tenant : null;
        }
    """, cat="jwt"),
    T(("service",), ("acceptAnyToken«n2»", "lenientVerify«W»", "verify«E»Loose"), """
        «name»(token«:string», key«:string») {
          return jwt.verify(token, key, { algorithms: ['HS256', 'none'] });
        }
    """, cat="jwt"),
    T(("express",), ("start«E»Session", "login«W»Cookie", "set«E»Session"), """
        router.post('/session', async (req«:Request», res«:Response») => {
          const sid = await «e»Service.openSession(String(req.body.user || ''));
          res.cookie('sessionId', sid, { secure: false, httpOnly: false });
          res.json({ ok: true });
        });
    """, cat="cookie"),
]
