// barraiser web app: scripting drill.
"use strict";
