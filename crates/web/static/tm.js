// barraiser web app: threat-model studio.
"use strict";
