// A tiny authoritative DNS responder for tests: UDP on 127.0.0.1 only, port chosen by the OS.
// It answers TXT queries from a fixed zone; unknown names get NXDOMAIN.
import { createSocket } from 'node:dgram';

/** What the responder does for a name: TXT records (each a list of strings; [] = no data), or misbehaves. */
export type DnsAnswer = string[][] | 'drop' | 'servfail';

export interface DnsResponder {
  port: number;
  /** Every query name received, lower-cased, in order. */
  queries: string[];
  close(): Promise<void>;
}

const TXT = 16;

/** Starts the responder on 127.0.0.1, an OS-chosen port; `close()` stops it. */
export async function startDnsResponder(zone: Record<string, DnsAnswer>): Promise<DnsResponder> {
  const names = new Map(Object.entries(zone).map(([k, v]) => [k.toLowerCase().replace(/\.$/, ''), v]));
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg, rinfo) => {
    const q = parseQuery(msg);
    if (q === undefined) return;
    queries.push(q.name);
    const answer = names.get(q.name);
    if (answer === 'drop') return;
    const rcode = answer === undefined ? 3 : answer === 'servfail' ? 2 : 0;
    const records = Array.isArray(answer) && q.type === TXT ? answer : [];
    socket.send(buildResponse(msg, q.end, rcode, records), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port: 0, address: '127.0.0.1' }, () => resolve());
  });
  return {
    port: socket.address().port,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function parseQuery(msg: Buffer): { name: string; type: number; end: number } | undefined {
  if (msg.length < 17 || msg.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let i = 12;
  for (let n = 0; n < 128; n++) {
    const len = msg[i];
    if (len === undefined || len > 63) return undefined;
    i++;
    if (len === 0) {
      if (i + 4 > msg.length) return undefined;
      return { name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(i), end: i + 4 };
    }
    if (i + len > msg.length) return undefined;
    labels.push(msg.toString('latin1', i, i + len));
    i += len;
  }
  return undefined;
}

function buildResponse(query: Buffer, questionEnd: number, rcode: number, records: string[][]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8000 | 0x0400 | (query.readUInt16BE(2) & 0x0100) | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  const answers = records.map((strings) => {
    const rdata = Buffer.concat(
      strings.map((s) => {
        if (s.length > 255) throw new Error(`TXT string longer than 255: ${s}`);
        return Buffer.concat([Buffer.from([s.length]), Buffer.from(s, 'latin1')]);
      }),
    );
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(TXT, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}
