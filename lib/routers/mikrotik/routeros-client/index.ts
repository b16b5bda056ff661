/**
 * The RouterOS API client: node-routeros 1.6.9 behind one small surface. Only this folder imports
 * node-routeros (tests/contract/dependency-boundaries.test.ts checks it); the driver sees RosConnection:
 * `open` (TCP or API-SSL with CA / pinned fingerprint / anonymous DH, login, its own connect deadline), `write`
 * (one tagged sentence, replies collected, `!trap` as a DriverError naming the command), `send` (the same
 * without a promise or rows, for the pipelined apply), `close`, `alive`, `localAddress`; every failure is a
 * DriverError. tests/contract/routeros-client.test.ts holds the contract, run against the RouterOS test peer.
 *
 * The library connects and logs in; every command after the login is ours (command-table.ts): its tag, its
 * replies (`!empty` skipped, `!trap` held until the `!done` that follows it, `=name=value` split at the second
 * `=`), one idle deadline for the connection, and every command failed when the connection ends. Its Channel
 * (an EventEmitter, a promise and listeners per command) cost more than the sentence itself in a 2,000-add
 * push; it also threw on RouterOS 7.18's `!empty` and never settled a command on a dead socket
 * (docs/routeros-facts.md §2).
 *
 * Why the library is patched (patches.ts; facts in docs/routeros-facts.md §2), and what would let each go:
 * 1. Password in debug output: the Transmitter logs every word it writes under DEBUG=routeros-api:*, the
 *    `=password=` of /login included. Its namespace is switched off whatever DEBUG says. With patch 2 a
 *    sentence written to an open socket no longer passes through the Transmitter; this guards its pool path
 *    (words queued before the socket is writable) and a future without patch 2. Drop when upstream redacts
 *    `=password=` (or stops logging words).
 * 2. Per-word writes: Connector.write encodes each word into its own Buffer and socket write (~3,000 words
 *    for a 200-rule push; with Nagle, ~40 ms a command). We write one Buffer per sentence
 *    (sentence-encoder.ts), the library's bytes exactly; the library's pool path is kept before the socket is
 *    writable. Drop when upstream writes a sentence at once.
 * 3. Receiver copying: Receiver.processRawData copies a Buffer per word, runs each through iconv, and holds a
 *    reply whose last zero byte arrives in a later segment until more bytes come. Ours (sentence-reader.ts)
 *    cuts whole sentences, reports every sentence to the connection (the idle deadline restarts on it), hands
 *    each tagged one to the connection's commands once logged in (to the library's channel during login), and
 *    ends the connection on `!fatal` as the library does. Drop with the library's receiver altogether.
 * Private state it touches besides (library-internals.ts): `api.connector` (its socket for NODELAY, TLS
 * pinning before /login, close detection; its emit, guarded against an 'error' with no listener; its receiver,
 * whose throws end the connection; its write) and the timers `connectionHoldInterval` / `keptaliveby`, cleared
 * when the connection dies because the library only clears them in its own close().
 */
export { RosConnection, type RosConnectOptions, type RosRow, type RosTls } from "./connection";
/** The node-routeros version the patches were written for; package.json pins exactly this one. */
export { PATCHED_VERSION as NODE_ROUTEROS_VERSION } from "./patches";
