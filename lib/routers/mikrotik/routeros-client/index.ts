/**
 * The RouterOS API client: node-routeros 1.6.9 behind one small surface. Only this folder imports
 * node-routeros (tests/contract/dependency-boundaries.test.ts checks it); the driver sees RosConnection:
 * `open` (TCP or API-SSL with CA / pinned fingerprint / anonymous DH, login, its own connect deadline), `write`
 * (one tagged sentence, replies streamed in and collected, an idle deadline per command, `!trap` as a
 * DriverError naming the command), `close`, `alive`, `localAddress`; every failure is a DriverError.
 * tests/contract/routeros-client.test.ts holds the contract, run against the RouterOS test peer.
 *
 * Why the library is patched (patches.ts; facts in docs/routeros-facts.md §2), and what would let each go:
 * 1. `!empty`: RouterOS 7.18+ answers an empty print with `!empty` then `!done`. Channel.processPacket treats
 *    it as an unknown reply and throws inside the socket's data handler, which wedges the connection. We skip
 *    it. Drop when upstream ignores `!empty` (or any unknown reply word) instead of throwing.
 * 2. Password in debug output: the Transmitter logs every word it writes under DEBUG=routeros-api:*, the
 *    `=password=` of /login included. Its namespace is switched off whatever DEBUG says. With patch 3 a
 *    sentence written to an open socket no longer passes through the Transmitter; this guards its pool path
 *    (words queued before the socket is writable) and a future without patch 3. Drop when upstream redacts
 *    `=password=` (or stops logging words).
 * 3. Per-word writes: Connector.write encodes each word into its own Buffer and socket write (~3,000 words
 *    for a 200-rule push; with Nagle, ~40 ms a command). We write one Buffer per sentence
 *    (sentence-encoder.ts), the library's bytes exactly; the library's pool path is kept before the socket is
 *    writable. Drop when upstream writes a sentence at once.
 * 4. Receiver copying: Receiver.processRawData copies a Buffer per word, runs each through iconv, and holds a
 *    reply whose last zero byte arrives in a later segment until more bytes come. Ours (sentence-reader.ts)
 *    cuts whole sentences, hands each to its tag's channel as soon as it is complete, reports every sentence
 *    to the connection (the idle deadlines restart on it), and ends the connection on `!fatal` as the
 *    library does. Drop when upstream delivers complete sentences promptly and offers a per-sentence hook.
 * 5. Attribute parsing: Channel.parsePacket splits every `=name=value` word into all its `=` pieces and joins
 *    them again. Ours splits once, same result. Drop when upstream splits at the second `=` only.
 * Private state it touches besides (library-internals.ts): `api.connector` (its socket for NODELAY, TLS
 * pinning before /login, close detection; its emit, guarded against an 'error' with no listener; its receiver,
 * whose throws end the connection) and the timers `connectionHoldInterval` / `keptaliveby`, cleared when the
 * connection dies because the library only clears them in its own close(). Drop with an upstream close on
 * socket end that settles pending commands and stops its timers.
 */
export { RosConnection, type RosConnectOptions, type RosRow, type RosTls } from "./connection";
/** The node-routeros version the patches were written for; package.json pins exactly this one. */
export { PATCHED_VERSION as NODE_ROUTEROS_VERSION } from "./patches";
