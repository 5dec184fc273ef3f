/**
 * The most a request or event may carry in one NATS message: NATS refuses payloads over its max
 * (1 MiB by default), and this leaves room for the framing and headers. Bodies the gateway passes
 * on whole (an addon export, a roster sheet) are refused above it with a 413 that says so.
 */
export const MAX_MESSAGE_BYTES = 900 * 1024;
