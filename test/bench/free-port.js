#!/usr/bin/env node
// Usage: free-port.js — prints a TCP port on 127.0.0.1 that was free a moment ago.
'use strict';

const server = require('net').createServer();
server.listen(0, '127.0.0.1', () => {
  console.log(server.address().port);
  server.close();
});
