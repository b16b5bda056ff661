/**
 * How the push page previews many routers: a few requests at once (a browser keeps about six HTTP/1.1
 * connections to a server, and the batch view's polling needs one), each asking for a batch of routers that the
 * server previews concurrently. 4 requests of 16 routers keep 64 previews in flight where 4 single-router
 * requests kept 4: as many router connections as the push queue itself opens (RAMPART_PUSH_CONCURRENCY's
 * default). The bench's fleet rows measure exactly this pace. No imports: the client bundle uses it.
 */
export const PREVIEW_REQUESTS_AT_ONCE = 4;
export const PREVIEW_BATCH_SIZE = 16;
