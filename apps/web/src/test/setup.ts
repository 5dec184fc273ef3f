// jsdom leaves out a few browser globals that every browser the app targets has; react-router
// uses TextEncoder when it loads. Node's own implementations stand in.
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
