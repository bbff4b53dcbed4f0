// A first look at the Arrow IPC streams handed to DuckDB. duckdb-wasm does not refuse a stream that
// lacks its end-of-stream marker: it waits for more bytes and then quietly swallows the connection's next
// inserts (https://github.com/duckdb/duckdb-wasm/issues/1640). So both engines check the framing first.
// Format: https://arrow.apache.org/docs/format/Columnar.html#ipc-streaming-format

const CONTINUATION = 0xffffffff;

/** Why `bytes` is not a whole Arrow IPC stream (one that opens with a message and ends with the end-of-stream marker), or null. */
export function arrowStreamProblem(bytes: Uint8Array): string | null {
  // The smallest stream is a schema message (marker, length, metadata) followed by the 8-byte end marker.
  if (bytes.byteLength < 16) return `an Arrow IPC stream has at least 16 bytes, got ${bytes.byteLength}`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.byteLength - 8;
  if (view.getUint32(0, true) !== CONTINUATION) return 'the bytes do not start with an Arrow IPC message';
  if (view.getUint32(end, true) !== CONTINUATION || view.getUint32(end + 4, true) !== 0) {
    return 'the Arrow IPC stream is cut short: it lacks its end-of-stream marker';
  }
  return null;
}
