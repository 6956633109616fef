// barraiser web app: tools: scans and audits with one findings table.
"use strict";
