// barraiser web app: mock interviews.
"use strict";
