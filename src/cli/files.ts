/**
 * Moved to `./fs/` (read, write, lock, identity, signals); this module re-exports the file
 * layer for the call sites not yet updated.
 */
export * from './fs/index.js';
